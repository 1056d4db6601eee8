package dev.nabla.runtime.data;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;
import java.util.stream.IntStream;

import static dev.nabla.runtime.data.DatasetTest.numbered;
import static dev.nabla.runtime.data.DatasetTest.rowsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DatasetSplitPropertiesTest {
    @Property
    void validationSizeIsRoundedFraction(@ForAll @IntRange(min = 0, max = 300) int n,
                                         @ForAll @DoubleRange(min = 0, max = 1) double fraction,
                                         @ForAll long seed) {
        Dataset.Split s = numbered(n).split(fraction, seed);
        assertEquals(Math.round(n * fraction), s.validation().size());
        assertEquals(n, s.train().size() + s.validation().size());
    }

    @Property
    void trainAndValidationAreDisjointAndCoverEveryRow(@ForAll @IntRange(min = 0, max = 300) int n,
                                                       @ForAll @DoubleRange(min = 0, max = 1) double fraction,
                                                       @ForAll long seed) {
        Dataset.Split s = numbered(n).split(fraction, seed);
        int[] all = IntStream.concat(Arrays.stream(rowsOf(s.train())), Arrays.stream(rowsOf(s.validation())))
                .sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all);
    }

    @Property
    void sameSeedSameSplit(@ForAll @IntRange(min = 0, max = 300) int n,
                           @ForAll @DoubleRange(min = 0, max = 1) double fraction,
                           @ForAll long seed) {
        Dataset d = numbered(n);
        Dataset.Split a = d.split(fraction, seed);
        Dataset.Split b = d.split(fraction, seed);
        assertArrayEquals(rowsOf(a.train()), rowsOf(b.train()));
        assertArrayEquals(rowsOf(a.validation()), rowsOf(b.validation()));
    }

    @Property
    void labelsFollowTheirRows(@ForAll @IntRange(min = 0, max = 100) int n, @ForAll long seed) {
        Dataset.Split s = numbered(n).split(0.5, seed);
        for (Dataset part : new Dataset[] {s.train(), s.validation()}) {
            int[] rows = rowsOf(part);
            for (int i = 0; i < rows.length; i++) assertEquals(rows[i] % 3, part.labels()[i]);
        }
    }
}
