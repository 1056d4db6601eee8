package dev.nabla.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Once compiled, the vector kernels must not allocate: an allocation means C2 failed to intrinsify a
 * Vector API call and boxes vectors (typically in the inner loop, several times slower). This happened
 * when a method was called on a vector that is a loop or branch phi; the kernels avoid that and this test
 * guards it. Each kernel runs until it allocates nothing over a batch of calls (JIT compilation takes a
 * moment), and fails if that has not happened after a generous time.
 *
 * <p>The build runs it with {@code -XX:PerMethodTrapLimit=10000}, as the launcher does: on JDK 17 without
 * it, a kernel compiled after other kernels have recorded type-check traps in the shared Vector API
 * methods stays partly boxed (see {@code VectorKernels.jitHint}); the test then fails for the product and
 * polynomial kernels compiled last.
 */
class NoAllocationTest {
    private static final long LIMIT_NANOS = 60_000_000_000L;

    interface Call { void run(); }

    @Test void compiledVectorKernelsDoNotAllocate() {
        KernelProvider k = Impls.VECTOR;
        org.junit.jupiter.api.Assumptions.assumeTrue(k != null, "no jdk.incubator.vector in this JVM: no vector kernels to check");
        assertNull(VectorKernels.jitHint(), "run with the JVM options the launcher uses");
        int v = k.lanes();
        Random r = new Random(11);
        // every tile: 4x4, 1x4 (m % 4), 4x1 / 1x1 with a masked tail, two contraction blocks; the narrow path
        int m = 9, kk = 150, n = 4 * v + v + 3, nNarrow = v / 2 + 2;
        float[][] a = GemmTest.matrix(r, m, kk), at = GemmTest.matrix(r, kk, m), b = GemmTest.matrix(r, kk, n);
        float[][] bNarrow = GemmTest.matrix(r, kk, nNarrow), c = new float[m][n];
        float[] x = new float[4 * v + 3], y = new float[x.length], z = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = 0.5f + r.nextFloat();
        check("nn", () -> k.nn(a, b, c, m, kk, n));
        check("nn narrow", () -> k.nn(a, bNarrow, c, m, kk, nNarrow));
        check("tn beta 0", () -> k.tn(at, b, c, m, kk, n, 0.5f, 0f));
        check("tn beta 1", () -> k.tn(at, b, c, m, kk, n, 0.5f, 1f));
        check("tn narrow", () -> k.tn(at, bNarrow, c, m, kk, nNarrow, 0.5f, 0.25f));
        check("exp", () -> { k.exp(x, y, x.length); k.exp(x, y, 2 * v); inPlace(x, z); k.exp(z, z, x.length); });
        check("log", () -> { k.log(x, y, x.length); k.log(x, y, 2 * v); inPlace(x, z); k.log(z, z, x.length); });
        check("tanh", () -> { k.tanh(x, y, x.length); k.tanh(x, y, 2 * v); inPlace(x, z); k.tanh(z, z, x.length); });
        check("sigmoid", () -> { k.sigmoid(x, y, x.length); k.sigmoid(x, y, 2 * v); inPlace(x, z); k.sigmoid(z, z, x.length); });
        check("swish", () -> { k.swish(x, y, x.length); k.swish(x, y, 2 * v); inPlace(x, z); k.swish(z, z, x.length); });
    }

    /** z = x, for an in-place call (its last vector's input goes through the per-thread scratch). */
    private static void inPlace(float[] x, float[] z) { System.arraycopy(x, 0, z, 0, x.length); }

    private static void check(String what, Call call) {
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long start = System.nanoTime();
        double perCall = Double.NaN;
        while (System.nanoTime() - start < LIMIT_NANOS) {
            for (int i = 0; i < 200; i++) call.run();
            long before = tmx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100; i++) call.run();
            perCall = (tmx.getThreadAllocatedBytes(tid) - before) / 100.0;
            if (perCall < 16) return;
        }
        assertTrue(false, what + " still allocates " + perCall + " bytes per call after "
                + (System.nanoTime() - start) / 1e9 + " s: a Vector API call is not intrinsified");
    }
}
