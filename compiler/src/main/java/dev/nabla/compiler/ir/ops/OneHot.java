package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.RowOp;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import dev.nabla.compiler.ir.emit.RowContext;
import java.util.Arrays;
import java.util.List;

/**
 * A class index as a one-hot vector of {@code classes} elements; no gradient flows to an index. Readers in
 * row units compute it again where they read it (a comparison), so it never needs a buffer there.
 */
public record OneHot(int classes) implements RowOp {
    @Override public String name() { return "onehot"; }
    @Override public String attributes() { return "classes=" + classes; }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType y = in.get(0);
        if (!y.isClass()) throw new ShapeException("onehot needs a class target, got a value of shape " + y.shapeString());
        if (y.classes() != classes) {
            throw new ShapeException("the target has " + y.classes() + " classes, not " + classes);
        }
        return TType.real(true, classes);
    }

    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        Tensor y = in.get(0);
        double[] o = new double[y.size() * classes];
        for (int b = 0; b < y.size(); b++) {
            int c = (int) y.get(b);
            if (c >= 0 && c < classes) o[b * classes + c] = 1;
        }
        return new Tensor(TType.real(true, classes), ctx.batch(), o);
    }

    @Override public boolean differentiable() { return false; }

    @Override public List<Node> vjp(Graph g, Node node, Node up) { return Arrays.asList((Node) null); }

    @Override public void emitRow(RowContext ctx, Node node) {
        ctx.define(recompute(ctx, node, ctx.example(), ctx.element()));
    }

    @Override public boolean recomputed() { return true; }

    @Override public String recompute(RowContext ctx, Node node, String example, String element) {
        return "(" + ctx.buf(node.input(0)) + "[" + example + "] == " + element + " ? " + ctx.num().lit(1) + " : "
                + ctx.num().lit(0) + ")";
    }
}
