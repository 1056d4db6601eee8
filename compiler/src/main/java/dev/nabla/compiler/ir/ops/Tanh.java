package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** Hyperbolic tangent; the derivative {@code 1 - y^2} reuses the result. */
public record Tanh() implements Unary {
    @Override public String name() { return "tanh"; }
    @Override public String vectorFunction() { return "tanh"; }
    @Override public double apply(double[] a) { return Math.tanh(a[0]); }
    @Override public String emit(Num num, String[] a) { return num.call("Math.tanh", a[0]); }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return List.of(g.mul(up, g.sub(g.constant(1), g.mul(node, node))));
    }
}
