package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.KernelOp;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Op;
import dev.nabla.compiler.ir.RowOp;
import dev.nabla.compiler.ir.Tensor;
import dev.nabla.compiler.ir.emit.KernelContext;
import dev.nabla.compiler.ir.emit.RowContext;
import java.util.Arrays;
import java.util.List;

/**
 * A matrix product of the two storage matrices ({@code [rows][cols]}, see {@link TType}) of its operands,
 * each optionally transposed: {@code C = op(A) op(B)}. The batch is an ordinary dimension here, which is
 * what makes the derivative rule the textbook one: {@code W @ x} for a batch is {@code X W^T}, and the
 * gradient {@code dW = dZ^T X} contracts over the batch.
 *
 * <p>{@code outShape} is the per-example shape of the result (or its whole shape when not batched).
 *
 * <p>Products of small layers (at most {@link #ROW_COLS} output columns and {@link #ROW_INNER} terms) are
 * written into row units instead of calling a kernel: per example, each output element is a short dot
 * product that the following elementwise work (bias, activation) uses straight from a register, and a
 * weight gradient accumulates example by example. Larger products call the runtime's blocked kernels.
 */
public record MatMul(boolean transA, boolean transB, List<Integer> outShape) implements KernelOp, RowOp {
    /** The widest output (columns) and the longest dot product written into row units. */
    public static final int ROW_COLS = 16, ROW_INNER = 32;

    /** Marks the batch dimension in storage-shape arithmetic. */
    static final int BATCH = -1;

    public MatMul(boolean transA, boolean transB, int[] outShape) {
        this(transA, transB, Arrays.stream(outShape).boxed().toList());
    }

    public MatMul {
        outShape = List.copyOf(outShape);
    }

    @Override public String name() { return "matmul"; }
    @Override public String attributes() { return (transA ? "A^T" : "A") + (transB ? "·B^T" : "·B"); }

    static int[] storage(TType t) { return new int[] {t.batched() ? BATCH : t.storageRows(), t.storageCols()}; }

