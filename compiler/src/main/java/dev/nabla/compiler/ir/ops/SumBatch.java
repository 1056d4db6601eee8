package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.codegen.KernelWriter;
import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.KernelOp;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import java.util.List;

/** Sum over the batch axis: the gradient of a parameter that was broadcast over the examples. */
public record SumBatch() implements KernelOp {
    @Override public String name() { return "sum_batch"; }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType x = in.get(0);
        if (!x.batched()) throw new ShapeException("sum_batch needs a batched value");
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

    @Override public void emit(KernelWriter w, Node node) {
        Node x = node.input(0);
        TType t = node.type();
        String ob = w.buf(node);
        String xb = w.buf(x);
        w.fill(node, null, w.num().lit(0));
        String b = w.var("b");
        w.open("for (int " + b + " = 0; " + b + " < n; " + b + "++)");
        String row = w.var("row");
        w.line("final " + w.num().type() + "[] " + row + " = " + xb + "[" + b + "]");
        if (t.storageRows() == 1) {
            String o = w.var("o");
            w.line("final " + w.num().type() + "[] " + o + " = " + ob + "[0]");
            String c = w.var("c");
            w.open("for (int " + c + " = 0; " + c + " < " + t.size() + "; " + c + "++)");
            w.line(o + "[" + c + "] += " + row + "[" + c + "]");
            w.close();
        } else {
            int cols = t.storageCols();
            String r = w.var("r");
            w.open("for (int " + r + " = 0; " + r + " < " + t.storageRows() + "; " + r + "++)");
            String o = w.var("o");
            w.line("final " + w.num().type() + "[] " + o + " = " + ob + "[" + r + "]");
            String c = w.var("c");
            w.open("for (int " + c + " = 0; " + c + " < " + cols + "; " + c + "++)");
            w.line(o + "[" + c + "] += " + row + "[" + r + " * " + cols + " + " + c + "]");
            w.close();
            w.close();
        }
        w.close();
    }
}
