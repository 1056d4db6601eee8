package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code min(max(x, lo), hi)}; like PyTorch, the gradient passes on the closed interval [lo, hi]. */
public record Clamp(double lo, double hi) implements Unary {
    @Override public String name() { return "clamp"; }
    @Override public String attributes() { return "lo=" + lo + " hi=" + hi; }
    @Override public double apply(double[] a) { return Math.min(Math.max(a[0], lo), hi); }
    @Override public String emit(Num num, String[] a) {
        String e = a[0];
        if (lo != Double.NEGATIVE_INFINITY) e = "Math.max(" + e + ", " + num.lit(lo) + ")";
        if (hi != Double.POSITIVE_INFINITY) e = "Math.min(" + e + ", " + num.lit(hi) + ")";
        return e;
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node x = node.input(0);
        Node zero = g.constant(0);
        Node inner = hi == Double.POSITIVE_INFINITY ? up : g.select(g.greaterEq(g.constant(hi), x), up, zero);
        return List.of(lo == Double.NEGATIVE_INFINITY ? inner : g.select(g.greaterEq(x, g.constant(lo)), inner, zero));
    }
}
