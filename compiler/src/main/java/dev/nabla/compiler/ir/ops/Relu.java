package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code max(x, 0)}; like PyTorch, the derivative at 0 is 0. */
public record Relu() implements Unary {
    @Override public String name() { return "relu"; }
    @Override public double apply(double[] a) { return a[0] > 0 ? a[0] : (Double.isNaN(a[0]) ? a[0] : 0.0); }
    @Override public String emit(Num num, String[] a) { return "Math.max(" + a[0] + ", " + num.lit(0) + ")"; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node x = node.input(0);
        return List.of(g.select(g.greater(x, g.constant(0)), up, g.constant(0)));
    }
}
