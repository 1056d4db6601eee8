package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import java.util.List;

/** Repeats a value to a larger (broadcast-compatible) type; the gradient is summed back by the driver. */
public record Broadcast(TType target) implements Unary {
    @Override public String name() { return "broadcast"; }
    @Override public String attributes() { return "to=" + target; }
    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType t = ElementwiseOp.broadcast(List.of(in.get(0), target));
        if (!t.equals(target)) throw new ShapeException("cannot broadcast " + in.get(0) + " to " + target);
        return target;
    }
    @Override public double apply(double[] a) { return a[0]; }
    @Override public String emit(Num num, String[] a) { return a[0]; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(up); }

    @Override public Node simplify(Graph g, Node node, List<Node> in) {
        return in.get(0).type().equals(node.type()) ? in.get(0) : null;
    }
}
