package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code |x|}; like PyTorch, the derivative at 0 is 0. */
public record Abs() implements Unary {
    @Override public String name() { return "abs"; }
    @Override public double apply(double[] a) { return Math.abs(a[0]); }
    @Override public String emit(Num num, String[] a) { return "Math.abs(" + a[0] + ")"; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return List.of(g.mul(up, g.add(new Sign(), node.input(0))));
    }
}
