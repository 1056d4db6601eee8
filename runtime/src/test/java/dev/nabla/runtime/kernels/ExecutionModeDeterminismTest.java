package dev.nabla.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The elementwise kernels give the same bits however the JVM runs them. The Vector API's own
 * transcendental operations did not (interpreted or in C1 code they fall back on {@link Math}, compiled by
 * C2 they use an intrinsic about 1 ulp away), so a training run's weights depended on when C2 compiled a
 * kernel. Here {@link ModeProbe} computes every function over a fixed input, in rows of every length, in
 * forked JVMs started with {@code -Xint} and with {@code -XX:TieredStopAtLevel=1} (the same java and class
 * path, with {@code --add-modules jdk.incubator.vector} whenever the JDK has the module, so the vector
 * kernels run there as the Vector API's Java fallback, lane by lane); this JVM computes the same after
 * warming the kernels up until C2 has compiled them. The plain and the vector kernels must give the same
 * bits in every JVM (NaNs compared as NaN). In the build's run without the module in this JVM, the
 * forked JVMs' vector kernels are compared with this JVM's plain ones.
 */
class ExecutionModeDeterminismTest {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** The forked JVMs: interpreter only, and C1 only (which compiles the Vector API's Java fallback). */
    private static final String[][] MODES = {{"-Xint"}, {"-XX:TieredStopAtLevel=1"}};

    @Test void interpretedAndCompiledKernelsGiveTheSameBits(@TempDir Path dir) throws Exception {
        // the forked runs first: they take a moment, and the warm-up below overlaps with them
        List<Process> children = new ArrayList<>();
        for (int m = 0; m < MODES.length; m++) children.add(fork(MODES[m], dir.resolve(m + ".bin"), dir.resolve(m + ".log")));
        float[] x = ModeProbe.input();
        List<KernelProvider> impls = new ArrayList<>(List.of(Impls.PLAIN));
        if (Impls.VECTOR != null) impls.add(Impls.VECTOR);
        // warm up: the same calls over and over for at least a second and a half (each kernel and row
        // length tens of thousands of times; C2 has compiled them after about 0.8 s), so that the results
        // below come from C2-compiled code
        long start = System.nanoTime();
        for (int round = 0; round < 1000 || System.nanoTime() - start < 1_500_000_000L; round++) {
            for (KernelProvider k : impls) ModeProbe.results(k, x);
            if (System.nanoTime() - start > 6_000_000_000L) break;
        }
        List<float[]> plain = ModeProbe.results(Impls.PLAIN, x);
        List<float[]> vector = Impls.VECTOR == null ? null : ModeProbe.results(Impls.VECTOR, x);
        if (vector != null) same("C2: vector vs plain kernels", plain, vector, x);

        for (int m = 0; m < MODES.length; m++) {
            String mode = String.join(" ", MODES[m]);
            Process child = children.get(m);
            boolean exited = child.waitFor(120, TimeUnit.SECONDS);
            if (!exited) child.destroyForcibly();
            String log = Files.readString(dir.resolve(m + ".log"), StandardCharsets.UTF_8);
            assertTrue(exited, "the " + mode + " JVM did not finish: " + log);
            assertEquals(0, child.exitValue(), "the " + mode + " JVM failed: " + log);
            List<float[]> plainThere, vectorThere = null;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(m + ".bin"))))) {
                plainThere = ModeProbe.read(in);
                boolean hasVector = in.readBoolean();
                assertEquals(jdkHasVectorModule(), hasVector, "vector kernels in the " + mode + " JVM: " + log);
                if (hasVector) vectorThere = ModeProbe.read(in);
            }
            // the same kernels in that mode and compiled by C2, then its vector kernels against the plain ones
            same("plain kernels, " + mode + " vs C2", plain, plainThere, x);
            if (vectorThere != null && vector != null) same("vector kernels, " + mode + " vs C2", vector, vectorThere, x);
            if (vectorThere != null) same("vector kernels " + mode + " vs plain kernels C2", plain, vectorThere, x);
        }
    }

    private static Process fork(String[] mode, Path file, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(mode));
        cmd.add("-Xmx256m");
        if (jdkHasVectorModule()) {
            cmd.add("--add-modules");
            cmd.add(VECTOR_MODULE);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ModeProbe.class.getName());
        cmd.add(file.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static boolean jdkHasVectorModule() { return ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent(); }

    private static void same(String what, List<float[]> expected, List<float[]> actual, float[] x) {
        for (int f = 0; f < ModeProbe.FUNCTIONS.length; f++) {
            float[] e = expected.get(f), a = actual.get(f);
            assertEquals(e.length, a.length);
            for (int i = 0; i < e.length; i++) {
                if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
                    fail(what + ": " + ModeProbe.FUNCTIONS[f] + "(" + x[i] + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(x[i]))
                            + ") at " + i + ": 0x" + Integer.toHexString(Float.floatToRawIntBits(e[i])) + " (" + e[i]
                            + ") vs 0x" + Integer.toHexString(Float.floatToRawIntBits(a[i])) + " (" + a[i] + ")");
                }
            }
        }
    }
}
