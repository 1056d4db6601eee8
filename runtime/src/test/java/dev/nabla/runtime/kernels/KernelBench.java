package dev.nabla.runtime.kernels;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Micro-benchmark of the kernels, plain against vector (not a test). Run from the runtime module after
 * {@code mvn -o -pl runtime test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes dev.nabla.runtime.kernels.KernelBench
 * </pre>
 * Without {@code --add-modules} only the plain kernels run. Options (system properties):
 * {@code bench.warmup} seconds of warm-up per measurement (default 1.5), {@code bench.window} seconds per
 * timed window (0.1), {@code bench.windows} windows (15), {@code bench.only} a comma-separated subset of
 * {@code gemm,small,elementwise,transpose}. Prints GFLOP/s (2mkn flops per product) or ns per element as
 * "median (best window)" — the machine is shared, so the best window is the better estimate of what
 * the kernel does on a free core — and the bytes allocated per call (0 expected).
 */
public final class KernelBench {
    private static final double WARMUP = Double.parseDouble(System.getProperty("bench.warmup", "1.5"));
    private static final double WINDOW = Double.parseDouble(System.getProperty("bench.window", "0.1"));
    private static final int WINDOWS = Integer.getInteger("bench.windows", 15);
    private static final String ONLY = System.getProperty("bench.only", "gemm,small,elementwise,transpose");
    private static volatile float sink;

    private KernelBench() {}

    interface Body { void run(); }

    /**
     * Seconds per call: {median, best} over {@link #WINDOWS} windows after a warm-up that lasts until the
     * JIT has compiled the kernel (at least {@link #WARMUP} seconds), and bytes allocated per call.
     */
    static double[] time(Body body) {
        long calls = 0;
        long end = System.nanoTime() + (long) (WARMUP * 1e9);
        while (System.nanoTime() < end || calls < 50) { body.run(); calls++; }
        long t0 = System.nanoTime();
        for (int i = 0; i < 10; i++) body.run();
        double per = (System.nanoTime() - t0) / 10e9;
        long reps = Math.max(1, (long) (WINDOW / Math.max(per, 1e-9)));
        double[] w = new double[WINDOWS];
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long b0 = tmx.getThreadAllocatedBytes(tid);
        for (int k = 0; k < w.length; k++) {
            long s = System.nanoTime();
            for (long r = 0; r < reps; r++) body.run();
            w[k] = (System.nanoTime() - s) / 1e9 / reps;
        }
        long bytes = tmx.getThreadAllocatedBytes(tid) - b0;
        Arrays.sort(w);
        return new double[] {w[w.length / 2], w[0], (double) bytes / (reps * w.length)};
    }

    static float[][] matrix(Random r, int rows, int cols) {
        float[][] x = new float[rows][cols];
        for (float[] row : x) for (int j = 0; j < cols; j++) row[j] = 2 * r.nextFloat() - 1;
        return x;
    }

    public static void main(String[] args) {
        KernelProvider plain = Kernels.plain();
        KernelProvider vector = Kernels.vectorOrNull();
        List<KernelProvider> impls = new ArrayList<>(List.of(plain));
        if (vector != null) impls.add(vector);
        System.out.println("# " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "; active: " + Kernels.implementation());
        if (vector == null) System.out.println("# (no --add-modules jdk.incubator.vector: plain only)");
        Random r = new Random(7);
        if (ONLY.contains("gemm")) {
            // B2 (784 -> 256 -> 128 -> 10, batch 128): forward nn, backward dX nn, weight gradients tn
            int[][] nn = {{128, 784, 256}, {128, 256, 128}, {128, 128, 10}, {128, 10, 128}, {128, 128, 256}};
            int[][] tn = {{256, 128, 784}, {784, 128, 256}, {128, 128, 256}, {10, 128, 128}, {256, 128, 128}};
            for (int[] s : nn) gemm("nn", impls, r, s);
            for (int[] s : tn) gemm("tn", impls, r, s);
        }
        if (ONLY.contains("small")) {
            // B1 (4 -> 16 -> 3, batch 16) and B3 (32 -> 64 x4 -> 1, batch 32)
            int[][] nn = {{16, 4, 16}, {16, 16, 3}, {32, 32, 64}, {32, 64, 64}, {32, 64, 1}, {8, 8, 8}, {4, 4, 16}};
            for (int[] s : nn) gemm("nn", impls, r, s);
            int[][] tn = {{4, 16, 16}, {16, 16, 3}, {64, 32, 64}, {32, 32, 64}};
            for (int[] s : tn) gemm("tn", impls, r, s);
        }
        if (ONLY.contains("transpose")) {
            float[][] w = matrix(r, 256, 784), t = new float[784][256];
            double[] a = time(() -> Gemm.transposeSimple(w, t, 256, 784));
            double[] b = time(() -> Gemm.transpose(w, t, 256, 784));
            System.out.printf(Locale.ROOT, "transpose 256x784  row by row %8.1f (%8.1f) us   8x8 blocks %8.1f (%8.1f) us%n",
                    a[0] * 1e6, a[1] * 1e6, b[0] * 1e6, b[1] * 1e6);
        }
        if (ONLY.contains("elementwise")) {
            String[] fns = {"exp", "tanh", "sigmoid", "swish", "log"};
            int[] lengths = {256 * 128, 256, 64, 17, 16, 10, 8, 4};
            for (String f : fns) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s ns/element", f));
                for (int n : lengths) line.append(String.format(Locale.ROOT, " | n=%-12d", n));
                System.out.println(line);
                for (KernelProvider k : impls) {
                    line = new StringBuilder(String.format(Locale.ROOT, "  %-16s", name(k)));
                    for (int n : lengths) {
                        // rows of length n, 32768 elements in all (or at least 64 rows)
                        int rows = Math.max(64, 32768 / n);
                        float[][] in = matrix(r, rows, n), out = new float[rows][n];
                        if (f.equals("log")) for (float[] row : in) for (int j = 0; j < n; j++) row[j] = Math.abs(row[j]) + 0.01f;
                        double[] t = time(() -> {
                            for (int q = 0; q < rows; q++) {
                                switch (f) {
                                    case "exp" -> k.exp(in[q], out[q], n);
                                    case "tanh" -> k.tanh(in[q], out[q], n);
                                    case "sigmoid" -> k.sigmoid(in[q], out[q], n);
                                    case "swish" -> k.swish(in[q], out[q], n);
                                    default -> k.log(in[q], out[q], n);
                                }
                            }
                            sink += out[rows - 1][n - 1];
                        });
                        line.append(String.format(Locale.ROOT, " | %6.2f (%5.2f)", t[0] * 1e9 / ((double) rows * n),
                                t[1] * 1e9 / ((double) rows * n)));
                    }
                    System.out.println(line);
                }
            }
        }
    }

    private static String name(KernelProvider k) { return k.lanes() > 1 ? "vector" : "plain"; }

    private static void gemm(String op, List<KernelProvider> impls, Random r, int[] s) {
        int m = s[0], k = s[1], n = s[2];
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %4dx%4dx%4d", op, m, k, n));
        double flops = 2.0 * m * k * n;
        for (KernelProvider impl : impls) {
            float[][] a, b, c = new float[m][n];
            double[] t;
            switch (op) {
                case "nn" -> {
                    a = matrix(r, m, k);
                    b = matrix(r, k, n);
                    float[][] aa = a, bb = b;
                    t = time(() -> impl.nn(aa, bb, c, m, k, n));
                }
                default -> {
                    a = matrix(r, k, m);
                    b = matrix(r, k, n);
                    float[][] aa = a, bb = b;
                    t = time(() -> impl.tn(aa, bb, c, m, k, n, 1f, 0f));
                }
            }
            line.append(String.format(Locale.ROOT, " | %-6s %6.1f (%6.1f) GFLOP/s %8.1f us %3.0f B", name(impl),
                    flops / t[0] / 1e9, flops / t[1] / 1e9, t[1] * 1e6, t[2]));
        }
        System.out.println(line);
    }
}
