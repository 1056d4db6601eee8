package dev.nabla.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.compiler.golden.Golden.GTensor;
import dev.nabla.compiler.golden.Golden.GoldenCase;
import dev.nabla.compiler.golden.GoldenRunner.Check;
import dev.nabla.compiler.golden.GoldenRunner.Program;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * losses.json: the scalar loss and dL/dpred of every loss, with PyTorch's reduction over a batch of
 * rows. Each row of {@code pred} is one example: the model's loss is per example and averaged over the
 * batch, which is PyTorch's {@code mean} reduction for a loss that is itself a mean (or a sum) over the
 * elements of one example. The gradient is dL/dpred, from a compilation with input gradients.
 *
 * <pre>
 * model Loss {
 *     input pred[2]
 *     target t[2]
 *     loss mse(pred, t)
 * }
 * </pre>
 */
class LossesGoldenTest {
    /** The golden {@code target} (a keyword in the model language) is the model's target {@code t}. */
    static final String TARGET = "t";

    /** The per-example loss in the model language. */
    static String lossExpression(GoldenCase gc, int batch, int perExample) {
        String p = "pred";
        String t = TARGET;
        String e = switch (gc.fn()) {
            case "mse" -> "mse(" + p + ", " + t + ")";
            case "mae" -> "mae(" + p + ", " + t + ")";
            case "huber" -> "huber(" + p + ", " + t + ", delta: " + GoldenRunner.num(gc.numArg("delta")) + ")";
            case "bce" -> "bce(" + p + ", " + t + ")";
            case "bce_with_logits" -> "bce_with_logits(" + p + ", " + t + ")";
            case "cross_entropy_logits" -> "cross_entropy(" + p + ", " + t
                    + (gc.hasArg("label_smoothing")
                    ? ", label_smoothing: " + GoldenRunner.num(gc.numArg("label_smoothing")) : "") + ")";
            // -sum(y * log(p)) / B with p a softmax output given as the input
            case "cross_entropy_probs" -> "-sum(" + t + " * log(" + p + "))";
            case "nll_log_probs" -> "nll(" + p + ", " + t + ")";
            default -> throw new IllegalStateException("no Nabla loss for " + gc.fn());
        };
        String reduction = gc.hasArg("reduction") ? gc.strArg("reduction") : "mean";
        switch (reduction) {
            case "mean" -> { }
            // PyTorch's sum reduction adds the loss of all B * D elements. The per-example loss is the mean
            // over the D elements of one example and the model averages it over the B examples, so the
            // model's loss is that total divided by B * D: scaling the per-example loss by B * D (B for
            // the batch mean, D for the mean inside mse/mae) gives the sum.
            case "sum" -> e = GoldenRunner.num((double) batch * perExample) + " * " + e;
            default -> throw new IllegalStateException("unknown reduction " + reduction + " in " + gc);
        }
        return e;
    }

    static Program program(GoldenCase gc) {
        Map<String, GTensor> given = gc.tensors("inputs");
        GTensor pred = given.get("pred");
        GTensor target = given.get("target");
        if (pred == null || target == null || pred.rank() != 2) throw new IllegalStateException(gc + ": expected pred[B, D]");
        int batch = pred.dim(0);
        int d = pred.dim(1);
        String text = "model Loss {\n"
                + "    input pred[" + d + "]\n"
                + "    target " + TARGET + "[" + target.dim(1) + "]\n"
                + "    loss " + lossExpression(gc, batch, d) + "\n"
                + "}\n";
        Map<String, GTensor> inputs = new LinkedHashMap<>();
        inputs.put("pred", pred);
        inputs.put(TARGET, target);
        List<Check> checks = List.of(
                Check.loss(gc.tensor("output").data()[0]),
                Check.inputGrad("pred", gc.tensors("grads").get("pred")));
        return new Program(text, batch, Map.of(), inputs, true, checks);
    }

    @TestFactory
    Stream<DynamicTest> losses() {
        return Golden.load("losses").cases().stream().flatMap(gc -> GoldenRunner.tests(gc, () -> program(gc)));
    }

    @Test
    void everyCaseIsPresent() {
        assertEquals(14, Golden.load("losses").cases().size());
    }
}
