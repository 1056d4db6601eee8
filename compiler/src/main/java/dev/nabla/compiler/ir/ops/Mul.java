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
}
