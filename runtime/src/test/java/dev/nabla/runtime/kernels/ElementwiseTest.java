package dev.nabla.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * exp, log, tanh, sigmoid and swish of every implementation against the function evaluated in double
 * precision and rounded to float. Accepted: at most {@link #MAX_ULPS} ulps, or an absolute error below the
 * smallest normal float (results that underflow); special values (NaN, infinities, signed results of the
 * extremes) exactly as the plain kernels give them. Below {@link #TINY} in absolute value results may
 * flush to zero: sigmoid and swish, like the expressions generated code writes inline, compute
 * {@code 1 / (1 + exp(-x))} in float, which is 0 once exp(-x) overflows (x &lt; -88.7). The largest ulp error seen is printed.
 */
class ElementwiseTest {
    private static final int V = Impls.V;
    private static final int MAX_ULPS = 4;
    private static final float PAD = 777.25f;
    private static final double TINY = 1e-35;
    private static final Map<String, Integer> WORST = new TreeMap<>();

    enum Fn {
        EXP(Math::exp),
        LOG(Math::log),
        TANH(Math::tanh),
        SIGMOID(x -> 1 / (1 + Math.exp(-x))),
        SWISH(x -> x / (1 + Math.exp(-x)));

        final DoubleUnaryOperator ref;

        Fn(DoubleUnaryOperator ref) { this.ref = ref; }

        void apply(KernelProvider k, float[] in, float[] out, int n) {
            switch (this) {
                case EXP -> k.exp(in, out, n);
                case LOG -> k.log(in, out, n);
                case TANH -> k.tanh(in, out, n);
                case SIGMOID -> k.sigmoid(in, out, n);
                case SWISH -> k.swish(in, out, n);
                default -> throw new AssertionError(this);
            }
        }
    }

    static List<Arguments> cases() {
        List<Arguments> l = new ArrayList<>();
        for (Named<KernelProvider> impl : Impls.all()) for (Fn f : Fn.values()) l.add(Arguments.of(impl, f));
        return l;
    }

    /** Extremes and special values, then random values at every scale. */
    static float[] inputs(Fn f, Random r, int count) {
        float[] special = {0f, -0f, 1f, -1f, 100f, -100f, 88.7f, 88.8f, -87.3f, -103.9f, -104f, 20f, -20f, 9f, -9f,
            1e-30f, -1e-30f, 1e-40f, -1e-40f, Float.MIN_VALUE, Float.MIN_NORMAL, 1e-7f, -1e-7f, 0.5f, -0.5f,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e30f};
        float[] x = Arrays.copyOf(special, special.length + count);
        for (int i = special.length; i < x.length; i++) {
            float v = switch (i % 4) {
                case 0 -> (float) r.nextGaussian() * 3;
                case 1 -> 200 * r.nextFloat() - 100;
                case 2 -> (float) Math.scalb(r.nextFloat(), r.nextInt(80) - 60) * (r.nextBoolean() ? 1 : -1);
                default -> 30 * r.nextFloat() - 15;
            };
            x[i] = f == Fn.LOG && i % 3 != 0 ? Math.abs(v) : v; // log: mostly in its domain
        }
        return x;
    }

    @ParameterizedTest(name = "{0} {1}") @MethodSource("cases")
    void matchesDoubleReference(KernelProvider impl, Fn f) {
        Random r = new Random(f.ordinal());
        float[] x = inputs(f, r, 100_000);
        // in rows of varying length, three times over, so that most calls run JIT-compiled code
        int worst = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (int from = 0; from < x.length; ) {
                int n = Math.min(x.length - from, 1 + r.nextInt(20 * V));
                float[] in = Arrays.copyOfRange(x, from, from + n), y = new float[n], plain = new float[n];
                f.apply(impl, in, y, n);
                f.apply(Impls.PLAIN, in, plain, n);
                for (int i = 0; i < n; i++) worst = Math.max(worst, compare(impl, f, in[i], y[i], plain[i]));
                from += n;
            }
        }
        String key = f + " " + impl.description();
        int w = worst;
        synchronized (WORST) { WORST.merge(key, w, Math::max); }
    }

    /** Every length from 1 to 3 vectors + 5 (tails, rows shorter than a vector), in place and not. */
    @ParameterizedTest(name = "{0} {1}") @MethodSource("cases")
    void everyLengthAndInPlace(KernelProvider impl, Fn f) {
        Random r = new Random(100 + f.ordinal());
        for (int n = 1; n <= 3 * V + 5; n++) {
            float[] x = inputs(f, r, 3 * V + 5);
            // shuffle so that special values land in the tails too
            for (int i = x.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                float t = x[i]; x[i] = x[j]; x[j] = t;
            }
            float[] in = Arrays.copyOf(x, n + 3);
            Arrays.fill(in, n, n + 3, PAD);
            float[] out = new float[n + 3];
            Arrays.fill(out, PAD);
            float[] plain = new float[n];
            f.apply(Impls.PLAIN, in, plain, n);
            f.apply(impl, in, out, n);
            for (int i = 0; i < n; i++) compare(impl, f, in[i], out[i], plain[i]);
            for (int i = n; i < n + 3; i++) assertEquals(PAD, out[i], "wrote past n=" + n);
            float[] same = in.clone();
            f.apply(impl, same, same, n);
            for (int i = 0; i < n; i++) assertEquals(out[i], same[i], "in place differs, n=" + n + " i=" + i);
            for (int i = n; i < n + 3; i++) assertEquals(PAD, same[i]);
        }
    }

    /** Returns the ulp distance to the reference (0 for special values). */
    private static int compare(KernelProvider impl, Fn f, float x, float got, float plain) {
        double refD = f.ref.applyAsDouble(x);
        float ref = (float) refD;
        String where = f + " " + impl.description() + " x=" + x + " (" + Float.floatToRawIntBits(x) + "): got " + got
                + ", plain " + plain + ", reference " + refD;
        if (Float.isNaN(plain) || Float.isInfinite(plain) || Float.isNaN(ref) || Float.isInfinite(ref)) {
            if (Float.compare(got, plain) != 0 && !(Float.isNaN(got) && Float.isNaN(plain))) fail(where);
            return 0;
        }
        if (Float.isNaN(got) || Float.isInfinite(got)) fail(where);
        // underflow: results below ~1e-35 may be flushed to zero; in particular sigmoid and swish compute
        // 1 / (1 + exp(-x)) in float (as generated code does), which is 0 once exp(-x) overflows (x < -88.7)
        if (Math.abs(got - refD) < TINY) return 0;
        long ulps = Math.abs(ordinal(got) - ordinal(ref));
        if (ulps > MAX_ULPS) fail(where + " (" + ulps + " ulps)");
        return (int) ulps;
    }

    private static long ordinal(float v) {
        int b = Float.floatToIntBits(v);
        return b >= 0 ? b : (long) Integer.MIN_VALUE - b;
    }

    @BeforeAll static void compileTheVectorKernels() { Impls.warmUp(); }

    @AfterAll static void report() {
        WORST.forEach((key, w) -> System.out.printf("[elementwise] %-72s max %d ulps%n", key, w));
    }
}
