package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.Composite;
import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import java.util.List;

/**
 * Softmax cross-entropy of a vector of logits against a target that is a class index or a distribution over
 * the classes: {@code logsumexp(x) sum(t) - sum(t x)}, one number per example. Its derivative with respect
 * to the logits is {@code up (softmax(x) sum(t) - t)}, for a class index {@code up (softmax(x) - onehot(y))}:
 * no division, no logarithm of a probability. With respect to a distribution target it is
 * {@code up (logsumexp(x) - x)}.
 */
public record CrossEntropy() implements Composite {
    @Override public String name() { return "cross_entropy"; }

    @Override public TType inferType(List<TType> in) throws ShapeException {
        TType x = in.get(0), t = in.get(1);
        if (x.isClass() || x.rank() != 1) throw new ShapeException("cross_entropy needs a vector of logits, got " + x);
        if (t.isClass()) {
            if (t.classes() != x.dim(0)) {
                throw new ShapeException(x.dim(0) + " logits for a target of " + t.classes() + " classes");
            }
        } else if (!t.sameShape(x)) {
            throw new ShapeException("logits " + x.shapeString() + " and target " + t.shapeString() + " differ");
        }
        return TType.real(x.batched() || t.batched());
    }

    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        Tensor x = in.get(0), t = in.get(1);
        int c = x.type().dim(0);
        TType out;
        try {
            out = inferType(List.of(x.type(), t.type()));
        } catch (ShapeException e) {
            throw new IllegalStateException(e.getMessage());
        }
        int rows = out.batched() ? ctx.batch() : 1;
        double[] o = new double[rows];
        for (int r = 0; r < rows; r++) {
            int xo = x.type().batched() ? r * c : 0;
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int i = 0; i < c; i++) m = Math.max(m, x.get(xo + i));
            for (int i = 0; i < c; i++) s += Math.exp(x.get(xo + i) - m);
            double lse = m + Math.log(s);
            if (t.type().isClass()) {
                o[r] = lse - x.get(xo + (int) t.get(t.type().batched() ? r : 0));
            } else {
                int to = t.type().batched() ? r * c : 0;
                double sum = 0, dot = 0;
                for (int i = 0; i < c; i++) {
                    sum += t.get(to + i);
                    dot += t.get(to + i) * x.get(xo + i);
                }
                o[r] = lse * sum - dot;
            }
        }
        return new Tensor(out, ctx.batch(), o);
    }

    private static Node target(Graph g, Node x, Node t) {
        return t.type().isClass() ? g.add(new OneHot(x.type().dim(0)), t) : t;
    }

    @Override public List<Node> vjp(Graph g, Node node, Node up) {
        Node x = node.input(0), t = node.input(1);
        Node probs = g.add(new Softmax(0), x);
        if (t.type().isClass()) return java.util.Arrays.asList(g.mul(up, g.sub(probs, target(g, x, t))), null);
        Node sum = g.add(new Reduce(Reduce.Kind.SUM, List.of(0), true), t);
        Node dx = g.mul(up, g.sub(g.mul(probs, sum), t));
        Node dt = g.mul(up, g.sub(logSumExp(g, x), x));
        return List.of(dx, dt);
    }

    /** {@code max(x) + log(sum(exp(x - max(x))))}, keeping the class axis. */
    private static Node logSumExp(Graph g, Node x) {
        Node m = g.add(new Reduce(Reduce.Kind.MAX, List.of(0), true), x);
        return g.add(m, g.log(g.add(new Reduce(Reduce.Kind.SUM, List.of(0), true), g.exp(g.sub(x, m)))));
    }

    @Override public Node lower(Graph g, Node node, List<Node> in) {
        Node x = in.get(0);
        Node t = target(g, x, in.get(1));
        Node lse = logSumExp(g, x);
        Node dot = g.add(new Reduce(Reduce.Kind.SUM, List.of(0), false), g.mul(t, x));
        if (in.get(1).type().isClass()) return g.sub(g.add(new Reshape(new int[0]), lse), dot);
        Node sum = g.add(new Reduce(Reduce.Kind.SUM, List.of(0), false), t);
        return g.sub(g.mul(g.add(new Reshape(new int[0]), lse), sum), dot);
    }
}
