package dev.nabla.compiler.ir;

import java.util.List;

/**
 * A primitive of the IR. Each primitive is one class (a record, so that equal ops compare equal for CSE)
 * with its rules side by side:
 * <ol>
 *   <li>{@link #inferType} — the shape rule;</li>
 *   <li>{@link #evaluate} — a double-precision reference evaluation (the IR interpreter, the test oracle);</li>
 *   <li>{@link #vjp} — the derivative rule: a vector-Jacobian product built from new IR nodes;</li>
 *   <li>the emission rules — {@link ElementwiseOp#emit} for an expression in fused loops,
 *       {@link RowOp#emitRow} for its part of a per-example row unit, {@link KernelOp#emit} for its own
 *       loops;</li>
 *   <li>optionally, algebraic simplifications ({@link #simplify}) and layout choices
 *       ({@link #withTransposedOperand}).</li>
 * </ol>
 * Language functions that can be written in terms of primitives (softmax, mse, swish, ...) are
 * decompositions in {@code dev.nabla.compiler.check.Builtins} and need none of this.
 */
public interface Op {
    /** The name printed in IR dumps. */
    String name();

    /** The shape rule: the type of the result, or a ShapeException saying what is wrong. */
    TType inferType(List<TType> inputs) throws ShapeException;

    /** The reference evaluation in double precision. */
    Tensor evaluate(List<Tensor> inputs, EvalContext context);

    /**
     * The derivative rule. Given the node and the gradient of the objective with respect to it
     * ({@code upstream}, of the node's type), returns the gradient with respect to each input, in input
     * order; an entry is null when no gradient flows to that input. A gradient may have the node's
     * (broadcast) type: the autodiff driver sums it back to the input's type.
     */
    List<Node> vjp(Graph g, Node node, Node upstream);

    /** False for ops through which no gradient flows at all (comparisons, one-hot, stop-gradient). */
    default boolean differentiable() { return true; }

    /** True for ops that only matter to differentiation (stop-gradient): the identity afterwards. */
    default boolean erasedAfterDifferentiation() { return false; }

    /** Attributes for dumps, e.g. {@code alpha=0.01}; empty when none. */
    default String attributes() { return ""; }

    /**
     * An algebraic simplification of {@code node} whose inputs were rebuilt as {@code inputs}: a
     * replacement built in {@code g} (of the node's type, or broadcastable to it: the caller broadcasts),
     * or null to keep the node. Constant folding of elementwise ops is generic and needs no rule here.
     */
    default Node simplify(Graph g, Node node, List<Node> inputs) { return null; }

    /**
     * The op computing the same value when operand {@code i} is supplied transposed (a matrix parameter
     * stored the other way), or null when it cannot take it so.
     */
    default Op withTransposedOperand(int i) { return null; }

    /** Whether this op runs faster with operand {@code i} supplied transposed. */
    default boolean prefersTransposedOperand(int i) { return false; }
}
