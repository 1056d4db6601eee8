package dev.nabla.runtime.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.nabla.runtime.data.Fixtures.assertDataError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loaders on the real public datasets in {@code shared/datasets} beside the repository (not part of
 * it): skipped when that folder is absent.
 */
class PublicDatasetsTest {
    private Path datasets;

    @BeforeEach
    void locate() {
        datasets = Fixtures.sharedDatasets();
        Assumptions.assumeTrue(Files.isDirectory(datasets), "no shared/datasets folder beside the repository");
    }

    @Test
    void iris() throws DataException {
        CsvLoader.Result r = CsvLoader.load(datasets.resolve("iris.csv"), CsvOptions.builder().label("species").build());
        Dataset d = r.dataset();
        assertEquals(150, d.size());
        assertArrayEquals(new String[] {"sepal_length", "sepal_width", "petal_length", "petal_width"}, d.featureNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {50, 50, 50}, counts(d.labels(), 3));
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, d.features()[0]);

        Dataset.Split s = d.split(0.2, 7);
        assertEquals(30, s.validation().size());
        assertEquals(120, s.train().size());
        Standardizer std = Standardizer.fit(s.train());
        Dataset train = std.apply(s.train());
        for (int j = 0; j < 4; j++) {
            double sum = 0;
            double squares = 0;
            for (float[] row : train.features()) {
                sum += row[j];
                squares += row[j] * row[j];
            }
            assertEquals(0, sum / train.size(), 1e-5);
            assertEquals(1, squares / train.size(), 1e-4);
        }
    }

    @Test
    void penguinsWithMissingValues() throws DataException {
        Path file = datasets.resolve("penguins.csv");
        CsvOptions options = CsvOptions.builder().label("species").categorical("island", "sex").build();
        assertDataError("penguins.csv:5:3: column 'bill_length_mm': missing value (empty field); "
                + "to drop rows with missing values instead, use --on-missing drop (on_missing drop in a train block, MissingPolicy.DROP in Java)", () -> CsvLoader.load(file, options));

        CsvLoader.Result r = CsvLoader.load(file, options.toBuilder().onMissing(MissingPolicy.DROP).build());
        assertEquals(11, r.droppedRows());   // 2 rows with no measurements, 9 more without sex
        Dataset d = r.dataset();
        assertEquals(333, d.size());
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), d.classNames());
        assertArrayEquals(new String[] {"island=Biscoe", "island=Dream", "island=Torgersen", "bill_length_mm",
                "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex=FEMALE", "sex=MALE"}, d.featureNames());
        for (float[] row : d.features()) {
            assertEquals(1f, row[0] + row[1] + row[2]);
            assertEquals(1f, row[7] + row[8]);
        }

        // Without the sex column only the 2 rows lacking every measurement are dropped.
        CsvLoader.Result noSex = CsvLoader.load(file, CsvOptions.builder().label("species")
                .features("island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
                .categorical("island").onMissing(MissingPolicy.DROP).build());
        assertEquals(2, noSex.droppedRows());
        assertEquals(342, noSex.dataset().size());

        // The encoding read back from JSON encodes the same file identically.
        Encoding encoding = Encoding.fromJson(r.encoding().toJson());
        Dataset again = CsvLoader.load(file, CsvOptions.builder().label("species").onMissing(MissingPolicy.DROP).build(),
                encoding).dataset();
        assertTrue(Arrays.deepEquals(d.features(), again.features()));
        assertArrayEquals(d.labels(), again.labels());
    }

    @Test
    void mnistTestSet() throws DataException {
        Dataset d = IdxLoader.loadMnist(datasets.resolve("mnist-t10k-images-idx3-ubyte.gz"),
                datasets.resolve("mnist-t10k-labels-idx1-ubyte.gz"));
        assertEquals(10_000, d.size());
        assertEquals(784, d.featureCount());
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9}, Arrays.copyOf(d.labels(), 8));
        int[] counts = counts(d.labels(), 10);
        assertEquals(10_000, Arrays.stream(counts).sum());
        for (int c : counts) assertTrue(c > 800 && c < 1200, Arrays.toString(counts));
        float min = 1;
        float max = 0;
        for (float[] image : d.features()) {
            for (float p : image) {
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    private static int[] counts(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int l : labels) counts[l]++;
        return counts;
    }
}
