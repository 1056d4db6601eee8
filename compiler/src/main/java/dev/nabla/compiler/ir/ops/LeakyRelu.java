package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code x > 0 ? x : alpha x}; like PyTorch, the derivative at 0 is alpha. */
public record LeakyRelu(double alpha) implements Unary {
    @Override public String name() { return "leaky_relu"; }
    @Override public String attributes() { return "alpha=" + alpha; }
    @Override public double apply(double[] a) { return a[0] > 0 ? a[0] : alpha * a[0]; }
    @Override public String emit(Num num, String[] a) {
        return "(" + a[0] + " > " + num.lit(0) + " ? " + a[0] + " : " + num.lit(alpha) + " * " + a[0] + ")";
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node x = node.input(0);
        return List.of(g.select(g.greater(x, g.constant(0)), up, g.mul(alpha, up)));
    }
}
