package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code exp(x)}; its derivative reuses the result. */
public record Exp() implements Unary {
    @Override public String name() { return "exp"; }
    @Override public String vectorFunction() { return "exp"; }
    @Override public double apply(double[] a) { return Math.exp(a[0]); }
    @Override public String emit(Num num, String[] a) { return num.call("Math.exp", a[0]); }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(g.mul(up, node)); }
}
