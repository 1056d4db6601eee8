package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Composite;
import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import java.util.List;

/**
 * {@code log(softmax(x))} along a per-example axis, as {@code x - max - log(sum(exp(x - max)))}: finite for
 * any logits. Derivative {@code up - softmax(x) sum(up)}.
 */
public record LogSoftmax(int axis) implements Composite {
    @Override public String name() { return "log_softmax"; }
    @Override public String attributes() { return "axis=" + axis; }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        return new Softmax(axis).inferType(in);
    }

    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        Tensor x = in.get(0);
        double[] o = new double[x.size()];
        Softmax.lanes(x, axis, (i, v, m, sum) -> o[i] = v - m - Math.log(sum));
        return new Tensor(x.type(), ctx.batch(), o);
    }

    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node total = g.add(new Reduce(Reduce.Kind.SUM, List.of(axis), true), up);
        return List.of(g.sub(up, g.mul(g.add(new Softmax(axis), node.input(0)), total)));
    }

    @Override public Node lower(Graph g, Node node, List<Node> in) {
        Node x = in.get(0);
        Node m = g.add(new Reduce(Reduce.Kind.MAX, List.of(axis), true), x);
        Node shifted = g.sub(x, m);
        return g.sub(shifted, g.log(g.add(new Reduce(Reduce.Kind.SUM, List.of(axis), true), g.exp(shifted))));
    }
}
