package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import java.util.List;

/**
 * Binary cross-entropy of a probability p against a target t, exactly as PyTorch computes it: each log
 * term is clamped at -100, and the derivative is {@code (p - t) / max(p (1 - p), 1e-12)}. A primitive
 * because those clamps are not the derivative of any composition.
 */
public record Bce() implements Binary {
    @Override public String name() { return "bce"; }
    @Override public double apply(double[] a) {
        double p = a[0], t = a[1];
        return -(t * Math.max(Math.log(p), -100) + (1 - t) * Math.max(Math.log(1 - p), -100));
    }
    @Override public String emit(Num num, String[] a) {
        String p = a[0], t = a[1];
        return num.cast("-(" + t + " * Math.max(Math.log(" + p + "), -100.0) + (1.0 - " + t
                + ") * Math.max(Math.log(1.0 - " + p + "), -100.0))");
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node p = node.input(0);
        Node t = node.input(1);
        Node one = g.constant(1);
        Node denom = g.add(new Maximum(), g.mul(p, g.sub(one, p)), g.constant(1e-12));
        Node dp = g.mul(up, g.div(g.sub(p, t), denom));
        Clamp floor = new Clamp(-100, Double.POSITIVE_INFINITY);
        Node dt = g.mul(up, g.sub(g.add(floor, g.log(g.sub(one, p))), g.add(floor, g.log(p))));
        return List.of(dp, dt);
    }
}
