package dev.nabla.runtime.kernels;

/**
 * One implementation of the runtime's numeric kernels. {@link Kernels} picks one at class
 * initialisation and keeps it in a {@code static final} field, so every call site sees a single
 * monomorphic target that the JIT inlines through. This interface (and everything that loads
 * unconditionally) mentions no {@code jdk.incubator.vector} type.
 *
 * <p>Matrices are row arrays ({@code float[rows][cols]}); only the leading {@code [0..rows)[0..cols)}
 * part named by the size arguments is read or written. Elementwise kernels read {@code in[0..n)} and
 * write {@code out[0..n)}; {@code in} and {@code out} may be the same array.
 */
interface KernelProvider {
    /** A short description for logs, e.g. {@code "vector (jdk.incubator.vector, 512-bit, 16 lanes)"}. */
    String description();

    /** Float lanes per vector register (1 for the plain implementation). */
    int lanes();

    /** {@code C[0..m)[0..n) = A[0..m)[0..k) B[0..k)[0..n)}. */
    void nn(float[][] a, float[][] b, float[][] c, int m, int k, int n);

    /** {@code C = scale * A^T B + beta * C}, A {@code [k][m]}, B {@code [k][n]}; beta 0 overwrites C. */
    void tn(float[][] a, float[][] b, float[][] c, int m, int k, int n, float scale, float beta);

    void exp(float[] in, float[] out, int n);

    void log(float[] in, float[] out, int n);

    void tanh(float[] in, float[] out, int n);

    void sigmoid(float[] in, float[] out, int n);

    void swish(float[] in, float[] out, int n);
}
