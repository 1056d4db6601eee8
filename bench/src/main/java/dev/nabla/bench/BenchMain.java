package dev.nabla.bench;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.jit.JaninoCompiler;
import dev.nabla.runtime.TrainableModel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmarks of generated trainers, printing {@code RESULT} lines in the format of the baselines so one
 * script can compare them. Usage:
 * <pre>
 *   BenchMain step B1 B2 B3 B4      time one training step (forward + loss + backward + update)
 *   BenchMain compile-cold B1       model file to ready trainer, first compile in this JVM
 *   BenchMain compile-warm B1 B2    the same after warm-up (median of repeated compiles)
 * </pre>
 * Timing follows the baselines' harness: warm-up for at least {@code bench.warmupSec} seconds and
 * {@code bench.minWarmSteps} steps, then {@code bench.windows} windows of about {@code bench.windowSec}
 * seconds; the median window's milliseconds per step is reported.
 */
public final class BenchMain {
    static final double WARMUP_SEC = Double.parseDouble(System.getProperty("bench.warmupSec", "3"));
    static final int MIN_WARM_STEPS = Integer.getInteger("bench.minWarmSteps", 300);
    static final int WINDOWS = Integer.getInteger("bench.windows", 7);
    static final double WINDOW_SEC = Double.parseDouble(System.getProperty("bench.windowSec", "0.5"));

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        if (args.length < 2) {
            System.err.println("usage: BenchMain step|compile-cold|compile-warm B1 [B2 ...]");
            System.exit(1);
        }
        String mode = args[0];
        for (int i = 1; i < args.length; i++) {
            Reference ref = Reference.valueOf(args[i]);
            switch (mode) {
                case "step" -> step(ref);
                case "compile-cold" -> compileCold(ref, start);
                case "compile-warm" -> compileWarm(ref);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        }
    }

