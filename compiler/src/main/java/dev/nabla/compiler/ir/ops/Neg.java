package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code -x}. */
public record Neg() implements Unary {
    @Override public String name() { return "neg"; }
    @Override public double apply(double[] a) { return -a[0]; }
    @Override public String emit(Num num, String[] a) { return "(-" + a[0] + ")"; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(g.neg(up)); }

    @Override public Node simplify(Graph g, Node node, List<Node> in) {
        return in.get(0).op() instanceof Neg ? in.get(0).input(0) : null;
    }
}
