package dev.nabla.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import static dev.nabla.runtime.kernels.PlainKernels.*;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;

/**
 * The kernels written with the incubating Vector API ({@code jdk.incubator.vector}). Only {@link Kernels}
 * loads this class, by name, after checking that the module is in the boot layer; nothing else may
 * mention it.
 *
 * <p>Matrix products are register-blocked micro-kernels: a tile of 4 rows x 4 vectors of C (16
 * accumulators) is held in registers while the contraction index runs, so each step loads 4 vectors of B
 * and broadcasts 4 scalars of A for 16 fused multiply-adds. Edge tiles are 1 row x 4 vectors, 4 rows x
 * 1 vector and 1 x 1. Columns that do not fill a vector are computed by one more vector that ends at
 * column n (it overlaps columns already done) and a lane mask keeps only the new lanes when storing, so
 * there are no scalar tails and no masked loads (which JDK 17 does not compile well). Rows shorter than
 * one vector (e.g. a 10-class output layer) go through a per-thread scratch array ({@link #nnNarrow}),
 * unless there are fewer than 4 rows; then a scalar loop of the same fused multiply-adds is faster. The
 * contraction index is blocked by {@link #KC} so that the slice of B that a column panel streams through
 * stays in the L1 cache.
 *
 * <p><b>A row of C does not depend on the other rows.</b> Every tile, full or edge, computes each element
 * with the same operations in the same order (one accumulator per element, fused multiply-adds over the
 * contraction index in order within a block of {@link #KC}, the blocks added in order), and which path a
 * product takes depends on its columns and contraction length, never on its number of rows. So an
 * example predicted alone or at any position of a batch of any size gives the same bits
 * ({@code BatchIndependenceTest}).
 *
 * <p>Each tile is its own method taking only arrays and ints: vectors never cross a call boundary (a
 * helper that takes vectors and is not inlined makes a kernel several times slower), and C2 compiles each
 * tile with all its vectors in registers.
 *
 * <p>One rule keeps C2 (JDK 17 and 25) from boxing vectors: <b>never call a method on a vector that is a
 * phi</b> — an accumulator carried by a loop, a value assigned in a branch and used after it, or a
 * constant defined before a loop and used inside it. C2 intrinsifies a Vector API call only when it knows
 * the receiver's exact class; for a phi it falls back on the type profile of a call site inside the
 * Vector API, shared by all its callers, and when that does not resolve the call the intrinsic fails and
 * every vector in the loop is allocated (observed: 39 MB per call and 8x slower, in some runs and not
 * others, depending on what the profile had seen when C2 compiled the tile). Phis may be arguments
 * ({@code b.fma(x, acc)}, {@code nz.add(acc)}); receivers are always fresh values ({@code fromArray},
 * {@code broadcast}, results of other operations) made where they are used. {@code NoAllocationTest}
 * guards this.
 *
 * <p>For the same reason only one vector shape, the preferred one, is used: once a JVM has run the
 * Vector API with two shapes (say 256- and 512-bit float vectors), C2 fails to intrinsify even stores of
 * freshly computed vectors in kernels compiled afterwards (measured on JDK 17: every tile then allocates
 * its accumulators). Code elsewhere in the same JVM that uses another shape can still cause that.
 * ({@code IntVector}s of the same shape, used below for bit manipulation, are fine.)
 *
 * <p><b>Elementwise functions</b> (exp, log, tanh, sigmoid, swish) do not use the Vector API's
 * transcendental operations ({@code lanewise(EXP / LOG / TANH)}): their results depend on how the code
 * runs. Interpreted (and in C1 code) the Vector API computes them lane by lane with {@link Math}, compiled
 * by C2 with an intrinsic about 1 ulp away, so the same training run gave different weights depending
 * on when C2 compiled a kernel. Each function is instead a fixed sequence of operations whose results
 * IEEE 754 and the Java language define exactly: add, subtract, multiply, divide, fused multiply-add
 * ({@code lanewise(FMA)}: {@link Math#fma(float, float, float)} per lane in the fallback, one rounding
 * in the intrinsic too), comparisons and blends, integer adds, shifts and masks, and bit
 * reinterpretation. {@code PlainKernels.exp(float)} and its siblings do the same operations in the same
 * order in scalar Java ({@code Math.fma} where the vectors use FMA), so interpreted, C1 and C2 code,
 * vector and plain kernels, JVMs with and without {@code jdk.incubator.vector} and with
 * {@code -Dnabla.vector=false} all give the same bits. (Checked over all 2^32 inputs for every function
 * during development; {@code ElementwiseBitsTest} and {@code ExecutionModeDeterminismTest}, which
 * compares a {@code -Xint} JVM with C2-compiled code, guard it.) The algorithms:
 * <ul>
 *   <li>exp(x): x clamped to [-104, 89] (NaN stays NaN); k = round(x log2 e) by adding and subtracting
 *       1.5 * 2^23 (the add inside an FMA); r = x - k ln2 with ln2 split in two floats (Cody-Waite; the
 *       first FMA is exact); e^r = 1 + r + E2 r^2 + ... + E6 r^6, minimax on |r| &lt;= ln2/2, in Horner
 *       form with FMAs; times 2^k built from exponent bits as two factors 2^(k&gt;&gt;1) 2^(k - (k&gt;&gt;1)),
 *       so that overflow gives +inf (from 88.7229) and underflow correctly rounded subnormals, then 0;</li>
 *   <li>log(x): subnormals scaled by 2^23 first; the bits split x = m 2^e with m in [sqrt(1/2), sqrt(2));
 *       log m = f + f^2 Q(f) with f = m - 1 (exact) and Q a minimax polynomial of degree 8; then
 *       e ln2_hi + (e ln2_lo + log m) in two FMAs. Blends give log(+-0) = -inf, log(+inf) = +inf and NaN
 *       below 0 and for NaN;</li>
 *   <li>tanh(x): with a = |x|, a + a^3 P(a^2) (minimax, degree 7 in a^2) for a &lt; 1, else
 *       1 - 2 / (e^2a + 1) with a clamped to 9.5 (tanh rounds to 1 from 9.01 on); the sign bit of x is
 *       put on the result, so tanh(-0) = -0 and tanh(+-inf) = +-1;</li>
 *   <li>sigmoid(x) = 1 / (1 + exp(-x)) and swish(x) = x / (1 + exp(-x)) with the exp above (0 and -0 once
 *       exp(-x) overflows, below x = -88.72, like the float expressions generated code writes inline).</li>
 * </ul>
 * Accuracy, measured over every float against the function evaluated in double precision, in ulps of the
 * exact result: exp 0.89 (subnormal results included), log 0.92, tanh 0.96 (absolute error at most
 * 5.8e-8), sigmoid 2.48 (absolute error at most 9e-8) and swish 2.39 for x &gt;= -87; below that their
 * results are subnormal or 0, within 1e-36 of the exact ones. Exact: exp(+-0) = 1, exp(-inf) = 0,
 * exp(+inf) = +inf, log(1) = 0, tanh(+-0) = +-0, sigmoid(0) = 0.5, NaN in, NaN out. Speed (JDK 17,
 * AVX-512, 16 lanes, rows of 256): about 0.45 ns per element for exp, 0.5 for log, sigmoid and swish and
 * 0.6-0.8 for tanh, against 2-5 ns for the plain kernels and 6-45 ns for {@link Math} in double.
 * Rows shorter than a vector run the plain loops (same bits, and faster than a vector through scratch).
 */
