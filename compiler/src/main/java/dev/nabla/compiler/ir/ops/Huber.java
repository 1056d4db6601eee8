package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** The Huber function of a difference d: quadratic for {@code |d| <= delta}, linear beyond; derivative clamp(d). */
public record Huber(double delta) implements Unary {
    @Override public String name() { return "huber"; }
    @Override public String attributes() { return "delta=" + delta; }
    @Override public double apply(double[] a) {
        double d = Math.abs(a[0]);
        return d <= delta ? 0.5 * a[0] * a[0] : delta * (d - 0.5 * delta);
    }
    @Override public String emit(Num num, String[] a) {
        String d = a[0];
        return "(Math.abs(" + d + ") <= " + num.lit(delta) + " ? " + num.lit(0.5) + " * " + d + " * " + d + " : "
                + num.lit(delta) + " * (Math.abs(" + d + ") - " + num.lit(0.5 * delta) + "))";
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return List.of(g.mul(up, g.add(new Clamp(-delta, delta), node.input(0))));
    }
}
