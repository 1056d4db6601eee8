package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/** {@code a ** b} for tensors a and b; d/da = b a^(b-1), d/db = a^b log(a). */
public record Pow() implements Binary {
    @Override public String name() { return "pow"; }
    @Override public double apply(double[] a) { return Math.pow(a[0], a[1]); }
    @Override public String emit(Num num, String[] a) { return num.call("Math.pow", a[0], a[1]); }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node a = node.input(0);
        Node b = node.input(1);
        Node da = g.mul(g.mul(up, b), g.add(new Pow(), a, g.sub(b, g.constant(1))));
        Node db = g.mul(g.mul(up, node), g.log(a));
        return List.of(da, db);
    }
}
