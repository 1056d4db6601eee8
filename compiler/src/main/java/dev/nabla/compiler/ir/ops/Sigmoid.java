package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** Logistic sigmoid; finite for every input, derivative {@code y (1 - y)}. */
public record Sigmoid() implements Unary {
    @Override public String name() { return "sigmoid"; }
    @Override public String vectorFunction() { return "sigmoid"; }
    @Override public double apply(double[] a) { return 1.0 / (1.0 + Math.exp(-a[0])); }
    @Override public String emit(Num num, String[] a) {
        return num.lit(1) + " / (" + num.lit(1) + " + " + num.call("Math.exp", "-" + a[0]) + ")";
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return List.of(g.mul(up, g.mul(node, g.sub(g.constant(1), node))));
    }

    /** {@code z >= 0 ? 1/(1+e) : e/(1+e)}. */
    @Override public boolean hasExpNegAbsForm() { return true; }

    @Override public Node viaExpNegAbs(Graph g, Node z, Node e) {
        Node onePlusE = g.add(g.constant(1), e);
        return g.select(g.greaterEq(z, g.constant(0)), g.div(g.constant(1), onePlusE), g.div(e, onePlusE));
    }
}
