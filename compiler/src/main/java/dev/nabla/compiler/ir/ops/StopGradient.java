package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.Arrays;
import java.util.List;

/** The identity in the forward pass; no gradient flows back (used for the max shift of softmax). */
public record StopGradient() implements Unary {
    @Override public String name() { return "stop_gradient"; }
    @Override public double apply(double[] a) { return a[0]; }
    @Override public String emit(Num num, String[] a) { return a[0]; }
    @Override public boolean differentiable() { return false; }
    @Override public boolean erasedAfterDifferentiation() { return true; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return Arrays.asList((Node) null); }
}
