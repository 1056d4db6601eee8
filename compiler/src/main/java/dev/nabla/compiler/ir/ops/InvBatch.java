package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import dev.nabla.compiler.ir.emit.KernelContext;
import java.util.List;

/** {@code 1 / n} for the number of examples n in the current batch (the loss is a batch mean). */
public record InvBatch() implements ElementwiseOp {
    @Override public int arity() { return 0; }
    @Override public boolean isConstant() { return false; }
    @Override public String name() { return "inv_batch"; }
    @Override public TType inferType(List<TType> in) throws ShapeException {
        if (!in.isEmpty()) throw new ShapeException("inv_batch takes no operands");
        return TType.scalar();
    }
    @Override public double apply(double[] a) { throw new UnsupportedOperationException("needs the batch size"); }
    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) { return Tensor.scalar(1.0 / ctx.batch()); }
    @Override public String emit(Num num, String[] a) { return KernelContext.INV_N; }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(); }
}
