package dev.nabla.runtime.kernels;

import java.util.Arrays;

/**
 * The plain-Java kernels: the fallback when the Vector API is absent, and the reference the vector
 * kernels are tested against. Matrix products use the loop shapes that C2 auto-vectorises (innermost
 * {@code c[j] += a * b[j]} over zero-offset rows, four rows sharing each load); transcendental functions
 * call {@link Math} in double precision and round once, exactly as generated code spells them inline.
 */
final class PlainKernels implements KernelProvider {
    static final PlainKernels INSTANCE = new PlainKernels();

    private final String description;

    PlainKernels() { this("plain"); }

    PlainKernels(String description) { this.description = description; }

    @Override public String description() { return description; }

    @Override public int lanes() { return 1; }

    @Override public void nn(float[][] a, float[][] b, float[][] c, int m, int k, int n) { nnRows(a, b, c, m, k, n); }

    @Override public void tn(float[][] a, float[][] b, float[][] c, int m, int k, int n, float scale, float beta) {
        tnRows(a, b, c, m, k, n, scale, beta);
    }

    /** {@code C = A B}: i-k-j with four rows of C per pass over a row of B. */
    static void nnRows(float[][] a, float[][] b, float[][] c, int m, int k, int n) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
            float[] a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
            Arrays.fill(c0, 0, n, 0f);
            Arrays.fill(c1, 0, n, 0f);
            Arrays.fill(c2, 0, n, 0f);
            Arrays.fill(c3, 0, n, 0f);
            for (int p = 0; p < k; p++) {
                float v0 = a0[p], v1 = a1[p], v2 = a2[p], v3 = a3[p];
                float[] bp = b[p];
                for (int j = 0; j < n; j++) {
                    float bv = bp[j];
                    c0[j] += v0 * bv;
                    c1[j] += v1 * bv;
                    c2[j] += v2 * bv;
                    c3[j] += v3 * bv;
                }
            }
        }
        for (; i < m; i++) {
            float[] ci = c[i], ai = a[i];
            Arrays.fill(ci, 0, n, 0f);
            for (int p = 0; p < k; p++) {
                float v = ai[p];
                float[] bp = b[p];
                for (int j = 0; j < n; j++) ci[j] += v * bp[j];
            }
        }
    }

    /** {@code C = scale A^T B + beta C}: four rows of C per pass over a row of B, contraction over rows. */
    static void tnRows(float[][] a, float[][] b, float[][] c, int m, int k, int n, float scale, float beta) {
        if (beta == 0f) {
            for (int i = 0; i < m; i++) Arrays.fill(c[i], 0, n, 0f);
        } else if (beta != 1f) {
            for (int i = 0; i < m; i++) {
                float[] ci = c[i];
                for (int j = 0; j < n; j++) ci[j] *= beta;
            }
        }
        int i = 0;
        for (; i + 3 < m; i += 4) {
            float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
            for (int p = 0; p < k; p++) {
                float[] ap = a[p];
                float v0 = scale * ap[i], v1 = scale * ap[i + 1], v2 = scale * ap[i + 2], v3 = scale * ap[i + 3];
                float[] bp = b[p];
                for (int j = 0; j < n; j++) {
                    float bv = bp[j];
                    c0[j] += v0 * bv;
                    c1[j] += v1 * bv;
                    c2[j] += v2 * bv;
                    c3[j] += v3 * bv;
                }
            }
        }
        for (; i < m; i++) {
            float[] ci = c[i];
            for (int p = 0; p < k; p++) {
                float v = scale * a[p][i];
                float[] bp = b[p];
                for (int j = 0; j < n; j++) ci[j] += v * bp[j];
            }
        }
    }

    // ---- elementwise: the same expressions generated code writes inline ----

    @Override public void exp(float[] in, float[] out, int n) { exp(in, out, 0, n); }

    @Override public void log(float[] in, float[] out, int n) { log(in, out, 0, n); }

    @Override public void tanh(float[] in, float[] out, int n) { tanh(in, out, 0, n); }

    @Override public void sigmoid(float[] in, float[] out, int n) { sigmoid(in, out, 0, n); }

    @Override public void swish(float[] in, float[] out, int n) { swish(in, out, 0, n); }

    static void exp(float[] in, float[] out, int from, int to) {
        for (int j = from; j < to; j++) out[j] = (float) Math.exp(in[j]);
    }

    static void log(float[] in, float[] out, int from, int to) {
        for (int j = from; j < to; j++) out[j] = (float) Math.log(in[j]);
    }

    static void tanh(float[] in, float[] out, int from, int to) {
        for (int j = from; j < to; j++) out[j] = (float) Math.tanh(in[j]);
    }

    static void sigmoid(float[] in, float[] out, int from, int to) {
        for (int j = from; j < to; j++) out[j] = 1f / (1f + (float) Math.exp(-in[j]));
    }

    static void swish(float[] in, float[] out, int from, int to) {
        for (int j = from; j < to; j++) {
            float x = in[j];
            out[j] = x * (1f / (1f + (float) Math.exp(-x)));
        }
    }
}
