package dev.nabla.compiler.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The background warm-up only helps if its class compiles: it must keep compiling as the code it imitates changes. */
class WarmUpTest {
    @Test
    void theWarmUpClassCompilesAndRuns() {
        assertEquals("dev.nabla.warmup.WarmUp", JaninoCompiler.warmUp().getName());
    }
}
