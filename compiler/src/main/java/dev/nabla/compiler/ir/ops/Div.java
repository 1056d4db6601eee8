package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code a / b} with broadcasting; d/db reuses the quotient: {@code -g (a/b) / b}. */
public record Div() implements Binary {
    @Override public String name() { return "div"; }
    @Override public double apply(double[] a) { return a[0] / a[1]; }
    @Override public String emit(Num num, String[] a) { return "(" + a[0] + " / " + a[1] + ")"; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node b = node.input(1);
        return List.of(g.div(up, b), g.neg(g.div(g.mul(up, node), b)));
    }

    @Override public Node simplify(Graph g, Node node, List<Node> in) {
        Double b = Constant.valueOf(in.get(1));
        if (b != null && b == 1) return in.get(0);
        if (b != null && b != 0) return g.mul(g.constant(1 / b), in.get(0));
        return null;
    }
}
