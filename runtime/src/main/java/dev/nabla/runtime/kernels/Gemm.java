package dev.nabla.runtime.kernels;

/**
 * Matrix products over row arrays ({@code float[rows][cols]}), in the loop shapes that the JIT turns
 * into vector code: the innermost loop is always {@code c[j] += a * b[j]} over rows indexed from zero,
 * with four rows sharing each load. Generated models call these for {@code @}. A transposed right-hand
 * operand is first copied into a transposed scratch matrix (cheap next to the product), so every product
 * runs in one of the two fast shapes.
 */
public final class Gemm {
    private Gemm() {}

    /** {@code C[0..m)[0..n) = A[0..m)[0..k) B[0..k)[0..n)}. */
    public static void nn(float[][] a, float[][] b, float[][] c, int m, int k, int n) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
            float[] a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
            java.util.Arrays.fill(c0, 0, n, 0f);
            java.util.Arrays.fill(c1, 0, n, 0f);
            java.util.Arrays.fill(c2, 0, n, 0f);
            java.util.Arrays.fill(c3, 0, n, 0f);
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
            java.util.Arrays.fill(ci, 0, n, 0f);
            for (int p = 0; p < k; p++) {
                float v = ai[p];
                float[] bp = b[p];
                for (int j = 0; j < n; j++) ci[j] += v * bp[j];
            }
        }
    }

    /**
     * {@code C = scale * A^T B + beta * C} with A {@code [k][m]} and B {@code [k][n]}: the contraction runs
     * over rows (the batch, for weight gradients). With beta 0, C is overwritten.
     */
    public static void tn(float[][] a, float[][] b, float[][] c, int m, int k, int n, float scale, float beta) {
        if (beta == 0f) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c[i], 0, n, 0f);
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

    /** {@code T[0..cols)[0..rows) = S[0..rows)[0..cols)} transposed. */
    public static void transpose(float[][] s, float[][] t, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            float[] sr = s[r];
            for (int c = 0; c < cols; c++) t[c][r] = sr[c];
        }
    }
}
