package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** Square root; the derivative {@code 0.5 / sqrt(x)} reuses the result. */
public record Sqrt() implements Unary {
    @Override public String name() { return "sqrt"; }
    @Override public double apply(double[] a) { return Math.sqrt(a[0]); }
    @Override public String emit(Num num, String[] a) { return num.call("Math.sqrt", a[0]); }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return List.of(g.div(g.mul(0.5, up), node));
    }
}
