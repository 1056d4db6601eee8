package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.KernelOp;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.RowOp;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import dev.nabla.compiler.ir.emit.KernelContext;
import dev.nabla.compiler.ir.emit.RowContext;
import java.util.Arrays;
import java.util.List;

/**
 * Same elements in row-major order, another per-example shape. Per example (in a row unit) it only reads
 * its input at the same flat index; a reshape of a parameter copies it once per pass.
 */
public record Reshape(List<Integer> target) implements RowOp, KernelOp {
    public Reshape(int[] target) { this(Arrays.stream(target).boxed().toList()); }

    public Reshape {
        target = List.copyOf(target);
    }

    int[] dims() { return target.stream().mapToInt(Integer::intValue).toArray(); }

    @Override public String name() { return "reshape"; }
    @Override public String attributes() { return "to=" + target; }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType x = in.get(0);
        TType out = x.withShape(dims());
        if (out.size() != x.size()) {
            throw new ShapeException("cannot reshape " + x.shapeString() + " to " + out.shapeString());
        }
        return out;
    }

    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        Tensor x = in.get(0);
        return new Tensor(x.type().withShape(dims()), ctx.batch(), x.data().clone());
    }

    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        return List.of(g.add(new Reshape(node.input(0).type().shape()), up));
    }

    @Override public Node simplify(Graph g, Node node, List<Node> in) {
        if (in.get(0).type().equals(node.type())) return in.get(0);
        if (in.get(0).op() instanceof Reshape) return g.add(this, in.get(0).input(0));
        return null;
    }

    @Override public boolean inRows(Node node) { return node.input(0).type().batched() && !node.type().isClass(); }

    @Override public void emitRow(RowContext ctx, Node node) { ctx.define(ctx.operandFlat(0)); }

    @Override public void emit(KernelContext w, Node node) {
        Node x = node.input(0);
        TType xt = x.type();
        TType ot = node.type();
        String xb = w.buf(x);
        String ob = w.buf(node);
        String p = w.var("p");
        w.open("for (int " + p + " = 0; " + p + " < " + xt.size() + "; " + p + "++)");
        w.line(ob + "[" + p + " / " + ot.storageCols() + "][" + p + " % " + ot.storageCols() + "] = "
                + xb + "[" + p + " / " + xt.storageCols() + "][" + p + " % " + xt.storageCols() + "]");
        w.close();
    }
}
