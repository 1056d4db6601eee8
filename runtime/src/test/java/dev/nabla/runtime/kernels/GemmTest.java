package dev.nabla.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix products of every implementation against a double-precision reference, on sizes around the
 * vector length (tails, single rows and columns), sizes that cross the contraction block, and the B2
 * layer shapes. The error bound is the classical one for a sum of k products,
 * |c - ref| &lt;= (k + 2) u sum|a||b| with u = 2^-24; the largest error seen relative to u sum|a||b| is
 * printed.
 */
class GemmTest {
    private static final int V = Impls.V;
    private static final float PAD = 12345.5f;
    private static final double U = Math.ulp(1f) / 2;
    private static final java.util.Map<String, Double> WORST = new java.util.TreeMap<>();

    static List<Named<KernelProvider>> impls() { return Impls.all(); }

    /** (m, k, n) triples: edges around V and 4V, contraction blocks, and random sizes up to a few hundred. */
    static List<int[]> shapes() {
        int[] dims = {1, 2, 3, 4, 5, 7, V / 2, V / 2 + 2, V - 1, V, V + 1, 2 * V + 3, 4 * V - 1, 4 * V, 4 * V + 1, 5 * V + 7, 8 * V + 3};
        List<int[]> s = new ArrayList<>();
        Random r = new Random(42);
        for (int i = 0; i < 60; i++) s.add(new int[] {pick(r, dims), pick(r, dims), pick(r, dims)});
        for (int i = 0; i < 15; i++) s.add(new int[] {1 + r.nextInt(300), 1 + r.nextInt(300), 1 + r.nextInt(300)});
        s.add(new int[] {1, 1, 1});
        s.add(new int[] {4, 300, 4 * V});
        s.add(new int[] {9, 2 * 128 + 5, 4 * V + 5});
        s.add(new int[] {128, 784, 256});
        s.add(new int[] {128, 256, 128});
        s.add(new int[] {128, 128, 10});
        s.add(new int[] {128, 10, 128});
        return s;
    }

    private static int pick(Random r, int[] d) { return d[r.nextInt(d.length)]; }

    /** A [rows][cols] matrix in [-1, 1) in rows padded with PAD, plus one extra row of PAD. */
    static float[][] matrix(Random r, int rows, int cols) {
        float[][] x = new float[rows + 1][];
        for (int i = 0; i <= rows; i++) {
            x[i] = new float[cols + r.nextInt(4)];
            Arrays.fill(x[i], PAD);
            if (i < rows) for (int j = 0; j < cols; j++) x[i][j] = 2 * r.nextFloat() - 1;
        }
        return x;
    }

