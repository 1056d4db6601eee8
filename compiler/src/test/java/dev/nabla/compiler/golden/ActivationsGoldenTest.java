package dev.nabla.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.compiler.golden.Golden.GoldenCase;
import dev.nabla.compiler.golden.GoldenRunner.Program;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * activations.json: {@code y = fn(x)} and {@code dL/dx} for {@code L = sum(y * upstream)}, for every
 * activation and elementwise function, including the extreme-input cases (±1000, ±1e-9, 0) where NaN
 * or an infinity is a failure.
 */
class ActivationsGoldenTest {
    /** The golden names that are spelled the same in the model language. */
    private static final Set<String> FUNCTIONS = Set.of("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu",
            "swish", "gelu", "gelu_tanh", "softplus", "mish", "softmax", "log_softmax", "exp", "log", "sqrt",
            "abs", "square", "reciprocal", "neg");

    static Program program(GoldenCase gc) {
        if (!FUNCTIONS.contains(gc.fn())) throw new IllegalStateException("no Nabla spelling for activation " + gc.fn());
        return UpstreamPrograms.of(gc, UpstreamPrograms.call(gc, gc.fn(), "x"));
    }

    @TestFactory
    Stream<DynamicTest> activations() {
        return Golden.load("activations").cases().stream().flatMap(gc -> GoldenRunner.tests(gc, () -> program(gc)));
    }

    @Test
    void everyCaseIsPresent() {
        assertEquals(96, Golden.load("activations").cases().size());
    }
}