    static String source(Reference ref) throws IOException {
        try (InputStream in = BenchMain.class.getResourceAsStream(ref.modelFile())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static final int THREADS = Integer.getInteger("bench.threads", 1);

    static TrainableModel build(Reference ref, boolean cached) throws IOException {
        return build(ref, cached, ref.batch);
    }

    static TrainableModel build(Reference ref, boolean cached, int batch) throws IOException {
        Compilation c = Nabla.translate(ref.name().toLowerCase() + ".nabla", source(ref), CompileOptions.defaults());
        if (!cached) JaninoCompiler.compileUncached(c.java(), ref.name());
        return c.load().newModel(batch, 0);
    }

    static void step(Reference ref) throws IOException {
        int b = Integer.getInteger("bench.batch", ref.batch);
        TrainableModel m = dev.nabla.runtime.DataParallelModel.of(build(ref, true, b), THREADS);
        m.initialize(Reference.SEED + 1);
        Reference.Data d = ref.data(b);
        boolean classes = m.signature().targets().get(0).isClass();
        int nb = Reference.NUM_BATCHES;
        // one step: stage a prebuilt batch (a copy into the model's buffers, as a training loop does) and train
        java.util.function.IntToDoubleFunction step = q -> {
            float[][] x = d.x()[q];
            for (int e = 0; e < b; e++) {
                m.setInput(0, e, x[e]);
                if (classes) m.setClassTarget(0, e, d.classes()[q][e]);
                else m.setTarget(0, e, d.targets()[q][e]);
            }
            return m.trainStep(b);
        };
        double lossStart = step.applyAsDouble(0);
        long t0 = System.nanoTime(), mark = t0, markSteps = 0, steps = 0;
        double nsPerStep = 0;
        while (true) {
            step.applyAsDouble((int) (steps % nb));
            steps++;
            long now = System.nanoTime();
            if (now - mark > 250_000_000L) {
                nsPerStep = (now - mark) / (double) (steps - markSteps);
                mark = now;
                markSteps = steps;
            }
            if (now - t0 >= WARMUP_SEC * 1e9 && steps >= MIN_WARM_STEPS) break;
        }
        double warmS = (System.nanoTime() - t0) / 1e9;
        if (nsPerStep == 0) nsPerStep = warmS * 1e9 / steps;
        int perWindow = (int) Math.max(nb, Math.round(WINDOW_SEC * 1e9 / nsPerStep / nb) * nb);
        double[] ms = new double[WINDOWS];
        long idx = 0;
        double sink = 0;
        for (int w = 0; w < WINDOWS; w++) {
            long a = System.nanoTime();
            for (int i = 0; i < perWindow; i++) sink += step.applyAsDouble((int) (idx++ % nb));
            ms[w] = (System.nanoTime() - a) / 1e6 / perWindow;
        }
        double lossEnd = step.applyAsDouble(0);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 1000; i++) sink += m.trainStep(b);
        if (m instanceof dev.nabla.runtime.DataParallelModel p) p.close();
        long alloc = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double med = sorted[WINDOWS / 2];
        StringBuilder win = new StringBuilder();
        for (double v : ms) win.append(win.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", v));
        System.out.printf(Locale.ROOT, "RESULT framework=nabla variant=%s model=%s(%s) threads=" + THREADS + " batch=%d median_ms=%.6f "
                        + "min_ms=%.6f max_ms=%.6f samples_per_s=%.0f gflops=%.3f warmup_steps=%d warmup_s=%.1f "
                        + "steps_per_window=%d windows_ms=[%s] loss_start=%.5f loss_end=%.5f alloc_bytes_per_step=%.1f%s%n",
                variant(), ref.name(), ref.title, b, med, sorted[0], sorted[WINDOWS - 1], b / (med / 1000.0),
                ref.stepFlops(b) / (med / 1000.0) / 1e9, steps, warmS, perWindow, win, lossStart, lossEnd, alloc / 1000.0,
                Double.isFinite(sink) ? "" : " nonfinite=1");
    }

    /** {@code generated-vector} or {@code generated-plain}: which runtime kernels the generated code ran on. */
    static String variant() {
        return System.getProperty("bench.variant",
                "generated-" + (dev.nabla.runtime.kernels.Kernels.isVectorized() ? "vector" : "plain"));
    }

    /**
     * Model file to ready trainer in this (cold) JVM, with where the time goes: the front end alone (parse
     * and check, the first code of the compiler to run), the whole pipeline to Java source (which runs the
     * front end again, now loaded), Janino, and creating and initializing the model; plus how many classes
     * the JVM loaded and how long its JIT compilers worked meanwhile.
     */
    static void compileCold(Reference ref, long mainStart) throws IOException {
        java.lang.management.ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int classesBefore = classes.getLoadedClassCount();
        long jitBefore = jit.getTotalCompilationTime();
        SourceFile file = new SourceFile(ref.name().toLowerCase() + ".nabla", source(ref));
        long a = System.nanoTime();
        Nabla.check(file.name(), file.text(), CompileOptions.defaults());
        long front = System.nanoTime();
        Compilation c = Nabla.translate(file.name(), file.text(), CompileOptions.defaults());
        long java = System.nanoTime();
        dev.nabla.compiler.CompiledModel compiled = c.load();
        long janino = System.nanoTime();
        TrainableModel m = compiled.newModel(ref.batch, 0);
        m.initialize(1);
        long b = System.nanoTime();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        double sinceJvm = System.currentTimeMillis() - jvmStart;
        System.out.printf(Locale.ROOT, "RESULT framework=nabla variant=compile-cold model=%s(%s) threads=1 batch=%d "
                        + "median_ms=%.3f since_main_ms=%.3f since_jvm_start_ms=%.1f front_end_ms=%.1f to_java_ms=%.1f "
                        + "janino_ms=%.1f instantiate_ms=%.1f classes_loaded=%d jit_ms=%d%n",
                ref.name(), ref.title, ref.batch, (b - a) / 1e6, (b - mainStart) / 1e6, sinceJvm, (front - a) / 1e6,
                (java - front) / 1e6, (janino - java) / 1e6, (b - janino) / 1e6,
                classes.getLoadedClassCount() - classesBefore, jit.getTotalCompilationTime() - jitBefore);
    }

    static void compileWarm(Reference ref) throws IOException {
        for (int i = 0; i < 30; i++) build(ref, false);
        double[] ms = new double[25];
        for (int i = 0; i < ms.length; i++) {
            long a = System.nanoTime();
            build(ref, false).initialize(1);
            ms[i] = (System.nanoTime() - a) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "RESULT framework=nabla variant=compile-warm model=%s(%s) threads=1 batch=%d "
                + "median_ms=%.3f min_ms=%.3f max_ms=%.3f%n", ref.name(), ref.title, ref.batch, ms[ms.length / 2], ms[0],
                ms[ms.length - 1]);
    }
}
