package dev.nabla.runtime.data;

import org.junit.jupiter.api.Test;

import static dev.nabla.runtime.data.Fixtures.assertDataError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardizerTest {
    private static Dataset data(float[][] x) {
        return Dataset.unlabeled(x, new String[] {"a", "b"});
    }

    @Test
    void populationStatisticsAndConstantFeature() {
        Standardizer s = Standardizer.fit(data(new float[][] {{1, 5}, {3, 5}, {5, 5}, {7, 5}}));
        assertArrayEquals(new double[] {4, 5}, s.mean());
        assertArrayEquals(new double[] {Math.sqrt(5), 1}, s.std());   // population std: sqrt(20/4); constant → 1
        assertArrayEquals(new float[] {(float) (-3 / Math.sqrt(5)), 0}, s.apply(new float[] {1, 5}));
    }

    @Test
    void validationIsScaledWithTrainingStatisticsOnly() {
        Dataset all = data(new float[][] {{0, 0}, {2, 10}, {100, 1000}, {300, 3000}});
        Dataset train = all.select(new int[] {0, 1});
        Dataset validation = all.select(new int[] {2, 3});
        Standardizer s = Standardizer.fit(train);   // mean (1, 5), std (1, 5)
        Dataset v = s.apply(validation);
        assertArrayEquals(new float[] {99, 199}, v.features()[0]);
        assertArrayEquals(new float[] {299, 599}, v.features()[1]);
        assertArrayEquals(new float[] {100, 1000}, validation.features()[0]);   // input untouched
    }

    @Test
    void applyKeepsTheTarget() throws DataException {
        Dataset d = CsvLoader.load(Fixtures.path("flowers.csv"), CsvOptions.builder().label("species").build()).dataset();
        Dataset z = Standardizer.fit(d).apply(d);
        assertArrayEquals(d.labels(), z.labels());
        assertEquals(d.classNames(), z.classNames());
        assertArrayEquals(d.featureNames(), z.featureNames());
        for (int j = 0; j < z.featureCount(); j++) {
            double sum = 0;
            for (float[] row : z.features()) sum += row[j];
            assertTrue(Math.abs(sum / z.size()) < 1e-5);
        }
    }

    @Test
    void widthMismatchAndEmptyFit() {
        Standardizer s = Standardizer.fit(data(new float[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> s.apply(new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(data(new float[0][])));
    }

    @Test
    void jsonRoundTripIsExact() throws DataException {
        Standardizer s = Standardizer.fit(data(new float[][] {{0.1f, 2}, {0.7f, -3}, {1.3f, 8}}));
        Standardizer back = Standardizer.fromJson(s.toJson());
        assertArrayEquals(s.mean(), back.mean());
        assertArrayEquals(s.std(), back.std());
        assertEquals("{\"version\":1,\"mean\":[4.0,5.0],\"std\":[1.0,1.0]}",
                Standardizer.fit(data(new float[][] {{4, 5}})).toJson());
    }

    @Test
    void badJson() {
        assertDataError("standardizer JSON: empty text, expected a JSON object", () -> Standardizer.fromJson(" "));
        assertDataError("standardizer JSON: needs both 'mean' and 'std'",
                () -> Standardizer.fromJson("{\"version\":1,\"mean\":[1]}"));
        assertDataError("standardizer JSON: 1 means but 2 standard deviations",
                () -> Standardizer.fromJson("{\"version\":1,\"mean\":[1],\"std\":[1,2]}"));
        assertDataError("standardizer JSON: feature 0: mean 1.0, std 0.0 (need a finite mean and a positive finite std)",
                () -> Standardizer.fromJson("{\"version\":1,\"mean\":[1],\"std\":[0]}"));
        assertDataError("standardizer JSON: unsupported version 2, expected 1",
                () -> Standardizer.fromJson("{\"version\":2,\"mean\":[1],\"std\":[1]}"));
        DataException e = assertThrows(DataException.class, () -> Standardizer.fromJson("{\"mean\": [1,"));
        assertTrue(e.getMessage().startsWith("standardizer JSON: not valid JSON for this object ("), e.getMessage());
    }
}
