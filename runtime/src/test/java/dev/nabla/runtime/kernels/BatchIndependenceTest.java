package dev.nabla.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A row of a matrix product depends only on its own row of A (and on B), bit for bit: computed alone, or
 * at any position of a batch of 1 to 9 rows whose other rows hold other values, it gives the same bits.
 * Generated models compute {@code W @ x} for a batch as {@code Gemm.nn(x, W^T, out, batch, k, n)}, so
 * this is what makes a prediction independent of the batch it is part of. Checked for the plain kernels
 * and, when {@code jdk.incubator.vector} is present, for the Vector API kernels, on output widths below,
 * at and above the vector length, the narrow products, and contractions longer than one block.
 */
class BatchIndependenceTest {
    private static final int V = Impls.V;
    /** The contraction block of the vector kernels (VectorKernels.KC), written out so the class is not loaded without its module. */
    private static final int KC = 128;

    /** (k, n) pairs: every path of nn (plain narrow, vector narrow, full tiles, edge tiles, overlapping tails). */
    private static List<int[]> shapes() {
        int[] ns = {1, 3, 4, 5, 7, V / 2, V / 2 + 3, V - 1, V, V + 1, 2 * V + 3, 4 * V - 1, 4 * V, 4 * V + 1, 5 * V + 7, 9 * V + 2};
        int[] ks = {1, 2, 7, 20, KC + 5, 2 * KC + 3};
        List<int[]> s = new ArrayList<>();
        for (int n : ns) for (int k : ks) s.add(new int[] {k, n});
        return s;
    }

    @Test
    void plainKernelsGiveEachRowTheSameBitsInAnyBatch() {
        checkRowIndependence(Impls.PLAIN);
    }

    @Test
    void vectorKernelsGiveEachRowTheSameBitsInAnyBatch() {
        assumeTrue(Impls.VECTOR != null, "the Vector API kernels need the module jdk.incubator.vector, which this JVM lacks");
        checkRowIndependence(Impls.VECTOR);
    }

    @Test
    void activeKernelsGiveEachRowTheSameBitsInAnyBatch() {
        checkRowIndependence(Impls.FACADE);
    }

    /** The fix is not vacuous: the shapes above do reach the narrow path with fewer than 4 rows. */
    @Test
    void fewRowsOfANarrowProductUseFusedMultiplyAddsLikeTheTiles() {
        assumeTrue(Impls.VECTOR != null, "the Vector API kernels need the module jdk.incubator.vector, which this JVM lacks");
        Random r = new Random(3);
        int k = 37, n = Math.max(5, V / 2 + 1);
        float[][] b = GemmTest.matrix(r, k, n);
        float[][] a4 = GemmTest.matrix(r, 4, k);
        float[][] c4 = new float[4][n], c1 = new float[1][n];
        Impls.VECTOR.nn(a4, b, c4, 4, k, n);
        Impls.VECTOR.nn(new float[][] {a4[2]}, b, c1, 1, k, n);
        for (int j = 0; j < n; j++) {
            assertEquals(Float.floatToRawIntBits(c4[2][j]), Float.floatToRawIntBits(c1[0][j]), "column " + j);
        }
    }

    private static void checkRowIndependence(KernelProvider impl) {
        Random r = new Random(17);
        int checked = 0;
        for (int[] s : shapes()) {
            int k = s[0], n = s[1];
            float[][] b = GemmTest.matrix(r, k, n);
            float[] row = new float[k];
            for (int p = 0; p < k; p++) row[p] = 2 * r.nextFloat() - 1;
            float[][] alone = new float[1][n];
            impl.nn(new float[][] {row}, b, alone, 1, k, n);
            for (int m = 1; m <= 9; m++) {
                for (int pos = 0; pos < m; pos++) {
                    float[][] a = GemmTest.matrix(r, m, k); // other rows: other values
                    System.arraycopy(row, 0, a[pos], 0, k);
                    float[][] c = new float[m][n];
                    impl.nn(a, b, c, m, k, n);
                    for (int j = 0; j < n; j++) {
                        if (Float.floatToRawIntBits(c[pos][j]) != Float.floatToRawIntBits(alone[0][j])) {
                            fail(impl.description() + ": k=" + k + " n=" + n + ": row " + pos + " of a batch of " + m
                                    + ", column " + j + ": " + c[pos][j] + " but " + alone[0][j] + " alone");
                        }
                    }
                    checked++;
                }
            }
        }
        assertEquals(shapes().size() * 45, checked, "every shape, batch size and position was checked");
    }
}