    private static String dim(int d) { return d == BATCH ? "batch" : Integer.toString(d); }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType a = in.get(0), b = in.get(1);
        if (a.isClass() || b.isClass()) throw new ShapeException("a class index cannot be multiplied");
        int[] sa = storage(a), sb = storage(b);
        int m = transA ? sa[1] : sa[0], ka = transA ? sa[0] : sa[1];
        int kb = transB ? sb[1] : sb[0], n = transB ? sb[0] : sb[1];
        if (ka != kb) throw new ShapeException("inner dimensions differ: " + dim(ka) + " and " + dim(kb));
        if (n == BATCH) throw new ShapeException("the batch cannot be the column dimension of a product");
        int[] shape = outShape.stream().mapToInt(Integer::intValue).toArray();
        TType out = TType.real(m == BATCH, shape);
        if (m != BATCH && out.storageRows() != m || out.storageCols() != n) {
            throw new ShapeException("result " + dim(m) + "x" + n + " does not fit shape " + out.shapeString());
        }
        return out;
    }

    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        Tensor a = in.get(0), b = in.get(1);
        int ra = a.type().batched() ? ctx.batch() : a.type().storageRows(), ca = a.type().storageCols();
        int rb = b.type().batched() ? ctx.batch() : b.type().storageRows(), cb = b.type().storageCols();
        int m = transA ? ca : ra, k = transA ? ra : ca, n = transB ? rb : cb;
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a.get(p * ca + i) : a.get(i * ca + p);
                    double bv = transB ? b.get(j * cb + p) : b.get(p * cb + j);
                    s += av * bv;
                }
                c[i * n + j] = s;
            }
        }
        try {
            return new Tensor(inferType(List.of(a.type(), b.type())), ctx.batch(), c);
        } catch (ShapeException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node a = node.input(0), b = node.input(1);
        int[] as = a.type().shape(), bs = b.type().shape();
        Node da, db;
        if (!transA && !transB) {
            da = g.add(new MatMul(false, true, as), up, b);
            db = g.add(new MatMul(true, false, bs), a, up);
        } else if (!transA) {
            da = g.add(new MatMul(false, false, as), up, b);
            db = g.add(new MatMul(true, false, bs), up, a);
        } else if (!transB) {
            da = g.add(new MatMul(false, true, as), b, up);
            db = g.add(new MatMul(false, false, bs), a, up);
        } else {
            da = g.add(new MatMul(true, true, as), b, up);
            db = g.add(new MatMul(true, true, bs), up, a);
        }
        return List.of(da, db);
    }

    /** A transposed stored matrix is the same matrix read the other way. */
    @Override public Node simplify(Graph g, Node node, List<Node> in) {
        Node a = in.get(0), b = in.get(1);
        boolean ta = transA, tb = transB, changed = false;
        if (a.op() instanceof Transpose && !a.type().batched()) {
            a = a.input(0);
            ta = !ta;
            changed = true;
        }
        if (b.op() instanceof Transpose && !b.type().batched()) {
            b = b.input(0);
            tb = !tb;
            changed = true;
        }
        return changed ? g.add(new MatMul(ta, tb, outShape), a, b) : null;
    }

    @Override public Op withTransposedOperand(int i) {
        return i == 1 ? new MatMul(transA, !transB, outShape) : i == 0 ? new MatMul(!transA, transB, outShape) : null;
    }

    /** {@code X W^T} with W stored {@code [in][out]} runs in the fast row-by-row shape without a copy. */
    @Override public boolean prefersTransposedOperand(int i) { return i == 1 && transB && !transA; }

    /** Plain SGD into a weight: {@code W += scale * A^T B} in one pass of the blocked kernel. */
    @Override public boolean emitAccumulateInto(KernelContext w, Node node, String target, String scale) {
        if (!w.num().isFloat() || !transA || transB) return false;
        Node a = node.input(0), b = node.input(1);
        w.line("dev.nabla.runtime.kernels.Gemm.tn(" + w.buf(a) + ", " + w.buf(b) + ", " + target + ", "
                + a.type().storageCols() + ", " + w.rows(a) + ", " + b.type().storageCols() + ", " + scale + ", 1f)");
        return true;
    }

    /** {@code X W}: a batched left operand times a shared matrix (a layer), per example. */
    private boolean perExample(Node node) {
        return !transA && node.input(0).type().batched() && !node.input(1).type().batched() && node.type().batched();
    }

    /** {@code A^T B} over the batch: a weight gradient, accumulated example by example. */
    private boolean overBatch(Node node) {
        return transA && !transB && node.input(0).type().batched() && node.input(1).type().batched() && !node.type().batched();
    }

    @Override public boolean inRows(Node node) {
        Node a = node.input(0), b = node.input(1);
        if (perExample(node)) return node.type().storageCols() <= ROW_COLS && a.type().storageCols() <= ROW_INNER;
        if (overBatch(node)) return b.type().storageCols() <= ROW_COLS && a.type().storageCols() <= ROW_INNER;
        return false;
    }

    @Override public int loopSize(Node node) { return overBatch(node) ? 1 : node.type().storageCols(); }

    @Override public Completion completion(Node node) { return overBatch(node) ? Completion.BATCH : Completion.ELEMENT; }

    @Override public boolean readsWholeRow(Node node, int i) { return overBatch(node) || i == 0; }

    @Override public void emitRow(RowContext ctx, Node node) {
        if (overBatch(node)) {
            emitGradientRow(ctx, node);
            return;
        }
        // out[c] = sum_k a[k] * B[k][c]  (B[c][k] when B is stored transposed)
        String a = ctx.row(0), b = ctx.buf(node.input(1)), c = ctx.element();
        String acc = ctx.var("dot"), k = ctx.var("k");
        String bk = transB ? b + "[" + c + "][" + k + "]" : b + "[" + k + "][" + c + "]";
        ctx.inLoop(ctx.num().type() + " " + acc + " = " + ctx.num().lit(0));
        ctx.inLoop("for (int " + k + " = 0; " + k + " < " + node.input(0).type().storageCols() + "; " + k + "++) "
                + acc + " += " + a + "[" + k + "] * " + bk);
        ctx.define(acc);
    }

    /** {@code out[k][c] += a[k] b[c]} for each example, into a buffer zeroed before the loop over the examples. */
    private void emitGradientRow(RowContext ctx, Node node) {
        String a = ctx.row(0), b = ctx.row(1), o = ctx.buf(node);
        String zr = ctx.var("zr"), k = ctx.var("k"), c = ctx.var("c");
        ctx.beforeExamples("for (int " + zr + " = 0; " + zr + " < " + o + ".length; " + zr + "++) java.util.Arrays.fill("
                + o + "[" + zr + "], " + ctx.num().lit(0) + ")");
        ctx.inLoop("for (int " + k + " = 0; " + k + " < " + node.input(0).type().storageCols() + "; " + k + "++) for (int "
                + c + " = 0; " + c + " < " + node.input(1).type().storageCols() + "; " + c + "++) " + o + "[" + k + "][" + c
                + "] += " + a + "[" + k + "] * " + b + "[" + c + "]");
    }

    @Override public void emit(KernelContext w, Node node) {
        if (w.num().isFloat()) emitKernelCalls(w, node);
        else emitLoops(w, node);
    }

    /**
     * Float code calls the runtime's blocked kernels ({@link dev.nabla.runtime.kernels.Gemm}); a
     * transposed right operand is first copied into a transposed scratch matrix so that every product
     * runs in one of the two fast loop shapes.
     */
    private void emitKernelCalls(KernelContext w, Node node) {
        Node a = node.input(0), b = node.input(1);
        String A = w.buf(a), B = w.buf(b), C = w.buf(node);
        String gemm = "dev.nabla.runtime.kernels.Gemm";
        String m = transA ? Integer.toString(a.type().storageCols()) : w.rows(a);
        String k = transA ? w.rows(a) : Integer.toString(a.type().storageCols());
        String n = transB ? w.rows(b) : Integer.toString(b.type().storageCols());
        String right = B;
        if (transB) {
            // B is stored [n][k]; copy it to [k][n]
            int kk = b.type().storageCols();
            right = w.scratch(B + "_T", false, kk, b.type().batched() ? 0 : b.type().storageRows());
            if (b.type().batched()) throw new IllegalStateException("a batched right operand transposed in a product");
            w.line(gemm + ".transpose(" + B + ", " + right + ", " + n + ", " + k + ")");
        }
        if (!transA) {
            w.line(gemm + ".nn(" + A + ", " + right + ", " + C + ", " + m + ", " + k + ", " + n + ")");
        } else {
            w.line(gemm + ".tn(" + A + ", " + right + ", " + C + ", " + m + ", " + k + ", " + n + ", 1f, 0f)");
        }
    }

    /** Double code (used for checks) spells the loops out. */
    private void emitLoops(KernelContext w, Node node) {
        Node a = node.input(0), b = node.input(1);
        String A = w.buf(a), B = w.buf(b), C = w.buf(node);
        String m = transA ? Integer.toString(a.type().storageCols()) : w.rows(a);
        String k = transA ? w.rows(a) : Integer.toString(a.type().storageCols());
        String n = transB ? w.rows(b) : Integer.toString(b.type().storageCols());
        String t = w.num().type();
        String i = w.var("i"), j = w.var("j"), p = w.var("p");
        String zero = w.num().lit(0);
        String ci = w.var("ci"), ai = w.var("ai"), av = w.var("av"), bp = w.var("bp"), bj = w.var("bj");
        String ap = w.var("ap"), s = w.var("s");
        if (!transA && !transB) {
            // i-p-j: the innermost loop is c[j] += a * b[j] over rows, which C2 vectorizes
            w.open("for (int " + i + " = 0; " + i + " < " + m + "; " + i + "++)");
            w.line("final " + t + "[] " + ci + " = " + C + "[" + i + "]");
            w.line("final " + t + "[] " + ai + " = " + A + "[" + i + "]");
            w.line("java.util.Arrays.fill(" + ci + ", 0, " + n + ", " + zero + ")");
            w.open("for (int " + p + " = 0; " + p + " < " + k + "; " + p + "++)");
            w.line("final " + t + " " + av + " = " + ai + "[" + p + "]");
            w.line("final " + t + "[] " + bp + " = " + B + "[" + p + "]");
            w.open("for (int " + j + " = 0; " + j + " < " + n + "; " + j + "++)");
            w.line(ci + "[" + j + "] += " + av + " * " + bp + "[" + j + "]");
            w.close();
            w.close();
            w.close();
        } else if (!transA) {
            // C = A B^T: dot products of rows
            w.open("for (int " + i + " = 0; " + i + " < " + m + "; " + i + "++)");
            w.line("final " + t + "[] " + ci + " = " + C + "[" + i + "]");
            w.line("final " + t + "[] " + ai + " = " + A + "[" + i + "]");
            w.open("for (int " + j + " = 0; " + j + " < " + n + "; " + j + "++)");
            w.line("final " + t + "[] " + bj + " = " + B + "[" + j + "]");
            w.line(t + " " + s + " = " + zero);
            w.open("for (int " + p + " = 0; " + p + " < " + k + "; " + p + "++)");
            w.line(s + " += " + ai + "[" + p + "] * " + bj + "[" + p + "]");
            w.close();
            w.line(ci + "[" + j + "] = " + s);
            w.close();
            w.close();
        } else if (!transB) {
            // C = A^T B: accumulate outer products of rows (p runs over the contracted rows, often the batch)
            w.open("for (int " + i + " = 0; " + i + " < " + m + "; " + i + "++)");
            w.line("java.util.Arrays.fill(" + C + "[" + i + "], 0, " + n + ", " + zero + ")");
            w.close();
            w.open("for (int " + p + " = 0; " + p + " < " + k + "; " + p + "++)");
            w.line("final " + t + "[] " + ap + " = " + A + "[" + p + "]");
            w.line("final " + t + "[] " + bp + " = " + B + "[" + p + "]");
            w.open("for (int " + i + " = 0; " + i + " < " + m + "; " + i + "++)");
            w.line("final " + t + " " + av + " = " + ap + "[" + i + "]");
            w.line("final " + t + "[] " + ci + " = " + C + "[" + i + "]");
            w.open("for (int " + j + " = 0; " + j + " < " + n + "; " + j + "++)");
            w.line(ci + "[" + j + "] += " + av + " * " + bp + "[" + j + "]");
            w.close();
            w.close();
            w.close();
        } else {
            w.open("for (int " + i + " = 0; " + i + " < " + m + "; " + i + "++)");
            w.open("for (int " + j + " = 0; " + j + " < " + n + "; " + j + "++)");
            w.line(t + " " + s + " = " + zero);
            w.open("for (int " + p + " = 0; " + p + " < " + k + "; " + p + "++)");
            w.line(s + " += " + A + "[" + p + "][" + i + "] * " + B + "[" + j + "][" + p + "]");
            w.close();
            w.line(C + "[" + i + "][" + j + "] = " + s);
            w.close();
            w.close();
        }
    }
}
