package dev.nabla.runtime.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {
    /** n examples whose only feature is their row number, labelled row % 3. */
    static Dataset numbered(int n) {
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = new float[] {i};
            y[i] = i % 3;
        }
        return Dataset.classification(x, new String[] {"row"}, y, List.of("a", "b", "c"));
    }

    static int[] rowsOf(Dataset d) {
        int[] rows = new int[d.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = (int) d.features()[i][0];
        return rows;
    }

    @Test
    void selectTakesRowsInTheGivenOrderWithTheirTargets() {
        Dataset d = numbered(5).select(new int[] {4, 0, 4});
        assertArrayEquals(new int[] {4, 0, 4}, rowsOf(d));
        assertArrayEquals(new int[] {1, 0, 1}, d.labels());
        assertEquals(List.of("a", "b", "c"), d.classNames());
        assertNotSame(d.features()[0], d.features()[2]);   // rows are copied
    }

    @Test
    void selectOutOfRange() {
        assertThrows(IndexOutOfBoundsException.class, () -> numbered(3).select(new int[] {3}));
    }

    @Test
    void selectKeepsRegressionTargets() {
        Dataset d = Dataset.regression(new float[][] {{1}, {2}}, new String[] {"x"}, new float[][] {{10, 11}, {20, 21}});
        Dataset s = d.select(new int[] {1});
        assertArrayEquals(new float[] {20, 21}, s.targets()[0]);
        assertEquals(2, s.targetWidth());
    }

    @Test
    void splitIsFixedBySeed() {
        // java.util.Random is specified by the JLS, so this split is the same on every platform.
        Dataset.Split s = numbered(10).split(0.3, 42);
        assertArrayEquals(new int[] {4, 6, 2}, rowsOf(s.validation()));
        assertArrayEquals(new int[] {1, 7, 9, 8, 5, 3, 0}, rowsOf(s.train()));
    }

    @Test
    void splitSizesRound() {
        assertEquals(1, numbered(5).split(0.1, 1).validation().size());   // round(0.5) = 1
        assertEquals(0, numbered(5).split(0.09, 1).validation().size());
        assertEquals(0, numbered(5).split(0, 1).validation().size());
        assertEquals(5, numbered(5).split(1, 1).validation().size());
        assertEquals(0, numbered(0).split(0.5, 1).train().size());
    }

    @Test
    void splitRejectsABadFraction() {
        assertThrows(IllegalArgumentException.class, () -> numbered(5).split(-0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> numbered(5).split(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> numbered(5).split(Double.NaN, 1));
    }

    @Test
    void factoriesCheckShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.unlabeled(new float[][] {{1, 2}}, new String[] {"x"}));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(new float[][] {{1}}, new String[] {"x"}, new int[] {3}, List.of("a", "b")));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(new float[][] {{1}}, new String[] {"x"}, new int[] {0, 1}, List.of("a", "b")));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(new float[][] {{1}}, new String[] {"x"}, new int[] {0}, List.of("a", "a")));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.regression(new float[][] {{1}, {2}}, new String[] {"x"}, new float[][] {{1}, {2, 3}}));
    }

    @Test
    void accessorsForEachTargetKind() {
        Dataset unlabeled = Dataset.unlabeled(new float[][] {{1}}, new String[] {"x"});
        assertEquals(0, unlabeled.targetWidth());
        assertTrue(unlabeled.classNames().isEmpty());
        assertThrows(IllegalStateException.class, unlabeled::labels);
        assertThrows(IllegalStateException.class, unlabeled::targets);
        assertEquals("Dataset[1 examples × 1 features, no target]", unlabeled.toString());
        assertEquals("Dataset[4 examples × 1 features, classification into 3 classes]", numbered(4).toString());
    }
}
