package dev.nabla.runtime.kernels;

/**
 * Transcendental functions over rows, for generated code. Each method dispatches to the implementation
 * {@link Kernels} chose once per JVM: Vector API kernels when {@code jdk.incubator.vector} is available,
 * otherwise plain Java loops. Both compute the same functions with the same float operations in the same
 * order (built only from exactly rounded operations: add, multiply, divide, fused multiply-add,
 * comparisons, bit manipulation), so the results have the same bits on every path, JIT-compiled or
 * interpreted, with or without the module: a training run gives the same weights whenever the JIT
 * compiles what. (The Vector API's own EXP, LOG and TANH do not: compiled they differ from interpreted
 * by about 1 ulp.) The algorithms are described in {@code VectorKernels}.
 *
 * <p>The 1-D forms read {@code in[0..n)} and write {@code out[0..n)}; the 2-D forms do that for rows
 * {@code [0..rows)} and columns {@code [0..cols)}. Input and output may be the same array (in place).
 *
 * <p>Results, against the functions evaluated in double precision over every float: exp, log and tanh
 * within 1 ulp (0.89, 0.92, 0.96), sigmoid and swish within 2.5 ulps. NaN gives NaN, exp(+-0) = 1,
 * exp(-inf) = 0, log(+-0) = -inf, log of a negative number = NaN, tanh(+-0) = +-0, tanh(+-inf) = +-1.
 * Sigmoid and swish are 0 (or -0) below x of about -88.7, where exp(-x) overflows a float, like the
 * float expressions generated code writes inline ({@code 1f / (1f + (float) Math.exp(-x))}), from which
 * they differ by at most a few ulps.
 *
 * <p>For code generators: with the vector kernels a row of 256 floats costs about 0.45-0.8 ns per element
 * (AVX-512, JDK 17), the plain kernels 2-5 ns, the scalar {@link Math} calls in double 6-45 ns. Rows
 * shorter than a vector ({@code Kernels.vectorLanes()}) run the plain loops on either path, which are
 * still faster than the inline {@link Math} calls. Computing the function into a separate row and fusing
 * the rest (bias, derivative) in a second loop is far cheaper than the scalar calls.
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
