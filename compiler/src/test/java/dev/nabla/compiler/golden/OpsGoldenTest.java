package dev.nabla.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.compiler.golden.Golden.GoldenCase;
import dev.nabla.compiler.golden.GoldenRunner.Program;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * ops.json: matrix products, broadcasting, arithmetic, reductions, max, clamp and a shared
 * subexpression; the forward value and the gradient of every operand for {@code L = sum(y * upstream)}.
 */
class OpsGoldenTest {
    /** The case's expression in the model language. */
    static String expression(GoldenCase gc) {
        return switch (gc.fn()) {
            case "matmul", "matvec" -> "a @ b";
            case "matmul_transpose_b" -> "a @ b.T";                 // a @ b^T, weights stored [out, in]
            case "add_broadcast_row" -> "a + b";                    // [4, 5] + [5]
            case "mul" -> "a * b";
            case "div" -> "a / b";
            case "sub_scalar_mul" -> "2.5 * a - b";
            case "pow" -> "pow(x, " + GoldenRunner.num(gc.numArg("p")) + ")";
            case "sum_all" -> "sum(x)";
            case "mean_all" -> "mean(x)";
            case "sum_axis0", "sum_axis1" -> "sum(x, axis: " + (int) gc.numArg("axis") + ")";
            case "max_axis1" -> "max(x, axis: " + (int) gc.numArg("axis") + ")";
            case "transpose" -> "x.T";
            case "maximum" -> "maximum(a, b)";
            case "clamp" -> "clamp(x, min: " + GoldenRunner.num(gc.numArg("min")) + ", max: "
                    + GoldenRunner.num(gc.numArg("max")) + ")";
            // a used three times, sigmoid(a) twice: exercises fan-out accumulation (and CSE)
            case "shared_subexpression" -> "sigmoid(a) * a + sigmoid(a)";
            default -> throw new IllegalStateException("no Nabla expression for op " + gc.fn());
        };
    }

    static Program program(GoldenCase gc) { return UpstreamPrograms.of(gc, expression(gc)); }

    @TestFactory
    Stream<DynamicTest> ops() {
        return Golden.load("ops").cases().stream().flatMap(gc -> GoldenRunner.tests(gc, () -> program(gc)));
    }

    @Test
    void everyCaseIsPresent() {
        assertEquals(17, Golden.load("ops").cases().size());
    }
}
