package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.KernelOp;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import dev.nabla.compiler.ir.emit.KernelContext;
import dev.nabla.compiler.ir.emit.Storage;
import java.util.List;

/**
 * A matrix product of per-example matrices, {@code C_b = op(A_b) op(B_b)}, where either side may be
 * shared by all examples. Used for products that are not a single storage-matrix product (for
 * example a per-example matrix times a per-example vector).
 */
public record BatchedMatMul(boolean transA, boolean transB) implements KernelOp {
    @Override public String name() { return "batched_matmul"; }
    @Override public String attributes() { return (transA ? "A^T" : "A") + (transB ? "·B^T" : "·B"); }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType a = in.get(0), b = in.get(1);
        if (a.rank() != 2 || b.rank() != 2) throw new ShapeException("batched_matmul needs matrices");
        int m = transA ? a.dim(1) : a.dim(0), ka = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0), n = transB ? b.dim(0) : b.dim(1);
        if (ka != kb) throw new ShapeException("inner dimensions differ: " + ka + " and " + kb);
        return TType.real(a.batched() || b.batched(), m, n);
    }

    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        Tensor a = in.get(0), b = in.get(1);
        TType out;
        try {
            out = inferType(List.of(a.type(), b.type()));
        } catch (ShapeException e) {
            throw new IllegalStateException(e.getMessage());
        }
        int m = out.dim(0), n = out.dim(1);
        int ca = a.type().dim(1), cb = b.type().dim(1);
        int k = transA ? a.type().dim(0) : ca;
        int batch = out.batched() ? ctx.batch() : 1;
        double[] c = new double[batch * m * n];
        for (int e = 0; e < batch; e++) {
            int ao = a.type().batched() ? e * a.type().size() : 0;
            int bo = b.type().batched() ? e * b.type().size() : 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double av = transA ? a.get(ao + p * ca + i) : a.get(ao + i * ca + p);
                        double bv = transB ? b.get(bo + j * cb + p) : b.get(bo + p * cb + j);
                        s += av * bv;
                    }
                    c[e * m * n + i * n + j] = s;
                }
            }
        }
        return new Tensor(out, ctx.batch(), c);
    }

    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node a = node.input(0), b = node.input(1);
        Node da, db;
        if (!transA && !transB) {
            da = g.add(new BatchedMatMul(false, true), up, b);
            db = g.add(new BatchedMatMul(true, false), a, up);
        } else if (!transA) {
            da = g.add(new BatchedMatMul(false, false), up, b);
            db = g.add(new BatchedMatMul(true, false), up, a);
        } else if (!transB) {
            da = g.add(new BatchedMatMul(false, true), b, up);
            db = g.add(new BatchedMatMul(false, false), a, up);
        } else {
            da = g.add(new BatchedMatMul(true, true), b, up);
            db = g.add(new BatchedMatMul(true, true), up, a);
        }
        return List.of(da, db);
    }

    private static String at(KernelContext w, Node x, String e, String r, String c, boolean trans) {
        TType t = x.type();
        String row = trans ? c : r, col = trans ? r : c;
        if (t.batched()) return w.buf(x) + "[" + e + "][" + row + " * " + t.dim(1) + " + " + col + "]";
        return w.buf(x) + "[" + row + "][" + col + "]";
    }

    @Override public void emit(KernelContext w, Node node) {
        Node a = node.input(0), b = node.input(1);
        TType out = node.type();
        int m = out.dim(0), n = out.dim(1);
        int k = transA ? a.type().dim(0) : a.type().dim(1);
        String e = w.var("b"), i = w.var("i"), j = w.var("j"), p = w.var("p"), s = w.var("s");
        boolean batched = out.batched();
        if (batched) w.open("for (int " + e + " = 0; " + e + " < n; " + e + "++)");
        w.open("for (int " + i + " = 0; " + i + " < " + m + "; " + i + "++)");
        w.open("for (int " + j + " = 0; " + j + " < " + n + "; " + j + "++)");
        w.line(w.num().type() + " " + s + " = " + w.num().lit(0));
        w.open("for (int " + p + " = 0; " + p + " < " + k + "; " + p + "++)");
        w.line(s + " += " + at(w, a, e, i, p, transA) + " * " + at(w, b, e, p, j, transB));
        w.close();
        String[] st = Storage.position(out, batched ? e : null, new String[] {i, j});
        w.line(w.buf(node) + "[" + st[0] + "][" + st[1] + "] = " + s);
        w.close();
        w.close();
        if (batched) w.close();
    }
}