final class VectorKernels implements KernelProvider {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /**
     * Per-thread scratch of the narrow products (B packed row after row, then 4 rows of C) and of the
     * elementwise functions in place (the input of a row's last vector).
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);
    /** Rows of the contraction done per pass over a column panel of B (4 vectors x KC floats in L1). */
    static final int KC = 128;
    /** {@code VectorMask.fromArray(S, LANES_FROM, V - f)} has lanes {@code f..V-1} set. */
    private static final boolean[] LANES_FROM = new boolean[2 * V];

    static {
        for (int i = V; i < 2 * V; i++) LANES_FROM[i] = true;
    }

    VectorKernels() {}

    @Override public String description() {
        String d = "vector (jdk.incubator.vector, " + S.vectorBitSize() + "-bit, " + V + " float lanes)";
        String hint = jitHint();
        return hint == null ? d : d + "; " + hint;
    }

    /** The {@code -XX:PerMethodTrapLimit} the launcher, the tests and the benchmarks run with. */
    public static final int RECOMMENDED_TRAP_LIMIT = 10_000;

    /**
     * A JVM option that this JVM lacks and the kernels want, or null. On JDK 17 C2 adds up the type-check
     * traps recorded in every Vector API method it inlines; once a compilation passes
     * {@code PerMethodTrapLimit} (100) it stops speculating on receiver types, a species stops being a
     * constant and the remaining Vector API calls of a large kernel (a 4x4 product tile, a polynomial)
     * stay boxed: correct, but allocating and many times slower. Which kernels it hits depends on what ran
     * before. JDK 25 does not show it.
     */
    static String jitHint() {
        if (Runtime.version().feature() >= 25) return null;
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            String limit = vm == null ? null : flag(vm, "PerMethodTrapLimit");
            if (limit != null && Long.parseLong(limit) < 1000) {
                return "add -XX:PerMethodTrapLimit=" + RECOMMENDED_TRAP_LIMIT
                        + " so that C2 keeps large kernels unboxed";
            }
        } catch (LinkageError | RuntimeException e) {
            // no java.management: nothing to check
        }
        return null;
    }

    @Override public int lanes() { return V; }

    /**
     * Why this implementation would be slower than the plain one on this JVM, or null. The Vector API
     * only pays off when C2 compiles it into real vector instructions: with a vector shape below 128
     * bits, without FMA instructions, or without C2 (-Xint, -XX:TieredStopAtLevel=1..3) it is many times
     * slower than plain loops.
     */
    static String unsuitable() {
        if (S.vectorBitSize() < 128) return "preferred vector shape is only " + S.vectorBitSize() + " bits";
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode")) return "JIT disabled (-Xint)";
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (vm != null) {
                if ("false".equals(flag(vm, "UseFMA"))) return "CPU without FMA (-XX:-UseFMA)";
                String stop = flag(vm, "TieredStopAtLevel");
                if ("true".equals(flag(vm, "TieredCompilation")) && stop != null && !stop.equals("4")) {
                    return "C2 disabled (-XX:TieredStopAtLevel=" + stop + ")";
                }
            }
        } catch (LinkageError | RuntimeException e) {
            // java.management or jdk.management missing (a jlink'ed runtime): skip the flag checks
        }
        return null;
    }

    private static String flag(com.sun.management.HotSpotDiagnosticMXBean vm, String name) {
        try {
            return vm.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static VectorMask<Float> lanesFrom(int f) { return VectorMask.fromArray(S, LANES_FROM, V - f); }

    // =====================================================================================================
    // C = A B
    // =====================================================================================================

    @Override public void nn(float[][] a, float[][] b, float[][] c, int m, int k, int n) {
        if (k == 0 || n <= NARROW_PLAIN) {
            PlainKernels.nnRows(a, b, c, m, k, n);
            return;
        }
        if (n < V) {
            // the choice depends on n and k only, never on m: a row's result must not depend on how many
            // rows share the call (predicting one example or a batch gives the same bits)
            if (m < 4) nnNarrowRows(a, b, c, m, k, n);
            else nnNarrow(a, b, c, m, k, n);
            return;
        }
        for (int pc = 0; pc < k; pc += KC) {
            int pe = Math.min(k, pc + KC);
            boolean first = pc == 0;
            int j = 0;
            for (; j + 4 * V <= n; j += 4 * V) {
                int i = 0;
                for (; i + 4 <= m; i += 4) nn44(a, b, c, i, j, pc, pe, first);
                for (; i < m; i++) nn14(a[i], b, c[i], j, pc, pe, first);
            }
            for (; j < n; j += V) {
                int jt = Math.min(j, n - V); // the last vector ends at n and keeps only lanes from j - jt
                int from = j - jt;
                int i = 0;
                for (; i + 4 <= m; i += 4) nn41(a, b, c, i, jt, pc, pe, first, from);
                for (; i < m; i++) nn11(a[i], b, c[i], jt, pc, pe, first, from);
            }
        }
    }

    private static float[] scratch(int size) {
        float[][] holder = SCRATCH.get();
        float[] s = holder[0];
        if (s.length < size) holder[0] = s = new float[Math.max(size, 2 * s.length)];
        return s;
    }

    /**
     * {@code n < V}, at least 4 rows: B is packed row after row into scratch, so the vector at
     * {@code p * n} holds row p in its first n lanes (the other lanes hold the next row and are never
     * stored); 4 rows of C accumulate in 4 vectors and are copied out through scratch. (Half-width vectors
     * would avoid the copies but bring a second vector shape: see the class comment.)
     */
    private static void nnNarrow(float[][] a, float[][] b, float[][] c, int m, int k, int n) {
        int out = k * n + V; // B packed in [0, k n), padding to V, then 4 rows of C
        float[] w = scratch(out + 4 * V);
        for (int p = 0; p < k; p++) System.arraycopy(b[p], 0, w, p * n, n);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            float[] a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < k; p++) {
                FloatVector bv = FloatVector.fromArray(S, w, p * n);
                s0 = bv.fma(FloatVector.broadcast(S, a0[p]), s0);
                s1 = bv.fma(FloatVector.broadcast(S, a1[p]), s1);
                s2 = bv.fma(FloatVector.broadcast(S, a2[p]), s2);
                s3 = bv.fma(FloatVector.broadcast(S, a3[p]), s3);
            }
            FloatVector nz = FloatVector.broadcast(S, -0f);
            nz.add(s0).intoArray(w, out);
            nz.add(s1).intoArray(w, out + V);
            nz.add(s2).intoArray(w, out + 2 * V);
            nz.add(s3).intoArray(w, out + 3 * V);
            System.arraycopy(w, out, c[i], 0, n);
            System.arraycopy(w, out + V, c[i + 1], 0, n);
            System.arraycopy(w, out + 2 * V, c[i + 2], 0, n);
            System.arraycopy(w, out + 3 * V, c[i + 3], 0, n);
        }
        for (; i < m; i++) {
            float[] ai = a[i];
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                s0 = FloatVector.fromArray(S, w, p * n).fma(FloatVector.broadcast(S, ai[p]), s0);
            }
            FloatVector.broadcast(S, -0f).add(s0).intoArray(w, out);
            System.arraycopy(w, out, c[i], 0, n);
        }
    }

    /**
     * {@code n < V}, fewer than 4 rows: in scalar code, the operations {@link #nnNarrow} does per lane (one
     * fused multiply-add per product, the contraction in order from +0), so the bits are the same as when
     * the rows are part of a larger batch; faster than packing B for a vector when there are so few rows.
     */
    static void nnNarrowRows(float[][] a, float[][] b, float[][] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            float[] ci = c[i], ai = a[i];
            java.util.Arrays.fill(ci, 0, n, 0f);
            for (int p = 0; p < k; p++) {
                float v = ai[p];
                float[] bp = b[p];
                for (int j = 0; j < n; j++) ci[j] = Math.fma(v, bp[j], ci[j]);
            }
        }
    }

    private static void nn44(float[][] a, float[][] b, float[][] c, int i, int j, int pc, int pe, boolean first) {
        float[] a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int p = pc; p < pe; p++) {
            float[] bp = b[p];
            FloatVector b0 = FloatVector.fromArray(S, bp, j), b1 = FloatVector.fromArray(S, bp, j + V),
                    b2 = FloatVector.fromArray(S, bp, j + 2 * V), b3 = FloatVector.fromArray(S, bp, j + 3 * V);
            FloatVector x = FloatVector.broadcast(S, a0[p]);
            s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02); s03 = b3.fma(x, s03);
            x = FloatVector.broadcast(S, a1[p]);
            s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12); s13 = b3.fma(x, s13);
            x = FloatVector.broadcast(S, a2[p]);
            s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22); s23 = b3.fma(x, s23);
            x = FloatVector.broadcast(S, a3[p]);
            s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32); s33 = b3.fma(x, s33);
        }
        float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
        // Each branch stores its own values, and no method is called on an accumulator (see the class
        // comment): nz.add(s) stores s through a receiver of known class (-0 + s == s for every s).
        if (first) {
            FloatVector nz = FloatVector.broadcast(S, -0f);
            nz.add(s00).intoArray(c0, j); nz.add(s01).intoArray(c0, j + V);
            nz.add(s02).intoArray(c0, j + 2 * V); nz.add(s03).intoArray(c0, j + 3 * V);
            nz.add(s10).intoArray(c1, j); nz.add(s11).intoArray(c1, j + V);
            nz.add(s12).intoArray(c1, j + 2 * V); nz.add(s13).intoArray(c1, j + 3 * V);
            nz.add(s20).intoArray(c2, j); nz.add(s21).intoArray(c2, j + V);
            nz.add(s22).intoArray(c2, j + 2 * V); nz.add(s23).intoArray(c2, j + 3 * V);
            nz.add(s30).intoArray(c3, j); nz.add(s31).intoArray(c3, j + V);
            nz.add(s32).intoArray(c3, j + 2 * V); nz.add(s33).intoArray(c3, j + 3 * V);
        } else {
            FloatVector.fromArray(S, c0, j).add(s00).intoArray(c0, j);
            FloatVector.fromArray(S, c0, j + V).add(s01).intoArray(c0, j + V);
            FloatVector.fromArray(S, c0, j + 2 * V).add(s02).intoArray(c0, j + 2 * V);
            FloatVector.fromArray(S, c0, j + 3 * V).add(s03).intoArray(c0, j + 3 * V);
            FloatVector.fromArray(S, c1, j).add(s10).intoArray(c1, j);
            FloatVector.fromArray(S, c1, j + V).add(s11).intoArray(c1, j + V);
            FloatVector.fromArray(S, c1, j + 2 * V).add(s12).intoArray(c1, j + 2 * V);
            FloatVector.fromArray(S, c1, j + 3 * V).add(s13).intoArray(c1, j + 3 * V);
            FloatVector.fromArray(S, c2, j).add(s20).intoArray(c2, j);
            FloatVector.fromArray(S, c2, j + V).add(s21).intoArray(c2, j + V);
            FloatVector.fromArray(S, c2, j + 2 * V).add(s22).intoArray(c2, j + 2 * V);
            FloatVector.fromArray(S, c2, j + 3 * V).add(s23).intoArray(c2, j + 3 * V);
            FloatVector.fromArray(S, c3, j).add(s30).intoArray(c3, j);
            FloatVector.fromArray(S, c3, j + V).add(s31).intoArray(c3, j + V);
            FloatVector.fromArray(S, c3, j + 2 * V).add(s32).intoArray(c3, j + 2 * V);
            FloatVector.fromArray(S, c3, j + 3 * V).add(s33).intoArray(c3, j + 3 * V);
        }
    }

    private static void nn14(float[] ai, float[][] b, float[] ci, int j, int pc, int pe, boolean first) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = pc; p < pe; p++) {
            float[] bp = b[p];
            FloatVector x = FloatVector.broadcast(S, ai[p]);
            s0 = FloatVector.fromArray(S, bp, j).fma(x, s0);
            s1 = FloatVector.fromArray(S, bp, j + V).fma(x, s1);
            s2 = FloatVector.fromArray(S, bp, j + 2 * V).fma(x, s2);
            s3 = FloatVector.fromArray(S, bp, j + 3 * V).fma(x, s3);
        }
        if (first) {
            FloatVector nz = FloatVector.broadcast(S, -0f);
            nz.add(s0).intoArray(ci, j); nz.add(s1).intoArray(ci, j + V);
            nz.add(s2).intoArray(ci, j + 2 * V); nz.add(s3).intoArray(ci, j + 3 * V);
        } else {
            FloatVector.fromArray(S, ci, j).add(s0).intoArray(ci, j);
            FloatVector.fromArray(S, ci, j + V).add(s1).intoArray(ci, j + V);
            FloatVector.fromArray(S, ci, j + 2 * V).add(s2).intoArray(ci, j + 2 * V);
            FloatVector.fromArray(S, ci, j + 3 * V).add(s3).intoArray(ci, j + 3 * V);
        }
    }

    private static void nn41(float[][] a, float[][] b, float[][] c, int i, int j, int pc, int pe, boolean first,
                             int from) {
        float[] a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = pc; p < pe; p++) {
            FloatVector bv = FloatVector.fromArray(S, b[p], j);
            s0 = bv.fma(FloatVector.broadcast(S, a0[p]), s0);
            s1 = bv.fma(FloatVector.broadcast(S, a1[p]), s1);
            s2 = bv.fma(FloatVector.broadcast(S, a2[p]), s2);
            s3 = bv.fma(FloatVector.broadcast(S, a3[p]), s3);
        }
        VectorMask<Float> keep = lanesFrom(from);
        float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
        FloatVector o0 = FloatVector.fromArray(S, c0, j), o1 = FloatVector.fromArray(S, c1, j),
                o2 = FloatVector.fromArray(S, c2, j), o3 = FloatVector.fromArray(S, c3, j);
        if (first) {
            o0.blend(s0, keep).intoArray(c0, j);
            o1.blend(s1, keep).intoArray(c1, j);
            o2.blend(s2, keep).intoArray(c2, j);
            o3.blend(s3, keep).intoArray(c3, j);
        } else {
            o0.blend(o0.add(s0), keep).intoArray(c0, j);
            o1.blend(o1.add(s1), keep).intoArray(c1, j);
            o2.blend(o2.add(s2), keep).intoArray(c2, j);
            o3.blend(o3.add(s3), keep).intoArray(c3, j);
        }
    }

    private static void nn11(float[] ai, float[][] b, float[] ci, int j, int pc, int pe, boolean first, int from) {
        // one accumulator, the contraction in order: the same operations per element as nn44, nn14 and nn41,
        // so that a row's result does not depend on whether it falls in a tile of 4 rows
        FloatVector s0 = FloatVector.zero(S);
        for (int p = pc; p < pe; p++) s0 = FloatVector.fromArray(S, b[p], j).fma(FloatVector.broadcast(S, ai[p]), s0);
        FloatVector s = FloatVector.broadcast(S, -0f).add(s0); // a receiver of known type; -0 + s == s
        FloatVector o = FloatVector.fromArray(S, ci, j);
        if (first) o.blend(s, lanesFrom(from)).intoArray(ci, j);
        else o.blend(o.add(s), lanesFrom(from)).intoArray(ci, j);
    }

    // =====================================================================================================
    // C = scale A^T B + beta C
    // =====================================================================================================

    /** Products this narrow (a few output columns) run faster as the plain loops than in 16-lane vectors. */
    static final int NARROW_PLAIN = Integer.getInteger("nabla.narrowPlain", 4);

    @Override public void tn(float[][] a, float[][] b, float[][] c, int m, int k, int n, float scale, float beta) {
        if (k == 0 || (n < V && m < 4) || n <= NARROW_PLAIN) {
            PlainKernels.tnRows(a, b, c, m, k, n, scale, beta);
            return;
        }
        if (n < V) {
            tnNarrow(a, b, c, m, k, n, scale, beta);
            return;
        }
        for (int pc = 0; pc < k; pc += KC) {
            int pe = Math.min(k, pc + KC);
            // the first block applies beta (0: overwrite); later blocks add to what is there
            boolean overwrite = pc == 0 && beta == 0f;
            float eb = pc == 0 ? beta : 1f;
            int j = 0;
            for (; j + 4 * V <= n; j += 4 * V) {
                int i = 0;
                for (; i + 4 <= m; i += 4) tn44(a, b, c, i, j, pc, pe, scale, eb, overwrite);
                for (; i < m; i++) tn14(a, b, c[i], i, j, pc, pe, scale, eb, overwrite);
            }
            for (; j < n; j += V) {
                int jt = Math.min(j, n - V);
                int from = j - jt;
                int i = 0;
                for (; i + 4 <= m; i += 4) tn41(a, b, c, i, jt, pc, pe, scale, eb, overwrite, from);
                for (; i < m; i++) tn11(a, b, c[i], i, jt, pc, pe, scale, eb, overwrite, from);
            }
        }
    }

    /** {@code n < V}, as {@link #nnNarrow}; C's rows are copied in when beta is not 0. */
    private static void tnNarrow(float[][] a, float[][] b, float[][] c, int m, int k, int n, float scale, float beta) {
        int out = k * n + V;
        float[] w = scratch(out + V);
        for (int p = 0; p < k; p++) System.arraycopy(b[p], 0, w, p * n, n);
        boolean overwrite = beta == 0f;
        for (int i = 0; i < m; i++) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0;
            int p = 0;
            for (; p + 1 < k; p += 2) {
                s0 = FloatVector.fromArray(S, w, p * n).fma(FloatVector.broadcast(S, a[p][i]), s0);
                s1 = FloatVector.fromArray(S, w, (p + 1) * n).fma(FloatVector.broadcast(S, a[p + 1][i]), s1);
            }
            for (; p < k; p++) s0 = FloatVector.fromArray(S, w, p * n).fma(FloatVector.broadcast(S, a[p][i]), s0);
            FloatVector sc = FloatVector.broadcast(S, scale);
            if (overwrite) {
                sc.mul(FloatVector.broadcast(S, -0f).add(s0).add(s1)).intoArray(w, out);
            } else {
                System.arraycopy(c[i], 0, w, out, n);
                FloatVector old = FloatVector.fromArray(S, w, out).mul(FloatVector.broadcast(S, beta));
                sc.fma(FloatVector.broadcast(S, -0f).add(s0).add(s1), old).intoArray(w, out);
            }
            System.arraycopy(w, out, c[i], 0, n);
        }
    }

    private static void tn44(float[][] a, float[][] b, float[][] c, int i, int j, int pc, int pe, float scale,
                             float eb, boolean overwrite) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int p = pc; p < pe; p++) {
            float[] ap = a[p], bp = b[p];
            FloatVector b0 = FloatVector.fromArray(S, bp, j), b1 = FloatVector.fromArray(S, bp, j + V),
                    b2 = FloatVector.fromArray(S, bp, j + 2 * V), b3 = FloatVector.fromArray(S, bp, j + 3 * V);
            FloatVector x = FloatVector.broadcast(S, ap[i]);
            s00 = b0.fma(x, s00); s01 = b1.fma(x, s01); s02 = b2.fma(x, s02); s03 = b3.fma(x, s03);
            x = FloatVector.broadcast(S, ap[i + 1]);
            s10 = b0.fma(x, s10); s11 = b1.fma(x, s11); s12 = b2.fma(x, s12); s13 = b3.fma(x, s13);
            x = FloatVector.broadcast(S, ap[i + 2]);
            s20 = b0.fma(x, s20); s21 = b1.fma(x, s21); s22 = b2.fma(x, s22); s23 = b3.fma(x, s23);
            x = FloatVector.broadcast(S, ap[i + 3]);
            s30 = b0.fma(x, s30); s31 = b1.fma(x, s31); s32 = b2.fma(x, s32); s33 = b3.fma(x, s33);
        }
        float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
        FloatVector sc = FloatVector.broadcast(S, scale);
        if (overwrite) { // stores in both branches: see nn44
            sc.mul(s00).intoArray(c0, j); sc.mul(s01).intoArray(c0, j + V);
            sc.mul(s02).intoArray(c0, j + 2 * V); sc.mul(s03).intoArray(c0, j + 3 * V);
            sc.mul(s10).intoArray(c1, j); sc.mul(s11).intoArray(c1, j + V);
            sc.mul(s12).intoArray(c1, j + 2 * V); sc.mul(s13).intoArray(c1, j + 3 * V);
            sc.mul(s20).intoArray(c2, j); sc.mul(s21).intoArray(c2, j + V);
            sc.mul(s22).intoArray(c2, j + 2 * V); sc.mul(s23).intoArray(c2, j + 3 * V);
            sc.mul(s30).intoArray(c3, j); sc.mul(s31).intoArray(c3, j + V);
            sc.mul(s32).intoArray(c3, j + 2 * V); sc.mul(s33).intoArray(c3, j + 3 * V);
        } else {
            FloatVector e = FloatVector.broadcast(S, eb);
            sc.fma(s00, FloatVector.fromArray(S, c0, j).mul(e)).intoArray(c0, j);
            sc.fma(s01, FloatVector.fromArray(S, c0, j + V).mul(e)).intoArray(c0, j + V);
            sc.fma(s02, FloatVector.fromArray(S, c0, j + 2 * V).mul(e)).intoArray(c0, j + 2 * V);
            sc.fma(s03, FloatVector.fromArray(S, c0, j + 3 * V).mul(e)).intoArray(c0, j + 3 * V);
            sc.fma(s10, FloatVector.fromArray(S, c1, j).mul(e)).intoArray(c1, j);
            sc.fma(s11, FloatVector.fromArray(S, c1, j + V).mul(e)).intoArray(c1, j + V);
            sc.fma(s12, FloatVector.fromArray(S, c1, j + 2 * V).mul(e)).intoArray(c1, j + 2 * V);
            sc.fma(s13, FloatVector.fromArray(S, c1, j + 3 * V).mul(e)).intoArray(c1, j + 3 * V);
            sc.fma(s20, FloatVector.fromArray(S, c2, j).mul(e)).intoArray(c2, j);
            sc.fma(s21, FloatVector.fromArray(S, c2, j + V).mul(e)).intoArray(c2, j + V);
            sc.fma(s22, FloatVector.fromArray(S, c2, j + 2 * V).mul(e)).intoArray(c2, j + 2 * V);
            sc.fma(s23, FloatVector.fromArray(S, c2, j + 3 * V).mul(e)).intoArray(c2, j + 3 * V);
            sc.fma(s30, FloatVector.fromArray(S, c3, j).mul(e)).intoArray(c3, j);
            sc.fma(s31, FloatVector.fromArray(S, c3, j + V).mul(e)).intoArray(c3, j + V);
            sc.fma(s32, FloatVector.fromArray(S, c3, j + 2 * V).mul(e)).intoArray(c3, j + 2 * V);
            sc.fma(s33, FloatVector.fromArray(S, c3, j + 3 * V).mul(e)).intoArray(c3, j + 3 * V);
        }
    }

    private static void tn14(float[][] a, float[][] b, float[] ci, int i, int j, int pc, int pe, float scale,
                             float eb, boolean overwrite) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = pc; p < pe; p++) {
            float[] bp = b[p];
            FloatVector x = FloatVector.broadcast(S, a[p][i]);
            s0 = FloatVector.fromArray(S, bp, j).fma(x, s0);
            s1 = FloatVector.fromArray(S, bp, j + V).fma(x, s1);
            s2 = FloatVector.fromArray(S, bp, j + 2 * V).fma(x, s2);
            s3 = FloatVector.fromArray(S, bp, j + 3 * V).fma(x, s3);
        }
        FloatVector sc = FloatVector.broadcast(S, scale);
        if (overwrite) {
            sc.mul(s0).intoArray(ci, j); sc.mul(s1).intoArray(ci, j + V);
            sc.mul(s2).intoArray(ci, j + 2 * V); sc.mul(s3).intoArray(ci, j + 3 * V);
        } else {
            FloatVector e = FloatVector.broadcast(S, eb);
            sc.fma(s0, FloatVector.fromArray(S, ci, j).mul(e)).intoArray(ci, j);
            sc.fma(s1, FloatVector.fromArray(S, ci, j + V).mul(e)).intoArray(ci, j + V);
            sc.fma(s2, FloatVector.fromArray(S, ci, j + 2 * V).mul(e)).intoArray(ci, j + 2 * V);
            sc.fma(s3, FloatVector.fromArray(S, ci, j + 3 * V).mul(e)).intoArray(ci, j + 3 * V);
        }
    }

    private static void tn41(float[][] a, float[][] b, float[][] c, int i, int j, int pc, int pe, float scale,
                             float eb, boolean overwrite, int from) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int p = pc; p < pe; p++) {
            float[] ap = a[p];
            FloatVector bv = FloatVector.fromArray(S, b[p], j);
            s0 = bv.fma(FloatVector.broadcast(S, ap[i]), s0);
            s1 = bv.fma(FloatVector.broadcast(S, ap[i + 1]), s1);
            s2 = bv.fma(FloatVector.broadcast(S, ap[i + 2]), s2);
            s3 = bv.fma(FloatVector.broadcast(S, ap[i + 3]), s3);
        }
        VectorMask<Float> keep = lanesFrom(from);
        float[] c0 = c[i], c1 = c[i + 1], c2 = c[i + 2], c3 = c[i + 3];
        FloatVector o0 = FloatVector.fromArray(S, c0, j), o1 = FloatVector.fromArray(S, c1, j),
                o2 = FloatVector.fromArray(S, c2, j), o3 = FloatVector.fromArray(S, c3, j);
        FloatVector sc = FloatVector.broadcast(S, scale);
        if (overwrite) {
            o0.blend(sc.mul(s0), keep).intoArray(c0, j);
            o1.blend(sc.mul(s1), keep).intoArray(c1, j);
            o2.blend(sc.mul(s2), keep).intoArray(c2, j);
            o3.blend(sc.mul(s3), keep).intoArray(c3, j);
        } else {
            FloatVector e = FloatVector.broadcast(S, eb);
            o0.blend(sc.fma(s0, o0.mul(e)), keep).intoArray(c0, j);
            o1.blend(sc.fma(s1, o1.mul(e)), keep).intoArray(c1, j);
            o2.blend(sc.fma(s2, o2.mul(e)), keep).intoArray(c2, j);
            o3.blend(sc.fma(s3, o3.mul(e)), keep).intoArray(c3, j);
        }
    }

    private static void tn11(float[][] a, float[][] b, float[] ci, int i, int j, int pc, int pe, float scale,
                             float eb, boolean overwrite, int from) {
        FloatVector s0 = FloatVector.zero(S); // one accumulator, in order, as tn44, tn14 and tn41
        for (int p = pc; p < pe; p++) s0 = FloatVector.fromArray(S, b[p], j).fma(FloatVector.broadcast(S, a[p][i]), s0);
        FloatVector s = FloatVector.broadcast(S, -0f).add(s0); // receivers of known type
        FloatVector o = FloatVector.fromArray(S, ci, j);
        FloatVector sc = FloatVector.broadcast(S, scale);
        if (overwrite) o.blend(sc.mul(s), lanesFrom(from)).intoArray(ci, j);
        else o.blend(sc.fma(s, o.mul(FloatVector.broadcast(S, eb))), lanesFrom(from)).intoArray(ci, j);
    }

    // =====================================================================================================
    // Elementwise functions: per lane, the float operations of PlainKernels.exp(float) etc. in the same
    // order, so that both paths give the same bits (see the class comment). Each *Rows method runs whole
    // vectors and ends with one vector that ends at n: it overlaps lanes already done and stores the same
    // bits into them, so there are no masks and no scalar tail. In place, the input of that last vector is
    // copied to scratch before the lanes it shares are overwritten. All vector code of a function is in
    // one method (no vector crosses a call), and the only branches select array indices, never vectors.
    // Rows shorter than a vector run the plain loops.
    // =====================================================================================================

    @Override public void exp(float[] in, float[] out, int n) {
        if (n >= V) expRows(in, out, n);
        else PlainKernels.exp(in, out, 0, n);
    }

    /** e^x for {@code n >= V}. */
    private static void expRows(float[] in, float[] out, int n) {
        int tail = n - V;
        float[] tin = in; // where the input of the last vector, out[tail..n), is read
        int tfrom = tail;
        if (in == out && n % V != 0) { // in place: keep that input before the lanes it shares are overwritten
            tin = scratch(V);
            tfrom = 0;
            System.arraycopy(in, tail, tin, 0, V);
        }
        for (int j = 0; j < n; j += V) {
            boolean whole = j <= tail; // else the last vector, which ends at n
            FloatVector x = FloatVector.fromArray(S, whole ? in : tin, whole ? j : tfrom); // no vector phi
            FloatVector c = x.blend(EXP_MAX, x.compare(GT, EXP_MAX)); // NaN stays NaN
            c = c.blend(EXP_MIN, c.compare(LT, EXP_MIN));
            FloatVector z = c.fma(LOG2E, ROUND);
            FloatVector kf = z.sub(ROUND);
            IntVector k = z.reinterpretAsInts().sub(ROUND_BITS);
            FloatVector r = kf.fma(FloatVector.broadcast(S, -LN2_HI), c);
            r = kf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(E6, E5);
            p = p.fma(r, FloatVector.broadcast(S, E4));
            p = p.fma(r, FloatVector.broadcast(S, E3));
            p = p.fma(r, FloatVector.broadcast(S, E2));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            IntVector k1 = k.lanewise(ASHR, 1);
            FloatVector y = p.mul(k1.add(127).lanewise(LSHL, 23).reinterpretAsFloats())
                    .mul(k.sub(k1).add(127).lanewise(LSHL, 23).reinterpretAsFloats());
            y.intoArray(out, whole ? j : tail);
        }
    }

    @Override public void log(float[] in, float[] out, int n) {
        if (n >= V) logRows(in, out, n);
        else PlainKernels.log(in, out, 0, n);
    }

    /** The natural logarithm for {@code n >= V}. */
    private static void logRows(float[] in, float[] out, int n) {
        int tail = n - V;
        float[] tin = in; // where the input of the last vector, out[tail..n), is read
        int tfrom = tail;
        if (in == out && n % V != 0) { // in place: keep that input before the lanes it shares are overwritten
            tin = scratch(V);
            tfrom = 0;
            System.arraycopy(in, tail, tin, 0, V);
        }
        for (int j = 0; j < n; j += V) {
            boolean whole = j <= tail; // else the last vector, which ends at n
            FloatVector x = FloatVector.fromArray(S, whole ? in : tin, whole ? j : tfrom); // no vector phi
            VectorMask<Float> tiny = x.compare(LT, Float.MIN_NORMAL); // subnormal (or not in the domain)
            FloatVector xs = x.blend(x.mul(0x1p23f), tiny);
            FloatVector adjust = FloatVector.zero(S).blend(23f, tiny);
            IntVector ix = xs.reinterpretAsInts().sub(SQRT_HALF_BITS);
            FloatVector e = ix.lanewise(ASHR, 23).add(ROUND_BITS).reinterpretAsFloats().sub(ROUND).sub(adjust);
            FloatVector f = ix.and(0x007fffff).add(SQRT_HALF_BITS).reinterpretAsFloats().sub(1f);
            FloatVector q = f.fma(L10, L9);
            q = q.fma(f, FloatVector.broadcast(S, L8));
            q = q.fma(f, FloatVector.broadcast(S, L7));
            q = q.fma(f, FloatVector.broadcast(S, L6));
            q = q.fma(f, FloatVector.broadcast(S, L5));
            q = q.fma(f, FloatVector.broadcast(S, L4));
            q = q.fma(f, FloatVector.broadcast(S, L3));
            q = q.fma(f, FloatVector.broadcast(S, L2));
            FloatVector l = f.mul(f).fma(q, f);
            FloatVector v = e.fma(FloatVector.broadcast(S, LN2_HI), e.fma(FloatVector.broadcast(S, LN2_LO), l));
            v = v.blend(Float.NEGATIVE_INFINITY, x.compare(EQ, 0f));
            v = v.blend(Float.POSITIVE_INFINITY, x.compare(EQ, Float.POSITIVE_INFINITY));
            FloatVector y = FloatVector.broadcast(S, Float.NaN).blend(v, x.compare(GE, 0f)); // NaN below 0, NaN
            y.intoArray(out, whole ? j : tail);
        }
    }

    @Override public void tanh(float[] in, float[] out, int n) {
        if (n >= V) tanhRows(in, out, n);
        else PlainKernels.tanh(in, out, 0, n);
    }

    /** tanh for {@code n >= V}. */
    private static void tanhRows(float[] in, float[] out, int n) {
        int tail = n - V;
        float[] tin = in; // where the input of the last vector, out[tail..n), is read
        int tfrom = tail;
        if (in == out && n % V != 0) { // in place: keep that input before the lanes it shares are overwritten
            tin = scratch(V);
            tfrom = 0;
            System.arraycopy(in, tail, tin, 0, V);
        }
        for (int j = 0; j < n; j += V) {
            boolean whole = j <= tail; // else the last vector, which ends at n
            FloatVector x = FloatVector.fromArray(S, whole ? in : tin, whole ? j : tfrom); // no vector phi
            FloatVector a = x.abs();
            FloatVector s = a.mul(a);
            FloatVector q = s.fma(T17, T15);
            q = q.fma(s, FloatVector.broadcast(S, T13));
            q = q.fma(s, FloatVector.broadcast(S, T11));
            q = q.fma(s, FloatVector.broadcast(S, T9));
            q = q.fma(s, FloatVector.broadcast(S, T7));
            q = q.fma(s, FloatVector.broadcast(S, T5));
            q = q.fma(s, FloatVector.broadcast(S, T3));
            FloatVector small = a.mul(s).fma(q, a);
            FloatVector c = a.blend(TANH_MAX, a.compare(GT, TANH_MAX)); // NaN stays NaN
            FloatVector d = c.add(c);
            FloatVector z = d.fma(LOG2E, ROUND);
            FloatVector kf = z.sub(ROUND);
            IntVector k = z.reinterpretAsInts().sub(ROUND_BITS);
            FloatVector r = kf.fma(FloatVector.broadcast(S, -LN2_HI), d);
            r = kf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(E6, E5);
            p = p.fma(r, FloatVector.broadcast(S, E4));
            p = p.fma(r, FloatVector.broadcast(S, E3));
            p = p.fma(r, FloatVector.broadcast(S, E2));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            FloatVector e = p.mul(k.add(127).lanewise(LSHL, 23).reinterpretAsFloats());
            FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
            FloatVector t = large.blend(small, a.compare(LT, TANH_POLY));
            FloatVector y = t.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
            y.intoArray(out, whole ? j : tail);
        }
    }

    @Override public void sigmoid(float[] in, float[] out, int n) {
        if (n >= V) sigmoidRows(in, out, n);
        else PlainKernels.sigmoid(in, out, 0, n);
    }

    /** 1 / (1 + e^-x) for {@code n >= V}. */
    private static void sigmoidRows(float[] in, float[] out, int n) {
        int tail = n - V;
        float[] tin = in; // where the input of the last vector, out[tail..n), is read
        int tfrom = tail;
        if (in == out && n % V != 0) { // in place: keep that input before the lanes it shares are overwritten
            tin = scratch(V);
            tfrom = 0;
            System.arraycopy(in, tail, tin, 0, V);
        }
        for (int j = 0; j < n; j += V) {
            boolean whole = j <= tail; // else the last vector, which ends at n
            FloatVector x = FloatVector.fromArray(S, whole ? in : tin, whole ? j : tfrom); // no vector phi
            FloatVector nx = x.neg();
            FloatVector c = nx.blend(EXP_MAX, nx.compare(GT, EXP_MAX)); // NaN stays NaN
            c = c.blend(EXP_MIN, c.compare(LT, EXP_MIN));
            FloatVector z = c.fma(LOG2E, ROUND);
            FloatVector kf = z.sub(ROUND);
            IntVector k = z.reinterpretAsInts().sub(ROUND_BITS);
            FloatVector r = kf.fma(FloatVector.broadcast(S, -LN2_HI), c);
            r = kf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(E6, E5);
            p = p.fma(r, FloatVector.broadcast(S, E4));
            p = p.fma(r, FloatVector.broadcast(S, E3));
            p = p.fma(r, FloatVector.broadcast(S, E2));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            IntVector k1 = k.lanewise(ASHR, 1);
            FloatVector e = p.mul(k1.add(127).lanewise(LSHL, 23).reinterpretAsFloats())
                    .mul(k.sub(k1).add(127).lanewise(LSHL, 23).reinterpretAsFloats());
            FloatVector y = FloatVector.broadcast(S, 1f).div(e.add(1f));
            y.intoArray(out, whole ? j : tail);
        }
    }

    @Override public void swish(float[] in, float[] out, int n) {
        if (n >= V) swishRows(in, out, n);
        else PlainKernels.swish(in, out, 0, n);
    }

    /** x / (1 + e^-x) for {@code n >= V}. */
    private static void swishRows(float[] in, float[] out, int n) {
        int tail = n - V;
        float[] tin = in; // where the input of the last vector, out[tail..n), is read
        int tfrom = tail;
        if (in == out && n % V != 0) { // in place: keep that input before the lanes it shares are overwritten
            tin = scratch(V);
            tfrom = 0;
            System.arraycopy(in, tail, tin, 0, V);
        }
        for (int j = 0; j < n; j += V) {
            boolean whole = j <= tail; // else the last vector, which ends at n
            FloatVector x = FloatVector.fromArray(S, whole ? in : tin, whole ? j : tfrom); // no vector phi
            FloatVector nx = x.neg();
            FloatVector c = nx.blend(EXP_MAX, nx.compare(GT, EXP_MAX)); // NaN stays NaN
            c = c.blend(EXP_MIN, c.compare(LT, EXP_MIN));
            FloatVector z = c.fma(LOG2E, ROUND);
            FloatVector kf = z.sub(ROUND);
            IntVector k = z.reinterpretAsInts().sub(ROUND_BITS);
            FloatVector r = kf.fma(FloatVector.broadcast(S, -LN2_HI), c);
            r = kf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(E6, E5);
            p = p.fma(r, FloatVector.broadcast(S, E4));
            p = p.fma(r, FloatVector.broadcast(S, E3));
            p = p.fma(r, FloatVector.broadcast(S, E2));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            IntVector k1 = k.lanewise(ASHR, 1);
            FloatVector e = p.mul(k1.add(127).lanewise(LSHL, 23).reinterpretAsFloats())
                    .mul(k.sub(k1).add(127).lanewise(LSHL, 23).reinterpretAsFloats());
            FloatVector y = x.div(e.add(1f));
            y.intoArray(out, whole ? j : tail);
        }
    }
}
