package dev.nabla.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A primitive applied element by element, with numpy broadcasting of its inputs (the batch axis
 * included). Its emission rule is a Java expression over scalar operands, so chains of elementwise ops
 * fuse into one loop. Implementations give the scalar function {@link #apply} (the reference) and
 * {@link #emit}; the shape rule, the evaluation over tensors and the row-unit form are shared here. An
 * elementwise op without operands (a constant, {@code 1/n}) is written inline wherever it is read.
 */
public interface ElementwiseOp extends RowOp {
    /** Number of inputs. */
    int arity();

    /** Whether the value is the same for every batch (a literal); {@code 1/n} is not. */
    default boolean isConstant() { return arity() == 0; }

    /** The reference function on one element of each input. */
    double apply(double[] args);

    /** The emission rule: a Java expression computing one element from operand expressions. */
    String emit(Num num, String[] args);

    /**
     * The runtime's vectorized function over a row that computes this op
     * ({@code dev.nabla.runtime.kernels.Elementwise}), or null when there is none.
     */
    default String vectorFunction() { return null; }

    /**
     * This op's value at {@code z} in terms of {@code e = exp(-|z|)}, built in {@code g}, or null. When a
     * value feeds two ops that have such a form (a sigmoid and a softplus: a logistic output and its
     * cross-entropy), both are rewritten to share one exponential.
     */
    default Node viaExpNegAbs(Graph g, Node z, Node e) { return null; }

    /** Whether {@link #viaExpNegAbs} gives a form. */
    default boolean hasExpNegAbsForm() { return false; }

    @Override
    default void emitRow(dev.nabla.compiler.ir.emit.RowContext ctx, Node node) {
        String[] args = new String[arity()];
        for (int i = 0; i < args.length; i++) args[i] = ctx.operand(i);
        ctx.define(emit(ctx.num(), args));
    }

    @Override
    default TType inferType(List<TType> inputs) throws ShapeException {
        if (inputs.size() != arity()) throw new ShapeException(name() + " takes " + arity() + " operands");
        return broadcast(inputs);
    }

    @Override
    default Tensor evaluate(List<Tensor> inputs, EvalContext ctx) {
        List<TType> types = new ArrayList<>();
        for (Tensor t : inputs) types.add(t.type());
        TType out;
        try {
            out = inferType(types);
        } catch (ShapeException e) {
            throw new IllegalStateException(e.getMessage());
        }
        int[] full = Tensor.fullShape(out, ctx.batch());
        int total = 1;
        for (int d : full) total *= d;
        int[][] index = new int[inputs.size()][];
        for (int i = 0; i < index.length; i++) index[i] = inputs.get(i).broadcastIndex(full);
        double[] result = new double[total];
        double[] args = new double[inputs.size()];
        for (int p = 0; p < total; p++) {
            for (int i = 0; i < args.length; i++) args[i] = inputs.get(i).data()[index[i][p]];
            result[p] = apply(args);
        }
        return new Tensor(out, ctx.batch(), result);
    }

    /** Numpy broadcasting of per-example shapes; the result is batched when any input is. */
    static TType broadcast(List<TType> inputs) throws ShapeException {
        int rank = 0;
        boolean batched = false;
        for (TType t : inputs) {
            if (t.isClass()) throw new ShapeException("a class index cannot be used in arithmetic; use onehot(y, n)");
            rank = Math.max(rank, t.rank());
            batched |= t.batched();
        }
        int[] shape = new int[rank];
        java.util.Arrays.fill(shape, 1);
        for (TType t : inputs) {
            int[] s = t.shape();
            for (int i = s.length - 1, o = rank - 1; i >= 0; i--, o--) {
                if (s[i] == shape[o] || s[i] == 1) continue;
                if (shape[o] == 1) {
                    shape[o] = s[i];
                } else {
                    throw new ShapeException("shapes " + describe(inputs) + " do not broadcast");
                }
            }
        }
        return TType.real(batched, shape);
    }

    private static String describe(List<TType> inputs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < inputs.size(); i++) {
            if (i > 0) sb.append(i == inputs.size() - 1 ? " and " : ", ");
            sb.append(inputs.get(i).shapeString());
        }
        return sb.toString();
    }
}
