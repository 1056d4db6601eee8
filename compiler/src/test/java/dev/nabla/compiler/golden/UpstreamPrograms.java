package dev.nabla.compiler.golden;

import dev.nabla.compiler.golden.GoldenRunner.Check;
import dev.nabla.compiler.golden.GoldenRunner.Program;
import dev.nabla.compiler.golden.Golden.GTensor;
import dev.nabla.compiler.golden.Golden.GoldenCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of activations.json and ops.json: operands {@code inputs}, an {@code upstream} tensor
 * (dL/dy), the forward value {@code output} and the gradients {@code grads} of
 * {@code L = sum(y * upstream)}. As a Nabla model, every operand and the upstream are parameters
 * (no batched input, so the loss is used as is, not averaged):
 *
 * <pre>
 * model Golden {
 *     param x[5, 7]
 *     param u[5, 7]
 *     output y = gelu(x)
 *     loss sum(y * u)
 * }
 * </pre>
 */
final class UpstreamPrograms {
    private UpstreamPrograms() {}

    /** The name of the upstream parameter; no golden operand is called that. */
    static final String UPSTREAM = "u";

    /** The program computing {@code y = expr} over the case's operands, with the checks of every field. */
    static Program of(GoldenCase gc, String expr) {
        Map<String, GTensor> operands = gc.tensors("inputs");
        if (operands.containsKey(UPSTREAM)) throw new IllegalStateException(gc + " has an operand named " + UPSTREAM);
        GTensor upstream = gc.tensor("upstream");
        Map<String, GTensor> params = new LinkedHashMap<>(operands);
        params.put(UPSTREAM, upstream);

        StringBuilder text = new StringBuilder("model Golden {\n");
        for (Map.Entry<String, GTensor> e : params.entrySet()) {
            text.append("    param ").append(e.getKey()).append(e.getValue().shapeText()).append('\n');
        }
        text.append("    output y = ").append(expr).append('\n');
        text.append("    loss sum(y * ").append(UPSTREAM).append(")\n");
        text.append("}\n");

        List<Check> checks = new ArrayList<>();
        checks.add(Check.output("y", gc.tensor("output")));
        for (Map.Entry<String, GTensor> g : gc.tensors("grads").entrySet()) {
            if (!operands.containsKey(g.getKey())) throw new IllegalStateException(gc + ": gradient of unknown " + g.getKey());
            checks.add(Check.grad(g.getKey(), g.getValue()));
        }
        return new Program(text.toString(), 1, params, Map.of(), false, checks);
    }

    /** {@code fn(x, key: value, ...)} with the case's numeric arguments (notes left out). */
    static String call(GoldenCase gc, String fn, String operand) {
        StringBuilder sb = new StringBuilder(fn).append('(').append(operand);
        for (String key : gc.args().keySet()) {
            if (key.equals("note")) continue;
            sb.append(", ").append(key).append(": ").append(GoldenRunner.num(gc.numArg(key)));
        }
        return sb.append(')').toString();
    }
}
