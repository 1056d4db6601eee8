package dev.nabla.compiler.ir;

import dev.nabla.compiler.ir.emit.KernelContext;

/**
 * A primitive that emits its own loops (matrix products, general reductions, transposes, ...) instead of an
 * expression in a fused loop. An op may also be a {@link RowOp} and say per node which form applies.
 */
public interface KernelOp extends Op {
    /** The emission rule: writes the statements computing {@code node} into its output buffer. */
    void emit(KernelContext ctx, Node node);

    /**
     * Writes {@code target += scale * value(node)} into a parameter's buffer {@code target} without storing
     * the node (plain SGD fused into the kernel that computes a weight gradient), and returns true; false
     * when this op has no such form for {@code node}.
     */
    default boolean emitAccumulateInto(KernelContext ctx, Node node, String target, String scale) { return false; }
}
