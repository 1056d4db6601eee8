package dev.nabla.runtime.kernels;

/**
 * Transcendental functions over rows, for generated code. Each method dispatches to the implementation
 * {@link Kernels} chose once per JVM: the Vector API's lanewise EXP/LOG/TANH (about 1 ulp, and an order of
 * magnitude faster than {@link Math}) when {@code jdk.incubator.vector} is available, otherwise the
 * scalar expressions generated code writes inline ({@code (float) Math.exp(x)}, ...).
 *
 * <p>The 1-D forms read {@code in[0..n)} and write {@code out[0..n)}; the 2-D forms do that for rows
 * {@code [0..rows)} and columns {@code [0..cols)}. Input and output may be the same array (in place).
 *
 * <p>Results: the plain kernels compute exactly what generated code writes inline, e.g.
 * {@code 1f / (1f + (float) Math.exp(-x))} for sigmoid; the vector kernels differ from them by at most
 * 1 ulp (exp, log, tanh) or 2 ulps (sigmoid, swish), measured against double-precision references over
 * 10^5 values from -100 to 100 and extremes (NaN, infinities, 0, -0, denormals propagate as in the plain
 * kernels). Sigmoid and swish are 0 (or -0) below x of about -88.7, where exp(-x) overflows a float, in
 * both paths.
 *
 * <p>For code generators: with the vector kernels a row of 16 or more floats costs 0.3-0.7 ns per element
 * against 4.5-45 ns for the scalar {@link Math} calls (JDK 17/25), and rows from half a vector (8 floats
 * with AVX-512) go through a scratch vector for about 25 ns per row. Rows shorter than that run the
 * scalar loops, so calling a kernel for them costs one call over the inline loop and saves nothing: for
 * rows shorter than {@code Kernels.vectorLanes() / 2} generated code may as well keep its fused inline
 * loop. Computing the function into a separate row and fusing the rest (bias, derivative) in a second
 * loop is still far cheaper than the scalar calls.
 */
public final class Elementwise {
    private Elementwise() {}

    /** {@code out = exp(in)}. */
    public static void exp(float[] in, float[] out, int n) { Kernels.IMPL.exp(in, out, n); }

    /** {@code out = log(in)} (natural logarithm; log 0 = -inf, log of a negative = NaN). */
    public static void log(float[] in, float[] out, int n) { Kernels.IMPL.log(in, out, n); }

    /** {@code out = tanh(in)}. */
    public static void tanh(float[] in, float[] out, int n) { Kernels.IMPL.tanh(in, out, n); }

    /** {@code out = 1 / (1 + exp(-in))}. */
    public static void sigmoid(float[] in, float[] out, int n) { Kernels.IMPL.sigmoid(in, out, n); }

    /** {@code out = in * sigmoid(in)} (swish, SiLU). */
    public static void swish(float[] in, float[] out, int n) { Kernels.IMPL.swish(in, out, n); }

    /** {@link #exp(float[], float[], int)} over rows. */
    public static void exp(float[][] in, float[][] out, int rows, int cols) {
        KernelProvider k = Kernels.IMPL;
        for (int r = 0; r < rows; r++) k.exp(in[r], out[r], cols);
    }

    /** {@link #log(float[], float[], int)} over rows. */
    public static void log(float[][] in, float[][] out, int rows, int cols) {
        KernelProvider k = Kernels.IMPL;
        for (int r = 0; r < rows; r++) k.log(in[r], out[r], cols);
    }

    /** {@link #tanh(float[], float[], int)} over rows. */
    public static void tanh(float[][] in, float[][] out, int rows, int cols) {
        KernelProvider k = Kernels.IMPL;
        for (int r = 0; r < rows; r++) k.tanh(in[r], out[r], cols);
    }

    /** {@link #sigmoid(float[], float[], int)} over rows. */
    public static void sigmoid(float[][] in, float[][] out, int rows, int cols) {
        KernelProvider k = Kernels.IMPL;
        for (int r = 0; r < rows; r++) k.sigmoid(in[r], out[r], cols);
    }

    /** {@link #swish(float[], float[], int)} over rows. */
    public static void swish(float[][] in, float[][] out, int rows, int cols) {
        KernelProvider k = Kernels.IMPL;
        for (int r = 0; r < rows; r++) k.swish(in[r], out[r], cols);
    }
}
