package dev.nabla.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels' description names {@code -XX:PerMethodTrapLimit} when a JDK before 25 runs without
 * it (see {@code VectorKernels.jitHint}), and says nothing about it once the option is given.
 */
class JitHintTest {
    @Test void descriptionAsksForTheTrapLimitOnlyWhenItIsMissing() throws Exception {
        Assumptions.assumeTrue(ModuleFinder.ofSystem().find(Kernels.VECTOR_MODULE).isPresent(),
                "this JDK has no " + Kernels.VECTOR_MODULE);
        String without = implementation();
        String with = implementation("-XX:PerMethodTrapLimit=" + VectorKernels.RECOMMENDED_TRAP_LIMIT);
        Assumptions.assumeTrue(with.startsWith("vector"), "vector kernels not chosen here: " + with);
        assertFalse(with.contains("PerMethodTrapLimit"), with);
        if (Runtime.version().feature() < 25) {
            assertTrue(without.startsWith("vector") && without.contains("add -XX:PerMethodTrapLimit=10000"), without);
        } else {
            assertEquals(with, without);
        }
    }

    /** Kernels.implementation() in a new JVM with the vector module and the given options. */
    private static String implementation(String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.addAll(List.of(options));
        cmd.add("--add-modules");
        cmd.add(Kernels.VECTOR_MODULE);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ImplementationProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> !l.startsWith("WARNING")).reduce((a, b) -> b).orElse("");
    }
}
