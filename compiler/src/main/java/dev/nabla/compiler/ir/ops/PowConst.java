package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code x ** p} for a constant exponent; small whole exponents emit as products. */
public record PowConst(double p) implements Unary {
    @Override public String name() { return "pow"; }
    @Override public String attributes() { return "p=" + p; }
    @Override public double apply(double[] a) {
        if (p == 2) return a[0] * a[0];
        if (p == 3) return a[0] * a[0] * a[0];
        return Math.pow(a[0], p);
    }
    @Override public String emit(Num num, String[] a) {
        if (p == 1) return a[0];
        if (p == 2) return "(" + a[0] + " * " + a[0] + ")";
        if (p == 3) return "(" + a[0] + " * " + a[0] + " * " + a[0] + ")";
        if (p == 0.5) return num.call("Math.sqrt", a[0]);
        return num.call("Math.pow", a[0], Double.toString(p));
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node x = node.input(0);
        if (p == 0) return List.of(g.mul(0, up));
        Node d = p == 2 ? x : p == 1 ? g.constant(1) : g.add(new PowConst(p - 1), x);
        return List.of(g.mul(g.mul(p, up), d));
    }
}
