package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/**
 * {@code log(1 + exp(x))} in the form that never overflows, {@code max(x,0) + log1p(exp(-|x|))}.
 * A primitive (not a decomposition) so that its derivative is exactly {@code sigmoid(x)}, also at 0.
 */
public record Softplus() implements Unary {
    @Override public String name() { return "softplus"; }
    @Override public double apply(double[] a) { return Math.max(a[0], 0) + Math.log1p(Math.exp(-Math.abs(a[0]))); }
    @Override public String emit(Num num, String[] a) {
        return num.cast("Math.max(" + a[0] + ", 0.0) + Math.log1p(Math.exp(-Math.abs(" + a[0] + ")))");
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return List.of(g.mul(up, g.sigmoid(node.input(0))));
    }

    /** {@code max(z, 0) + log(1 + e)}. */
    @Override public boolean hasExpNegAbsForm() { return true; }

    @Override public Node viaExpNegAbs(Graph g, Node z, Node e) {
        return g.add(g.add(new Relu(), z), g.log(g.add(g.constant(1), e)));
    }
}
