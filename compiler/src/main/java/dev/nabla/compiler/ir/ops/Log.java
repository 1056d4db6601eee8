package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** Natural logarithm. */
public record Log() implements Unary {
    @Override public String name() { return "log"; }
    @Override public String vectorFunction() { return "log"; }
    @Override public double apply(double[] a) { return Math.log(a[0]); }
    @Override public String emit(Num num, String[] a) { return num.call("Math.log", a[0]); }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(g.div(up, node.input(0))); }
}
