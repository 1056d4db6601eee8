package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.Arrays;
import java.util.List;

/** {@code cond != 0 ? a : b}; the gradient goes to the chosen side only. */
public record Select() implements ElementwiseOp {
    @Override public int arity() { return 3; }
    @Override public String name() { return "select"; }
    @Override public double apply(double[] a) { return a[0] != 0 ? a[1] : a[2]; }
    @Override public String emit(Num num, String[] a) {
        return "(" + a[0] + " != " + num.lit(0) + " ? " + a[1] + " : " + a[2] + ")";
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node c = node.input(0);
        Node zero = g.constant(0);
        return Arrays.asList(null, g.select(c, up, zero), g.select(c, zero, up));
    }
}
