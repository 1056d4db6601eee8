package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.KernelOp;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import dev.nabla.compiler.ir.emit.KernelContext;
import java.util.List;

/** Swaps the two axes of a per-example matrix. */
public record Transpose() implements KernelOp {
    @Override public String name() { return "transpose"; }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType x = in.get(0);
        if (x.rank() != 2) {
            throw new ShapeException("transpose needs a matrix, got a value of shape " + x.shapeString());
        }
        return x.withShape(x.dim(1), x.dim(0));
    }

    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        Tensor x = in.get(0);
        TType t = x.type();
        int m = t.dim(0), k = t.dim(1);
        double[] o = new double[x.size()];
        for (int b = 0; b < x.batch(); b++) {
            int base = b * m * k;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) o[base + j * m + i] = x.get(base + i * k + j);
            }
        }
        return new Tensor(t.withShape(k, m), ctx.batch(), o);
    }

    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(g.add(new Transpose(), up)); }

    @Override public void emit(KernelContext w, Node node) {
        Node x = node.input(0);
        TType t = x.type();
        int m = t.dim(0), k = t.dim(1);
        String xb = w.buf(x);
        String ob = w.buf(node);
        String i = w.var("i");
        String j = w.var("j");
        if (t.batched()) {
            String b = w.var("b");
            w.open("for (int " + b + " = 0; " + b + " < n; " + b + "++)");
            w.open("for (int " + i + " = 0; " + i + " < " + m + "; " + i + "++)");
            w.open("for (int " + j + " = 0; " + j + " < " + k + "; " + j + "++)");
            w.line(ob + "[" + b + "][" + j + " * " + m + " + " + i + "] = " + xb + "[" + b + "][" + i + " * " + k + " + " + j + "]");
            w.close();
            w.close();
            w.close();
        } else {
            w.open("for (int " + i + " = 0; " + i + " < " + m + "; " + i + "++)");
            w.open("for (int " + j + " = 0; " + j + " < " + k + "; " + j + "++)");
            w.line(ob + "[" + j + "][" + i + "] = " + xb + "[" + i + "][" + j + "]");
            w.close();
            w.close();
        }
    }
}
