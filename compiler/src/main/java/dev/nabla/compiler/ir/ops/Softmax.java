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
 * {@code exp(x) / sum(exp(x))} along a per-example axis, computed with the maximum subtracted. Its
 * derivative {@code y (up - sum(up y))} reuses the result; after differentiation it lowers to
 * {@code e = exp(x - max(x)); e / sum(e)}.
 */
public record Softmax(int axis) implements Composite {
    @Override public String name() { return "softmax"; }
    @Override public String attributes() { return "axis=" + axis; }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType x = in.get(0);
        if (x.isClass()) throw new ShapeException("softmax of a class index");
        if (axis < 0 || axis >= x.rank()) throw new ShapeException("axis " + axis + " is out of range for " + x.shapeString());
        return x;
    }

    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        Tensor x = in.get(0);
        double[] o = new double[x.size()];
        lanes(x, axis, (i, v, m, sum) -> o[i] = Math.exp(v - m) / sum);
        return new Tensor(x.type(), ctx.batch(), o);
    }

    /** One element of a lane along the axis, with the lane's maximum and its sum of {@code exp(x - max)}. */
    interface LaneElement {
        void accept(int index, double value, double max, double sumExp);
    }

    /** Visits every element of {@code x} with the statistics of its lane along {@code axis} (the reference's common part). */
    static void lanes(Tensor x, int axis, LaneElement f) {
        int n = x.type().dim(axis), stride = x.laneStride(axis);
        for (int start : x.laneStarts(axis)) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int i = 0; i < n; i++) m = Math.max(m, x.get(start + i * stride));
            for (int i = 0; i < n; i++) s += Math.exp(x.get(start + i * stride) - m);
            for (int i = 0; i < n; i++) f.accept(start + i * stride, x.get(start + i * stride), m, s);
        }
    }

    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node dot = g.add(new Reduce(Reduce.Kind.SUM, List.of(axis), true), g.mul(up, node));
        return List.of(g.mul(node, g.sub(up, dot)));
    }

    @Override public Node lower(Graph g, Node node, List<Node> in) {
        Node x = in.get(0);
        Node e = g.exp(g.sub(x, g.add(new Reduce(Reduce.Kind.MAX, List.of(axis), true), x)));
        return g.div(e, g.add(new Reduce(Reduce.Kind.SUM, List.of(axis), true), e));
    }
}
