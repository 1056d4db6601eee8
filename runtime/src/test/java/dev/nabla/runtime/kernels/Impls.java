package dev.nabla.runtime.kernels;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Named;

/** The implementations kernel tests run against: plain, vector (when the module is present) and the façades. */
final class Impls {
    private Impls() {}

    static final KernelProvider PLAIN = Kernels.plain();
    static final KernelProvider VECTOR = Kernels.vectorOrNull();
    /** The vector length the tails are chosen around (16 floats on AVX-512 when there is no module). */
    static final int V = VECTOR == null ? 16 : VECTOR.lanes();

    /** What generated code calls: {@link Gemm} and {@link Elementwise}, whichever implementation is active. */
    static final KernelProvider FACADE = new KernelProvider() {
        @Override public String description() { return "facade -> " + Kernels.implementation(); }
        @Override public int lanes() { return Kernels.vectorLanes(); }
        @Override public void nn(float[][] a, float[][] b, float[][] c, int m, int k, int n) { Gemm.nn(a, b, c, m, k, n); }
        @Override public void tn(float[][] a, float[][] b, float[][] c, int m, int k, int n, float scale, float beta) {
            Gemm.tn(a, b, c, m, k, n, scale, beta);
        }
        @Override public void exp(float[] in, float[] out, int n) { Elementwise.exp(in, out, n); }
        @Override public void log(float[] in, float[] out, int n) { Elementwise.log(in, out, n); }
        @Override public void tanh(float[] in, float[] out, int n) { Elementwise.tanh(in, out, n); }
        @Override public void sigmoid(float[] in, float[] out, int n) { Elementwise.sigmoid(in, out, n); }
        @Override public void swish(float[] in, float[] out, int n) { Elementwise.swish(in, out, n); }
    };

    private static boolean warm;

    /**
     * Runs every vector code path (all tiles, tails, the narrow path, the second contraction block, every
     * elementwise function, in place and not) until C2 has compiled it, so that tests check the compiled
     * code ({@link ExecutionModeDeterminismTest} compares it with interpreted code).
     */
    static synchronized void warmUp() {
        if (warm || VECTOR == null) return;
        warm = true;
        java.util.Random r = new java.util.Random(9);
        int[][] shapes = {{6, 137, 4 * V + V + 3}, {5, 9, V / 2 + 2}, {5, 20, V}};
        long deadline = System.nanoTime() + 6_000_000_000L;
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            float[][] a = GemmTest.matrix(r, m, k), b = GemmTest.matrix(r, k, n), c = new float[m][n];
            float[][] at = GemmTest.matrix(r, k, m);
            for (int i = 0; i < 3000 && System.nanoTime() < deadline; i++) {
                VECTOR.nn(a, b, c, m, k, n);
                VECTOR.tn(at, b, c, m, k, n, 0.5f, i % 2 == 0 ? 0f : 0.75f);
            }
        }
        float[] x = new float[4 * V + 3], y = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = 0.5f + r.nextFloat();
        for (int i = 0; i < 20_000 && System.nanoTime() < deadline + 2_000_000_000L; i++) {
            int n = i % 2 == 0 ? x.length : 2 * V;
            float[] out = i % 4 == 1 ? x : y; // in place: the last vector's input goes through scratch
            VECTOR.exp(x, out, n);
            VECTOR.log(x, out, n);
            VECTOR.tanh(x, out, n);
            VECTOR.sigmoid(x, out, n);
            VECTOR.swish(x, out, n);
            if (out == x) for (int j = 0; j < x.length; j++) x[j] = 0.5f + r.nextFloat();
        }
    }

    static List<Named<KernelProvider>> all() {
        List<Named<KernelProvider>> l = new ArrayList<>();
        l.add(Named.of("plain", PLAIN));
        if (VECTOR != null) l.add(Named.of("vector", VECTOR));
        l.add(Named.of("facade", FACADE));
        return l;
    }
}
