package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code x > 0 ? x : alpha (exp(x) - 1)}, with expm1 for accuracy near 0; derivative alpha at 0. */
public record Elu(double alpha) implements Unary {
    @Override public String name() { return "elu"; }
    @Override public String attributes() { return "alpha=" + alpha; }
    @Override public double apply(double[] a) { return a[0] > 0 ? a[0] : alpha * Math.expm1(a[0]); }
    @Override public String emit(Num num, String[] a) {
        return "(" + a[0] + " > " + num.lit(0) + " ? " + a[0] + " : " + num.lit(alpha) + " * "
                + num.call("Math.expm1", a[0]) + ")";
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node x = node.input(0);
        return List.of(g.select(g.greater(x, g.constant(0)), up, g.mul(g.mul(alpha, up), g.exp(x))));
    }
}
