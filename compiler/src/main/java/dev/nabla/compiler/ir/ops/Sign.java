package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.Arrays;
import java.util.List;

/** -1, 0 or 1; piecewise constant, so no gradient flows through it. */
public record Sign() implements Unary {
    @Override public String name() { return "sign"; }
    @Override public double apply(double[] a) { return Math.signum(a[0]); }
    @Override public String emit(Num num, String[] a) { return "Math.signum(" + a[0] + ")"; }
    @Override public boolean differentiable() { return false; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return Arrays.asList((Node) null); }
}
