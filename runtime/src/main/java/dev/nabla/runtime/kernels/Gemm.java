package dev.nabla.runtime.kernels;

/**
 * Matrix products over row arrays ({@code float[rows][cols]}), called by generated models for
 * {@code @}. Each method dispatches to the implementation {@link Kernels} chose once per JVM: Vector API
 * register-tiled micro-kernels when {@code jdk.incubator.vector} is available, otherwise plain loops in
 * the shapes C2 auto-vectorises. Both give the same results within float rounding (the vector kernels
 * accumulate with fused multiply-adds, in blocks of the contraction index).
 *
 * <p>Only the leading {@code [0..rows)[0..cols)} part of each array named by the sizes is read or
 * written; rows may be longer. The output must not share rows with an input. Safe to call from several
 * threads on different outputs (the vector kernels keep a small per-thread scratch array for products
 * narrower than a vector).
 *
 * <p>For code generators: always call these rather than inlining loops. With the vector kernels they
 * were 3-7x faster than the plain loops for every shape with at least a vector's width of columns
 * (16 floats with AVX-512), down to 16x4x16 (B1), and as fast or faster for narrower ones (10-column
 * output layer: 6x); with the plain kernels they are the loops generated code would write. The
 * vector kernels need C2 to compile them: the first few calls (about 0.5 s of a training run) are slower
 * than the plain loops.
 *
 * <p>With either implementation, row {@code i} of the result of {@link #nn} depends only on row {@code i}
 * of A and on B, bit for bit: not on the number of rows or on the other rows. A prediction for one
 * example is the same whether it is computed alone or inside a batch.
 */
public final class Gemm {
    private Gemm() {}

    /** {@code C[0..m)[0..n) = A[0..m)[0..k) B[0..k)[0..n)}. */
    public static void nn(float[][] a, float[][] b, float[][] c, int m, int k, int n) {
        Kernels.IMPL.nn(a, b, c, m, k, n);
    }

    /**
     * {@code C = scale * A^T B + beta * C} with A {@code [k][m]} and B {@code [k][n]}: the contraction runs
     * over rows (the batch, for weight gradients). With beta 0, C is overwritten (its old values, even NaN,
     * are not read).
     */
    public static void tn(float[][] a, float[][] b, float[][] c, int m, int k, int n, float scale, float beta) {
        Kernels.IMPL.tn(a, b, c, m, k, n, scale, beta);
    }

    /**
     * {@code T[0..cols)[0..rows) = S[0..rows)[0..cols)} transposed, in 8 x 8 blocks so that both the reads
     * and the strided writes stay within a few cache lines.
     */
    public static void transpose(float[][] s, float[][] t, int rows, int cols) {
        final int bs = 8;
        int r = 0;
        for (; r + bs <= rows; r += bs) {
            float[] s0 = s[r], s1 = s[r + 1], s2 = s[r + 2], s3 = s[r + 3];
            float[] s4 = s[r + 4], s5 = s[r + 5], s6 = s[r + 6], s7 = s[r + 7];
            for (int c = 0; c < cols; c++) {
                float[] tc = t[c];
                tc[r] = s0[c];
                tc[r + 1] = s1[c];
                tc[r + 2] = s2[c];
                tc[r + 3] = s3[c];
                tc[r + 4] = s4[c];
                tc[r + 5] = s5[c];
                tc[r + 6] = s6[c];
                tc[r + 7] = s7[c];
            }
        }
        for (; r < rows; r++) {
            float[] sr = s[r];
            for (int c = 0; c < cols; c++) t[c][r] = sr[c];
        }
    }

    /** The original row-by-row transpose (benchmark baseline). */
    static void transposeSimple(float[][] s, float[][] t, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            float[] sr = s[r];
            for (int c = 0; c < cols; c++) t[c][r] = sr[c];
        }
    }
}
