package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** Elementwise minimum; like PyTorch, a tie splits the gradient evenly between both sides. */
public record Minimum() implements Binary {
    @Override public String name() { return "minimum"; }
    @Override public double apply(double[] a) { return Math.min(a[0], a[1]); }
    @Override public String emit(Num num, String[] a) { return "Math.min(" + a[0] + ", " + a[1] + ")"; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return Maximum.splitAtTies(g, up, g.greater(node.input(1), node.input(0)), node.input(0), node.input(1));
    }
}