    @ParameterizedTest(name = "{0}") @MethodSource("impls")
    void nnMatchesReference(KernelProvider impl) {
        Random r = new Random(1);
        for (int[] s : shapes()) {
            int m = s[0], k = s[1], n = s[2];
            float[][] a = matrix(r, m, k), b = matrix(r, k, n), c = matrix(r, m, n);
            for (int i = 0; i < m; i++) Arrays.fill(c[i], 0, n, Float.NaN); // overwritten, never read
            impl.nn(a, b, c, m, k, n);
            check("nn", impl, c, m, n, k, (i, j) -> {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[i][p] * b[p][j];
                    abs += Math.abs((double) a[i][p] * b[p][j]);
                }
                return new double[] {sum, abs};
            });
        }
    }

    @ParameterizedTest(name = "{0}") @MethodSource("impls")
    void tnMatchesReferenceWithScaleAndBeta(KernelProvider impl) {
        Random r = new Random(3);
        float[][] scaleBeta = {{1f, 0f}, {-0.01f, 1f}, {0.5f, 0.9f}, {2f, -1.5f}};
        int t = 0;
        for (int[] s : shapes()) {
            int m = s[0], k = s[1], n = s[2];
            float scale = scaleBeta[t % 4][0], beta = scaleBeta[t % 4][1];
            t++;
            float[][] a = matrix(r, k, m), b = matrix(r, k, n), c = matrix(r, m, n);
            if (beta == 0f) for (int i = 0; i < m; i++) Arrays.fill(c[i], 0, n, Float.NaN); // beta 0 never reads C
            float[][] c0 = new float[m][];
            for (int i = 0; i < m; i++) c0[i] = c[i].clone();
            impl.tn(a, b, c, m, k, n, scale, beta);
            check("tn", impl, c, m, n, k, (i, j) -> {
                double sum = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[p][i] * b[p][j];
                    abs += Math.abs((double) a[p][i] * b[p][j]);
                }
                double old = beta == 0f ? 0 : (double) beta * c0[i][j];
                return new double[] {scale * sum + old, Math.abs(scale) * abs + Math.abs(old)};
            });
        }
    }

    @ParameterizedTest(name = "{0}") @MethodSource("impls")
    void emptyContraction(KernelProvider impl) {
        Random r = new Random(4);
        int m = 5, n = 2 * V + 3;
        float[][] a = matrix(r, m, 0), b = matrix(r, 0, n), c = matrix(r, m, n);
        impl.nn(a, b, c, m, 0, n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) assertEquals(0f, c[i][j]);
        c = matrix(r, m, n);
        float before = c[1][2];
        impl.tn(b, b, c, m, 0, n, 1f, 0.5f);
        assertEquals(0.5f * before, c[1][2]);
        impl.tn(b, b, c, m, 0, n, 1f, 0f);
        assertEquals(0f, c[1][2]);
    }

    @ParameterizedTest(name = "{0}") @MethodSource("impls")
    void nanAndInfinityPropagate(KernelProvider impl) {
        Random r = new Random(5);
        int m = 6, k = 2 * V + 5, n = 4 * V + 3;
        float[][] a = matrix(r, m, k), b = matrix(r, k, n), c = matrix(r, m, n);
        a[2][k - 1] = Float.NaN;
        b[3][n - 1] = Float.POSITIVE_INFINITY;
        impl.nn(a, b, c, m, k, n);
        for (int j = 0; j < n; j++) assertTrue(Float.isNaN(c[2][j]), "row with a NaN, column " + j);
        for (int i = 0; i < m; i++) {
            if (i != 2) assertTrue(Float.isInfinite(c[i][n - 1]) || Float.isNaN(c[i][n - 1]), "column with inf");
            if (i != 2) assertTrue(Float.isFinite(c[i][0]));
        }
    }

    @Test void transposeMatchesDefinition() {
        Random r = new Random(6);
        for (int[] s : new int[][] {{1, 1}, {3, 17}, {8, 8}, {9, 31}, {256, 784}, {10, 128}, {17, 5}}) {
            int rows = s[0], cols = s[1];
            float[][] src = matrix(r, rows, cols), dst = matrix(r, cols, rows);
            Gemm.transpose(src, dst, rows, cols);
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) assertEquals(src[i][j], dst[j][i]);
            for (int j = 0; j < cols; j++) for (int i = rows; i < dst[j].length; i++) assertEquals(PAD, dst[j][i]);
        }
    }

    interface Ref { double[] at(int i, int j); }

    private static void check(String op, KernelProvider impl, float[][] c, int m, int n, int k, Ref ref) {
        double worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double[] e = ref.at(i, j);
                double err = Math.abs(c[i][j] - e[0]);
                double bound = (k + 2) * U * e[1] + Float.MIN_NORMAL;
                if (!(err <= bound)) {
                    fail(op + " " + impl.description() + " m=" + m + " k=" + k + " n=" + n + " at [" + i + "][" + j
                            + "]: " + c[i][j] + " vs " + e[0] + " (bound " + bound + ")");
                }
                if (e[1] > 0) worst = Math.max(worst, err / (U * e[1]));
            }
            for (int j = n; j < c[i].length; j++) {
                if (c[i][j] != PAD) fail(op + " " + impl.description() + " wrote past column n at [" + i + "][" + j + "]");
            }
        }
        for (int j = 0; j < c[m].length; j++) {
            if (c[m][j] != PAD) fail(op + " " + impl.description() + " wrote past row m");
        }
        String key = op + " " + impl.description();
        double w = worst;
        synchronized (WORST) { WORST.merge(key, w, Math::max); }
    }

    @BeforeAll static void compileTheVectorKernels() { Impls.warmUp(); }

    @AfterAll static void report() {
        WORST.forEach((key, w) -> System.out.printf("[gemm] %-60s max |err| = %.3f u sum|a||b|%n", key, w));
    }
}
