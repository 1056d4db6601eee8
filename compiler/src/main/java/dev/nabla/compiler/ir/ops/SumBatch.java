package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.RowOp;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import dev.nabla.compiler.ir.emit.RowContext;
import dev.nabla.compiler.ir.emit.Storage;
import java.util.List;

/**
 * Sum over the batch axis: the gradient of a parameter that was broadcast over the examples. Accumulated
 * row by row in example order inside a row unit; its value exists after the loop over the examples.
 */
public record SumBatch() implements RowOp {
    @Override public String name() { return "sum_batch"; }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType x = in.get(0);
        if (!x.batched()) throw new ShapeException("sum_batch needs a batched value");
        if (x.isClass()) throw new ShapeException("sum_batch cannot add class indices");
        return x.withBatched(false);
    }

    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        Tensor x = in.get(0);
        TType out = x.type().withBatched(false);
        int size = out.size();
        double[] o = new double[size];
        for (int b = 0; b < x.batch(); b++) {
            for (int i = 0; i < size; i++) o[i] += x.get(b * size + i);
        }
        return new Tensor(out, ctx.batch(), o);
    }

    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return List.of(g.add(new Broadcast(node.input(0).type()), up));
    }

    @Override public boolean inRows(Node node) { return true; }

    @Override public TType rowSpace(Node node) { return node.input(0).type(); }

    @Override public Completion completion(Node node) { return Completion.BATCH; }

    @Override public void emitRow(RowContext ctx, Node node) {
        String ob = ctx.buf(node);
        String zr = ctx.var("zr");
        ctx.beforeExamples("for (int " + zr + " = 0; " + zr + " < " + ob + ".length; " + zr + "++) java.util.Arrays.fill("
                + ob + "[" + zr + "], " + ctx.num().lit(0) + ")");
        ctx.inLoop(Storage.element(ob, Storage.flatPosition(node.type(), null, ctx.element())) + " += " + ctx.operandFlat(0));
    }
}
