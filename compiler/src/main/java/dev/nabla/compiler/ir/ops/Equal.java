package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.Arrays;
import java.util.List;

/** 1 where {@code a == b}, else 0; a mask, so no gradient. */
public record Equal() implements Binary {
    @Override public String name() { return "equal"; }
    @Override public double apply(double[] a) { return a[0] == a[1] ? 1 : 0; }
    @Override public String emit(Num num, String[] a) {
        return "(" + a[0] + " == " + a[1] + " ? " + num.lit(1) + " : " + num.lit(0) + ")";
    }
    @Override public boolean differentiable() { return false; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return Arrays.asList(null, null); }
}
