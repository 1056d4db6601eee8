package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.runtime.MathFunctions;
import java.util.List;

/** The error function (for exact GELU); derivative {@code 2/sqrt(pi) exp(-x^2)}. */
public record Erf() implements Unary {
    @Override public String name() { return "erf"; }
    @Override public double apply(double[] a) { return MathFunctions.erf(a[0]); }
    @Override public String emit(Num num, String[] a) { return num.call("dev.nabla.runtime.MathFunctions.erf", a[0]); }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node x = node.input(0);
        return List.of(g.mul(g.mul(2.0 / Math.sqrt(Math.PI), up), g.exp(g.neg(g.mul(x, x)))));
    }
}
