package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code a + b} with broadcasting. */
public record Add() implements Binary {
    @Override public String name() { return "add"; }
    @Override public double apply(double[] a) { return a[0] + a[1]; }
    @Override public String emit(Num num, String[] a) { return "(" + a[0] + " + " + a[1] + ")"; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(up, up); }

    @Override public Node simplify(Graph g, Node node, List<Node> in) {
        if (Constant.is(in.get(1), 0)) return in.get(0);
        if (Constant.is(in.get(0), 0)) return in.get(1);
        return null;
    }
}
