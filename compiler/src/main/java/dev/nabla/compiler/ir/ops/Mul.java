package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code a * b} elementwise with broadcasting. */
public record Mul() implements Binary {
    @Override public String name() { return "mul"; }
    @Override public double apply(double[] a) { return a[0] * a[1]; }
    @Override public String emit(Num num, String[] a) { return "(" + a[0] + " * " + a[1] + ")"; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return List.of(g.mul(up, node.input(1)), g.mul(up, node.input(0)));
    }

    @Override public Node simplify(Graph g, Node node, List<Node> in) {
        Double a = Constant.valueOf(in.get(0)), b = Constant.valueOf(in.get(1));
        if (b != null && b == 1) return in.get(0);
        if (a != null && a == 1) return in.get(1);
        if (a != null && a == -1) return g.neg(in.get(1));
        if (b != null && b == -1) return g.neg(in.get(0));
        // c1 * (c2 * x) -> (c1 c2) * x
        if (a != null && in.get(1).op() instanceof Mul && Constant.valueOf(in.get(1).input(0)) != null) {
            return g.mul(g.constant(a * Constant.valueOf(in.get(1).input(0))), in.get(1).input(1));
        }
        if (b != null && a == null) return g.mul(in.get(1), in.get(0)); // constants first
        return null;
    }
}
