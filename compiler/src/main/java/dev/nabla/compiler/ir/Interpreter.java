package dev.nabla.compiler.ir;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference interpreter: evaluates a graph in double precision with each op's reference rule.
 * It shares nothing with code generation, which makes it the oracle that generated code is checked
 * against.
 */
public final class Interpreter {
    private Interpreter() {}

    /**
     * Evaluates every node. {@code inputs} and {@code params} bind leaves by name; class targets hold
     * class indices. Returns the value of each node.
     */
    public static Map<Node, Tensor> run(Graph g, Map<String, Tensor> inputs, Map<String, Tensor> params, int batch) {
        EvalContext ctx = new EvalContext(batch);
        Map<Node, Tensor> values = new IdentityHashMap<>();
        for (Node n : g.nodes()) {
            Tensor v;
            if (n.op() instanceof Leaf leaf && leaf.leafKind() != Leaf.Kind.PARAM) {
                v = inputs.get(leaf.leafName());
                if (v == null) throw new IllegalArgumentException("no value for input " + leaf.leafName());
            } else if (n.op() instanceof Leaf leaf) {
                v = params.get(leaf.leafName());
                if (v == null) throw new IllegalArgumentException("no value for parameter " + leaf.leafName());
                if (leaf.storedTransposed()) v = transpose(v, n.type());
            } else {
                List<Tensor> args = new ArrayList<>(n.inputs().size());
                for (Node in : n.inputs()) args.add(values.get(in));
                v = n.op().evaluate(args, ctx);
            }
            values.put(n, v);
        }
        return values;
    }

    /**
     * The value of one root after {@link #run}; the gradient of a parameter stored transposed is given
     * in the parameter's declared layout.
     */
    public static Tensor root(Graph g, Map<Node, Tensor> values, Root key) {
        Node n = g.root(key);
        if (n == null) throw new IllegalArgumentException("no root " + key);
        Tensor v = values.get(n);
        if (key instanceof Root.Grad grad) {
            for (Node p : g.nodes()) {
                if (p.op() instanceof Leaf op && op.leafKind() == Leaf.Kind.PARAM && op.leafName().equals(grad.param())
                        && op.storedTransposed()) {
                    TType declared = p.type().withShape(p.type().dim(1), p.type().dim(0));
                    return transpose(v, declared);
                }
            }
        }
        return v;
    }

    /** A matrix's transpose, typed as {@code to}. */
    private static Tensor transpose(Tensor v, TType to) {
        int rows = to.dim(0), cols = to.dim(1);
        double[] d = new double[v.size()];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) d[i * cols + j] = v.get(j * rows + i);
        }
        return new Tensor(to, 1, d);
    }
}
