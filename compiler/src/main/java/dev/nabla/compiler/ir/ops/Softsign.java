package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code x / (1 + |x|)} (PyTorch's {@code nn.Softsign}); derivative {@code 1 / (1 + |x|)^2}. */
public record Softsign() implements Unary {
    @Override public String name() { return "softsign"; }
    @Override public double apply(double[] a) { return a[0] / (1 + Math.abs(a[0])); }
    @Override public String emit(Num num, String[] a) {
        return "(" + a[0] + " / (" + num.lit(1) + " + Math.abs(" + a[0] + ")))";
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node d = g.add(g.constant(1), g.add(new Abs(), node.input(0)));
        return List.of(g.div(up, g.mul(d, d)));
    }
}
