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
import dev.nabla.compiler.ir.emit.Storage;
import java.util.Arrays;
import java.util.List;

/**
 * Sum or max over some axes of each example (never over the batch: see {@link SumBatch}). With
 * {@code keepDims} the reduced axes stay with size 1. A reduction over all axes of a batched value is an
 * accumulator in a row unit; any other is a kernel.
 */
public record Reduce(Kind kind, List<Integer> axes, boolean keepDims) implements RowOp, KernelOp {
    public enum Kind { SUM, MAX }

    public Reduce {
        axes = List.copyOf(axes.stream().sorted().distinct().toList());
    }

    @Override public String name() { return kind == Kind.SUM ? "sum" : "max"; }
    @Override public String attributes() { return "axes=" + axes + (keepDims ? " keep" : ""); }

    public boolean reduces(int axis) { return axes.contains(axis); }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType x = in.get(0);
        if (x.isClass()) throw new ShapeException("cannot reduce a class index");
        for (int a : axes) {
            if (a < 0 || a >= x.rank()) {
                throw new ShapeException("axis " + a + " is out of range for a value of shape " + x.shapeString());
            }
        }
        return x.withShape(outShape(x.shape()));
    }

    int[] outShape(int[] in) {
        int[] out = new int[keepDims ? in.length : in.length - axes.size()];
        for (int i = 0, o = 0; i < in.length; i++) {
            if (reduces(i)) {
                if (keepDims) out[o++] = 1;
            } else {
                out[o++] = in[i];
            }
        }
        return out;
    }

    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        Tensor x = in.get(0);
        TType outType = x.type().withShape(outShape(x.type().shape()));
        Tensor out = Tensor.zeros(outType, ctx.batch());
        double[] o = out.data();
        if (kind == Kind.MAX) Arrays.fill(o, Double.NEGATIVE_INFINITY);
        int[] full = x.fullShape();
        int off = x.type().batched() ? 1 : 0;
        // strides of the output for each input axis (0 for reduced axes)
        int[] ostr = new int[full.length];
        int stride = 1;
        int[] ofull = out.fullShape();
        for (int a = full.length - 1, oa = ofull.length - 1; a >= 0; a--) {
            boolean reduced = a >= off && reduces(a - off);
            if (reduced) {
                ostr[a] = 0;
                if (keepDims) oa--;
            } else {
                ostr[a] = stride;
                stride *= ofull[oa];
                oa--;
            }
        }
        int[] idx = new int[full.length];
        for (int p = 0; p < x.size(); p++) {
            int op = 0;
            for (int a = 0; a < full.length; a++) op += idx[a] * ostr[a];
            double v = x.get(p);
            o[op] = kind == Kind.SUM ? o[op] + v : Math.max(o[op], v);
            for (int a = full.length - 1; a >= 0; a--) {
                if (++idx[a] < full[a]) break;
                idx[a] = 0;
            }
        }
        return out;
    }

    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node x = node.input(0);
        Node spread = up;
        if (!keepDims) {
            spread = g.add(new Reshape(x.type().shape().length == 0 ? new int[0] : outShapeKeep(x.type().shape())), up);
        }
        spread = g.add(new Broadcast(x.type()), spread);
        if (kind == Kind.SUM) return List.of(spread);
        // like torch.amax: tied maxima share the gradient evenly
        Node kept = keepDims ? node : g.add(new Reshape(outShapeKeep(x.type().shape())), node);
        Node mask = g.equal(x, g.add(new Broadcast(x.type()), kept));
        Node ties = g.add(new Broadcast(x.type()), g.add(new Reduce(Kind.SUM, axes, true), mask));
        return List.of(g.mul(spread, g.div(mask, ties)));
    }

    private int[] outShapeKeep(int[] in) {
        int[] out = in.clone();
        for (int a : axes) out[a] = 1;
        return out;
    }

    @Override public boolean inRows(Node node) {
        TType x = node.input(0).type();
        return x.batched() && !x.isClass() && axes.size() == x.rank();
    }

    @Override public TType rowSpace(Node node) { return node.input(0).type(); }

    @Override public Completion completion(Node node) { return Completion.EXAMPLE; }

    @Override public void emitRow(RowContext ctx, Node node) {
        String acc = ctx.var((node.name() != null ? node.name() : "t" + node.id()) + "_acc");
        String init = kind == Kind.SUM ? ctx.num().lit(0) : ctx.num().lit(Double.NEGATIVE_INFINITY);
        ctx.beforeLoop(ctx.num().type() + " " + acc + " = " + init);
        ctx.inLoop(acc + " = " + combine(acc, ctx.operandFlat(0)));
        ctx.defineAfterLoop(acc);
    }

    @Override public void emit(KernelContext w, Node node) {
        Node x = node.input(0);
        TType xt = x.type();
        String init = kind == Kind.SUM ? w.num().lit(0) : w.num().lit(Double.NEGATIVE_INFINITY);
        int[] shape = xt.shape();
        String xb = w.buf(x);
        String ob = w.buf(node);
        String b = xt.batched() ? w.var("b") : null;
        if (b != null) w.open("for (int " + b + " = 0; " + b + " < n; " + b + "++)");
        w.fill(node, b, init);
        String[] idx = new String[shape.length];
        for (int a = 0; a < shape.length; a++) {
            idx[a] = w.var("i" + a);
            w.open("for (int " + idx[a] + " = 0; " + idx[a] + " < " + shape[a] + "; " + idx[a] + "++)");
        }
        String[] oidx = new String[node.type().rank()];
        for (int a = 0, o = 0; a < shape.length; a++) {
            if (reduces(a)) {
                if (keepDims) oidx[o++] = "0";
            } else {
                oidx[o++] = idx[a];
            }
        }
        String target = Storage.element(ob, Storage.position(node.type(), b, oidx));
        w.line(target + " = " + combine(target, Storage.element(xb, Storage.position(xt, b, idx))));
        for (int a = 0; a < shape.length; a++) w.close();
        if (b != null) w.close();
    }

    private String combine(String acc, String v) {
        return kind == Kind.SUM ? acc + " + " + v : "Math.max(" + acc + ", " + v + ")";
    }
}
