package dev.nabla.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
 * unless there are fewer than 4 rows; then the plain kernels are faster. The contraction index is
 * blocked by {@link #KC} so that the slice of B that a column panel streams through stays in the L1
 * cache.
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
 */
final class VectorKernels implements KernelProvider {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /**
     * Elementwise rows shorter than a vector but at least this long go through a scratch vector; shorter
     * ones run the scalar loops (measured: a row through scratch costs about as much as 4-8 scalar
     * sigmoids, or 2 scalar exps).
     */
    static final int NARROW = Math.max(2, V / 2);
    /** Per-thread scratch of the narrow products: B packed row after row, then 4 rows of C. */
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
        return "vector (jdk.incubator.vector, " + S.vectorBitSize() + "-bit, " + V + " float lanes)";
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
        if (k == 0 || (n < V && m < 4)) {
            PlainKernels.nnRows(a, b, c, m, k, n);
            return;
        }
        if (n < V) {
            nnNarrow(a, b, c, m, k, n);
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
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        int p = pc;
        for (; p + 1 < pe; p += 2) { // two accumulators hide the FMA latency
            s0 = FloatVector.fromArray(S, b[p], j).fma(FloatVector.broadcast(S, ai[p]), s0);
            s1 = FloatVector.fromArray(S, b[p + 1], j).fma(FloatVector.broadcast(S, ai[p + 1]), s1);
        }
        for (; p < pe; p++) s0 = FloatVector.fromArray(S, b[p], j).fma(FloatVector.broadcast(S, ai[p]), s0);
        FloatVector s = FloatVector.broadcast(S, -0f).add(s0).add(s1); // receivers of known type
        FloatVector o = FloatVector.fromArray(S, ci, j);
        if (first) o.blend(s, lanesFrom(from)).intoArray(ci, j);
        else o.blend(o.add(s), lanesFrom(from)).intoArray(ci, j);
    }

    // =====================================================================================================
    // C = scale A^T B + beta C
    // =====================================================================================================

    @Override public void tn(float[][] a, float[][] b, float[][] c, int m, int k, int n, float scale, float beta) {
        if (k == 0 || (n < V && m < 4)) {
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
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        int p = pc;
        for (; p + 1 < pe; p += 2) {
            s0 = FloatVector.fromArray(S, b[p], j).fma(FloatVector.broadcast(S, a[p][i]), s0);
            s1 = FloatVector.fromArray(S, b[p + 1], j).fma(FloatVector.broadcast(S, a[p + 1][i]), s1);
        }
        for (; p < pe; p++) s0 = FloatVector.fromArray(S, b[p], j).fma(FloatVector.broadcast(S, a[p][i]), s0);
        FloatVector s = FloatVector.broadcast(S, -0f).add(s0).add(s1); // receivers of known type
        FloatVector o = FloatVector.fromArray(S, ci, j);
        FloatVector sc = FloatVector.broadcast(S, scale);
        if (overwrite) o.blend(sc.mul(s), lanesFrom(from)).intoArray(ci, j);
        else o.blend(sc.fma(s, o.mul(FloatVector.broadcast(S, eb))), lanesFrom(from)).intoArray(ci, j);
    }

    // =====================================================================================================
    // Elementwise functions. Whole vectors, then one vector that ends at n stored through a lane mask (so
    // that the lanes already done, which may have been overwritten in place, are kept). Rows shorter than
    // a vector go through a scratch vector; rows shorter than NARROW take the plain loops.
    // =====================================================================================================

    @Override public void exp(float[] in, float[] out, int n) {
        if (n < V) {
            if (n < NARROW) {
                PlainKernels.exp(in, out, 0, n);
                return;
            }
            float[] w = scratch(V); // one vector through scratch (lanes past n are never copied out)
            System.arraycopy(in, 0, w, 0, n);
            FloatVector x = FloatVector.fromArray(S, w, 0);
            x.lanewise(VectorOperators.EXP).intoArray(w, 0);
            System.arraycopy(w, 0, out, 0, n);
            return;
        }
        int j = 0;
        for (int e = S.loopBound(n); j < e; j += V) {
            FloatVector x = FloatVector.fromArray(S, in, j);
            x.lanewise(VectorOperators.EXP).intoArray(out, j);
        }
        if (j < n) {
            int t = n - V;
            FloatVector x = FloatVector.fromArray(S, in, t);
            FloatVector r = x.lanewise(VectorOperators.EXP);
            FloatVector.fromArray(S, out, t).blend(r, lanesFrom(j - t)).intoArray(out, t);
        }
    }

    @Override public void log(float[] in, float[] out, int n) {
        if (n < V) {
            if (n < NARROW) {
                PlainKernels.log(in, out, 0, n);
                return;
            }
            float[] w = scratch(V); // one vector through scratch (lanes past n are never copied out)
            System.arraycopy(in, 0, w, 0, n);
            FloatVector x = FloatVector.fromArray(S, w, 0);
            x.lanewise(VectorOperators.LOG).intoArray(w, 0);
            System.arraycopy(w, 0, out, 0, n);
            return;
        }
        int j = 0;
        for (int e = S.loopBound(n); j < e; j += V) {
            FloatVector x = FloatVector.fromArray(S, in, j);
            x.lanewise(VectorOperators.LOG).intoArray(out, j);
        }
        if (j < n) {
            int t = n - V;
            FloatVector x = FloatVector.fromArray(S, in, t);
            FloatVector r = x.lanewise(VectorOperators.LOG);
            FloatVector.fromArray(S, out, t).blend(r, lanesFrom(j - t)).intoArray(out, t);
        }
    }

    @Override public void tanh(float[] in, float[] out, int n) {
        if (n < V) {
            if (n < NARROW) {
                PlainKernels.tanh(in, out, 0, n);
                return;
            }
            float[] w = scratch(V); // one vector through scratch (lanes past n are never copied out)
            System.arraycopy(in, 0, w, 0, n);
            FloatVector x = FloatVector.fromArray(S, w, 0);
            x.lanewise(VectorOperators.TANH).intoArray(w, 0);
            System.arraycopy(w, 0, out, 0, n);
            return;
        }
        int j = 0;
        for (int e = S.loopBound(n); j < e; j += V) {
            FloatVector x = FloatVector.fromArray(S, in, j);
            x.lanewise(VectorOperators.TANH).intoArray(out, j);
        }
        if (j < n) {
            int t = n - V;
            FloatVector x = FloatVector.fromArray(S, in, t);
            FloatVector r = x.lanewise(VectorOperators.TANH);
            FloatVector.fromArray(S, out, t).blend(r, lanesFrom(j - t)).intoArray(out, t);
        }
    }

    @Override public void sigmoid(float[] in, float[] out, int n) {
        if (n < V) {
            if (n < NARROW) {
                PlainKernels.sigmoid(in, out, 0, n);
                return;
            }
            float[] w = scratch(V); // one vector through scratch (lanes past n are never copied out)
            System.arraycopy(in, 0, w, 0, n);
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector x = FloatVector.fromArray(S, w, 0);
            one.div(one.add(x.neg().lanewise(VectorOperators.EXP))).intoArray(w, 0);
            System.arraycopy(w, 0, out, 0, n);
            return;
        }
        int j = 0;
        for (int e = S.loopBound(n); j < e; j += V) {
            FloatVector one = FloatVector.broadcast(S, 1f); // in the loop, not before it: see the class comment
            FloatVector x = FloatVector.fromArray(S, in, j);
            one.div(one.add(x.neg().lanewise(VectorOperators.EXP))).intoArray(out, j);
        }
        if (j < n) {
            int t = n - V;
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector x = FloatVector.fromArray(S, in, t);
            FloatVector r = one.div(one.add(x.neg().lanewise(VectorOperators.EXP)));
            FloatVector.fromArray(S, out, t).blend(r, lanesFrom(j - t)).intoArray(out, t);
        }
    }

    @Override public void swish(float[] in, float[] out, int n) {
        if (n < V) {
            if (n < NARROW) {
                PlainKernels.swish(in, out, 0, n);
                return;
            }
            float[] w = scratch(V); // one vector through scratch (lanes past n are never copied out)
            System.arraycopy(in, 0, w, 0, n);
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector x = FloatVector.fromArray(S, w, 0);
            x.mul(one.div(one.add(x.neg().lanewise(VectorOperators.EXP)))).intoArray(w, 0);
            System.arraycopy(w, 0, out, 0, n);
            return;
        }
        int j = 0;
        for (int e = S.loopBound(n); j < e; j += V) {
            FloatVector one = FloatVector.broadcast(S, 1f); // in the loop, not before it: see the class comment
            FloatVector x = FloatVector.fromArray(S, in, j);
            x.mul(one.div(one.add(x.neg().lanewise(VectorOperators.EXP)))).intoArray(out, j);
        }
        if (j < n) {
            int t = n - V;
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector x = FloatVector.fromArray(S, in, t);
            FloatVector r = x.mul(one.div(one.add(x.neg().lanewise(VectorOperators.EXP))));
            FloatVector.fromArray(S, out, t).blend(r, lanesFrom(j - t)).intoArray(out, t);
        }
    }
}
