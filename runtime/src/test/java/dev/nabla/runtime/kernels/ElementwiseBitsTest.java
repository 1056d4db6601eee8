package dev.nabla.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The elementwise functions are the same function on every path: the vector kernels and the plain ones
 * give the same bits for every input and row length, in place or not; both are within the documented
 * error of the function evaluated in double precision; special values come out exactly.
 */
class ElementwiseBitsTest {
    private static final int V = Impls.V;

    enum Fn {
        EXP(Math::exp, 1, 0),
        LOG(Math::log, 1, 0),
        TANH(Math::tanh, 1, 0),
        SIGMOID(x -> 1 / (1 + Math.exp(-x)), 3, 1e-36),
        SWISH(x -> x / (1 + Math.exp(-x)), 3, 1e-36);

        final DoubleUnaryOperator ref;
        /** The largest error accepted, in ulps of the reference (exhaustive measurements: see VectorKernels). */
        final double maxUlps;
        /** Absolute errors below this are accepted too: results that underflow (x below -87.3). */
        final double underflow;

        Fn(DoubleUnaryOperator ref, double maxUlps, double underflow) {
            this.ref = ref;
            this.maxUlps = maxUlps;
            this.underflow = underflow;
        }

        void apply(KernelProvider k, float[] in, float[] out, int n) {
            ModeProbe.apply(k, name().toLowerCase(Locale.ROOT), in, out, n);
        }
    }

    @BeforeAll static void compileTheVectorKernels() { Impls.warmUp(); }

    /** Every 4093rd float (all exponents, NaN payloads), the special values and the probe's input. */
    static float[] sweep() {
        float[] probe = ModeProbe.input();
        int count = (int) ((1L << 32) / 4093);
        float[] x = Arrays.copyOf(probe, probe.length + count);
        for (int i = 0; i < count; i++) x[probe.length + i] = Float.intBitsToFloat((int) (i * 4093L));
        return x;
    }

