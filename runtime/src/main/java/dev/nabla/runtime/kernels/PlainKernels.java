package dev.nabla.runtime.kernels;

import java.util.Arrays;

/**
 * The plain-Java kernels: the fallback when the Vector API is absent, and the reference the vector
 * kernels are tested against. Matrix products use the loop shapes that C2 auto-vectorises (innermost
 * {@code c[j] += a * b[j]} over zero-offset rows, four rows sharing each load). The transcendental
 * functions ({@link #exp(float)}, {@link #log(float)}, {@link #tanh(float)}, {@link #sigmoid(float)},
 * {@link #swish(float)}) are float polynomials and bit manipulation that do, operation for operation, what
 * {@code VectorKernels} does per lane ({@link Math#fma(float, float, float)} where the vectors use FMA),
 * so that both give the same bits, compiled or interpreted (the algorithms and their accuracy are
 * described there). Do not "simplify" one side without the other: {@code ElementwiseBitsTest} checks
 * that they agree. ({@code Math.fma} is one instruction on CPUs with FMA, x86 since 2013 and every ARMv8;
 * without it the JDK computes it exactly in software, many times slower.)
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

    // ---- elementwise: exp, log, tanh, sigmoid, swish -------------------------------------------------

    @Override public void exp(float[] in, float[] out, int n) { exp(in, out, 0, n); }

    @Override public void log(float[] in, float[] out, int n) { log(in, out, 0, n); }

    @Override public void tanh(float[] in, float[] out, int n) { tanh(in, out, 0, n); }

    @Override public void sigmoid(float[] in, float[] out, int n) { sigmoid(in, out, 0, n); }

    @Override public void swish(float[] in, float[] out, int n) { swish(in, out, 0, n); }

    static void exp(float[] in, float[] out, int from, int to) {
        for (int j = from; j < to; j++) out[j] = exp(in[j]);
    }

    static void log(float[] in, float[] out, int from, int to) {
        for (int j = from; j < to; j++) out[j] = log(in[j]);
    }

    static void tanh(float[] in, float[] out, int from, int to) {
        for (int j = from; j < to; j++) out[j] = tanh(in[j]);
    }

    static void sigmoid(float[] in, float[] out, int from, int to) {
        for (int j = from; j < to; j++) out[j] = sigmoid(in[j]);
    }

    static void swish(float[] in, float[] out, int from, int to) {
        for (int j = from; j < to; j++) out[j] = swish(in[j]);
    }

    // ---- the scalar functions: the exact sequence of float operations VectorKernels does per lane ----

    /** 1.5 * 2^23: for |v| < 2^22, {@code (v + ROUND) - ROUND} is v rounded to the nearest integer. */
    static final float ROUND = 12582912f;
    /** The bits of {@link #ROUND}; {@code bits(v + ROUND) - ROUND_BITS} is that integer as an int. */
    static final int ROUND_BITS = 0x4B400000;
    /** log2(e) rounded to float. */
    static final float LOG2E = 1.44269502f;
    /** ln 2 = LN2_HI + LN2_LO (Cody-Waite), LN2_HI = ln 2 rounded to float, the rest within 1e-16. */
    static final float LN2_HI = 0.693147182f;
    static final float LN2_LO = -1.90465421e-9f;
    /** exp clamps its argument to [EXP_MIN, EXP_MAX]: exp(89) overflows to +inf, exp(-104) rounds to +0. */
    static final float EXP_MAX = 89f;
    static final float EXP_MIN = -104f;
    /** exp(r) = 1 + r + E2 r^2 + ... + E6 r^6 on |r| &lt;= ln2/2 (minimax, relative error 3.1e-9). */
    static final float E2 = 0.4999999403953552f;
    static final float E3 = 0.1666652113199234f;
    static final float E4 = 0.04166826233267784f;
    static final float E5 = 0.008368674665689468f;
    static final float E6 = 0.0013821055181324482f;
    /** The bits of sqrt(1/2) rounded to float: log reduces x to m 2^e with m in [sqrt(1/2), sqrt(2)). */
    static final int SQRT_HALF_BITS = 0x3f3504f3;
    /** log(1 + f) = f + f^2 (L2 + L3 f + ... + L10 f^8) on sqrt(1/2) - 1 &lt;= f &lt; sqrt(2) - 1 (minimax, relative error 4.2e-9). */
    static final float L2 = -0.49999988079071045f;
    static final float L3 = 0.33333325386047363f;
    static final float L4 = -0.25001609325408936f;
    static final float L5 = 0.20002004504203796f;
    static final float L6 = -0.16608411073684692f;
    static final float L7 = 0.14180853962898254f;
    static final float L8 = -0.1324806809425354f;
    static final float L9 = 0.12912940979003906f;
    static final float L10 = -0.0761905238032341f;
    /** tanh(a) = a + a^3 (T3 + T5 a^2 + ... + T17 a^14) for 0 &lt;= a &lt; TANH_POLY (minimax, relative error 5e-10). */
    static final float TANH_POLY = 1f;
    static final float T3 = -0.333333283662796f;
    static final float T5 = 0.13333174586296082f;
    static final float T7 = -0.0539507232606411f;
    static final float T9 = 0.021774444729089737f;
    static final float T11 = -0.008571457117795944f;
    static final float T13 = 0.0030488763004541397f;
    static final float T15 = -0.0008218962466344237f;
    static final float T17 = 0.00011644970800261945f;
    /** tanh(a) rounds to 1 from a = 9.01 on; larger arguments are clamped to this. */
    static final float TANH_MAX = 9.5f;

    /** e^x. */
    static float exp(float x) {
        float c = x > EXP_MAX ? EXP_MAX : x < EXP_MIN ? EXP_MIN : x; // NaN stays NaN
        float z = Math.fma(c, LOG2E, ROUND);
        float kf = z - ROUND; // k = round(c log2 e), -150 <= k <= 128
        int k = Float.floatToRawIntBits(z) - ROUND_BITS;
        float r = Math.fma(kf, -LN2_HI, c); // exact
        r = Math.fma(kf, -LN2_LO, r);
        float p = Math.fma(E6, r, E5);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        // p 2^k as p 2^k1 2^k2: both factors are normal floats, the first product is exact and the second
        // rounds once, to +inf above the float range and to a subnormal or 0 below it
        int k1 = k >> 1;
        return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
    }

    /** The natural logarithm: NaN below 0 and for NaN, -inf at +-0, +inf at +inf. */
    static float log(float x) {
        if (!(x >= 0f)) return Float.NaN;
        if (x == 0f) return Float.NEGATIVE_INFINITY;
        if (x == Float.POSITIVE_INFINITY) return x;
        float adjust = 0f;
        if (x < Float.MIN_NORMAL) { // subnormal: scale into the normal range
            x *= 0x1p23f;
            adjust = 23f;
        }
        int ix = Float.floatToRawIntBits(x) - SQRT_HALF_BITS;
        float e = Float.intBitsToFloat((ix >> 23) + ROUND_BITS) - ROUND - adjust; // the exponent, exactly
        float f = Float.intBitsToFloat((ix & 0x007fffff) + SQRT_HALF_BITS) - 1f; // m - 1, exact
        float q = Math.fma(L10, f, L9);
        q = Math.fma(q, f, L8);
        q = Math.fma(q, f, L7);
        q = Math.fma(q, f, L6);
        q = Math.fma(q, f, L5);
        q = Math.fma(q, f, L4);
        q = Math.fma(q, f, L3);
        q = Math.fma(q, f, L2);
        float l = Math.fma(f * f, q, f); // log(m)
        return Math.fma(e, LN2_HI, Math.fma(e, LN2_LO, l));
    }

    /** The hyperbolic tangent. */
    static float tanh(float x) {
        float a = Math.abs(x);
        float t;
        if (a < TANH_POLY) {
            float s = a * a;
            float p = Math.fma(T17, s, T15);
            p = Math.fma(p, s, T13);
            p = Math.fma(p, s, T11);
            p = Math.fma(p, s, T9);
            p = Math.fma(p, s, T7);
            p = Math.fma(p, s, T5);
            p = Math.fma(p, s, T3);
            t = Math.fma(a * s, p, a);
        } else { // 1 - 2 / (e^2a + 1); NaN stays NaN
            float c = a > TANH_MAX ? TANH_MAX : a;
            float y = c + c;
            float z = Math.fma(y, LOG2E, ROUND);
            float kf = z - ROUND; // 0 <= k <= 28
            int k = Float.floatToRawIntBits(z) - ROUND_BITS;
            float r = Math.fma(kf, -LN2_HI, y);
            r = Math.fma(kf, -LN2_LO, r);
            float p = Math.fma(E6, r, E5);
            p = Math.fma(p, r, E4);
            p = Math.fma(p, r, E3);
            p = Math.fma(p, r, E2);
            p = Math.fma(p, r, 1f);
            p = Math.fma(p, r, 1f);
            float e2a = p * Float.intBitsToFloat((k + 127) << 23);
            t = 1f - 2f / (e2a + 1f);
        }
        return Math.copySign(t, x);
    }

    /** 1 / (1 + e^-x). */
    static float sigmoid(float x) { return 1f / (1f + exp(-x)); }

    /** x / (1 + e^-x). */
    static float swish(float x) { return x / (1f + exp(-x)); }
}
