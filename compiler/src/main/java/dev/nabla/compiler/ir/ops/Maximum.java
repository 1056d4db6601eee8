package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** Elementwise maximum; like PyTorch, a tie splits the gradient evenly between both sides. */
public record Maximum() implements Binary {
    @Override public String name() { return "maximum"; }
    @Override public double apply(double[] a) { return Math.max(a[0], a[1]); }
    @Override public String emit(Num num, String[] a) { return "Math.max(" + a[0] + ", " + a[1] + ")"; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return splitAtTies(g, up, g.greater(node.input(0), node.input(1)), node.input(0), node.input(1));
    }

    /** Gradients for (a, b) given a mask that is 1 where a wins; ties get half each. */
    static List<Node> splitAtTies(Graph g, Node up, Node aWins, Node a, Node b) {
        Node share = g.add(aWins, g.mul(0.5, g.equal(a, b)));
        return List.of(g.mul(up, share), g.mul(up, g.sub(g.constant(1), share)));
    }
}