    @ParameterizedTest @EnumSource(Fn.class)
    void vectorAndPlainGiveTheSameBits(Fn f) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Impls.VECTOR != null,
                "no jdk.incubator.vector in this JVM: only the plain kernels run");
        float[] x = sweep();
        // long rows (whole vectors and a tail), in place and not
        float[] plain = new float[x.length], vector = new float[x.length];
        f.apply(Impls.PLAIN, x, plain, x.length);
        f.apply(Impls.VECTOR, x, vector, x.length);
        same(f, x, plain, vector, x.length);
        float[] inPlace = x.clone();
        f.apply(Impls.VECTOR, inPlace, inPlace, x.length - 7);
        same(f, x, plain, inPlace, x.length - 7);
        // every length from 1 to 3 vectors + 5, the special values shuffled into every lane
        Random r = new Random(31 + f.ordinal());
        float[] probe = ModeProbe.input();
        for (int n = 1; n <= 3 * V + 5; n++) {
            for (int rep = 0; rep < 40; rep++) {
                float[] in = new float[n];
                for (int i = 0; i < n; i++) in[i] = probe[r.nextInt(rep < 20 ? 60 : probe.length)];
                float[] p = new float[n], v = new float[n];
                f.apply(Impls.PLAIN, in, p, n);
                f.apply(Impls.VECTOR, in, v, n);
                same(f, in, p, v, n);
                float[] w = in.clone();
                f.apply(Impls.VECTOR, w, w, n);
                same(f, in, p, w, n);
            }
        }
    }

    private static void same(Fn f, float[] x, float[] plain, float[] vector, int n) {
        for (int i = 0; i < n; i++) {
            if (Float.floatToIntBits(plain[i]) != Float.floatToIntBits(vector[i])) {
                fail(f + "(" + x[i] + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(x[i])) + "), n=" + n + " i=" + i
                        + ": plain " + plain[i] + ", vector " + vector[i]);
            }
        }
    }

    /** Every 1021st float against the double-precision reference (exhaustive runs: see VectorKernels). */
    @ParameterizedTest @EnumSource(Fn.class)
    void withinTheDocumentedErrorOfTheDoubleReference(Fn f) {
        int stride = 1021, chunk = 1 << 16;
        float[] x = new float[chunk], y = new float[chunk], yv = new float[chunk];
        double worst = 0;
        float worstAt = 0;
        for (long start = 0; start < (1L << 32); start += (long) stride * chunk) {
            int n = (int) Math.min(chunk, ((1L << 32) - start + stride - 1) / stride);
            for (int i = 0; i < n; i++) x[i] = Float.intBitsToFloat((int) (start + (long) i * stride));
            f.apply(Impls.FACADE, x, y, n);
            if (Impls.VECTOR != null) {
                f.apply(Impls.VECTOR, x, yv, n);
                f.apply(Impls.PLAIN, x, y, n);
                same(f, x, y, yv, n);
            }
            for (int i = 0; i < n; i++) {
                double ulps = error(f, x[i], y[i]);
                if (ulps > worst) {
                    worst = ulps;
                    worstAt = x[i];
                }
            }
        }
        System.out.printf(Locale.ROOT, "[elementwise] %-8s max %.3f ulps (at x=%s) over every 1021st float%n", f, worst, worstAt);
    }

    /** The error of got in ulps of the reference, failing on a wrong special value or a larger error. */
    private static double error(Fn f, float x, float got) {
        double ref = f.ref.applyAsDouble(x);
        if (Double.isNaN(ref)) {
            if (!Float.isNaN(got)) reject(f, x, got, ref, "NaN expected");
            return 0;
        }
        if (Double.isInfinite(ref) || Math.abs(ref) > Float.MAX_VALUE) { // overflow: the infinity of the right sign
            if (Float.compare(got, (float) ref) != 0) reject(f, x, got, ref, "overflow");
            return 0;
        }
        double err = Math.abs(got - ref);
        if (err < f.underflow) return 0;
        double ulp = Math.abs(ref) < Float.MIN_NORMAL ? Float.MIN_VALUE : Math.ulp((float) ref);
        double ulps = err / ulp;
        if (!(ulps <= f.maxUlps)) reject(f, x, got, ref, ulps + " ulps, at most " + f.maxUlps);
        return ulps;
    }

    private static void reject(Fn f, float x, float got, double ref, String why) {
        fail(f + "(" + x + "): got " + got + ", reference " + ref + " (" + why + ")");
    }

    @Test void specialValues() {
        float inf = Float.POSITIVE_INFINITY, nan = Float.NaN, tiny = 1e-40f;
        for (KernelProvider k : new KernelProvider[] {Impls.PLAIN, Impls.VECTOR, Impls.FACADE}) {
            if (k == null) continue;
            check(k, Fn.EXP, new float[] {0f, -0f, inf, -inf, nan, 89f, 88.72284f, -104f, -1000f, tiny, -tiny},
                    new float[] {1f, 1f, inf, 0f, nan, inf, inf, 0f, 0f, 1f, 1f});
            check(k, Fn.LOG, new float[] {1f, 0f, -0f, inf, -inf, nan, -1f, -tiny},
                    new float[] {0f, -inf, -inf, inf, nan, nan, nan, nan});
            check(k, Fn.TANH, new float[] {0f, -0f, inf, -inf, nan, tiny, -tiny, Float.MIN_VALUE, 9.5f, -9.5f, 100f, -Float.MAX_VALUE},
                    new float[] {0f, -0f, 1f, -1f, nan, tiny, -tiny, Float.MIN_VALUE, 1f, -1f, 1f, -1f});
            check(k, Fn.SIGMOID, new float[] {0f, -0f, inf, -inf, nan, 200f, -200f, 20f},
                    new float[] {0.5f, 0.5f, 1f, 0f, nan, 1f, 0f, 1f});
            check(k, Fn.SWISH, new float[] {0f, -0f, inf, nan, 200f, -200f, Float.MAX_VALUE},
                    new float[] {0f, -0f, inf, nan, 200f, -0f, Float.MAX_VALUE});
        }
    }

    private static void check(KernelProvider k, Fn f, float[] x, float[] expected) {
        // each value alone (plain loop) and in a row of 3 vectors + 1 (vector kernels, tail)
        float[] row = new float[3 * V + 1], out = new float[row.length];
        for (int i = 0; i < x.length; i++) {
            float[] one = new float[1];
            f.apply(k, new float[] {x[i]}, one, 1);
            Arrays.fill(row, x[i]);
            f.apply(k, row, out, row.length);
            for (float got : new float[] {one[0], out[0], out[row.length - 1]}) {
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(got),
                        f + "(" + x[i] + ") with " + k.description() + ": expected " + expected[i] + ", got " + got);
            }
        }
    }
}
