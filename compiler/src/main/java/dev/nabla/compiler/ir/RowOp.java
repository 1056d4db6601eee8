package dev.nabla.compiler.ir;

import dev.nabla.compiler.ir.emit.RowContext;

/**
 * An op that can be computed per example inside a row unit: one loop over the examples whose body runs
 * several phases, so that a chain of per-example work (elementwise math, reductions over an example, the
 * one-hot of a class index, small products) reads and writes no buffer in between. Every
 * {@link ElementwiseOp} is one; ops that also have a {@link KernelOp} form say with {@link #inRows} when the
 * row form applies.
 */
public interface RowOp extends Op {
    /** When a node's value is complete. */
    enum Completion {
        /** Element by element, in its phase's loop. */
        ELEMENT,
        /** Per example, after its phase's loop (a reduction over the example). */
        EXAMPLE,
        /** After the loop over all examples (a sum over the batch): later row work must start a new unit. */
        BATCH
    }

    /** Whether this node is computed in a row unit (otherwise it is a kernel). */
    default boolean inRows(Node node) { return node.type().batched() && !node.type().isClass(); }

    /** The per-example type whose elements the node's phase loops over: its own type, or its input's. */
    default TType rowSpace(Node node) { return node.type(); }

    /** The number of iterations of the node's phase loop (1: straight-line code per example). */
    default int loopSize(Node node) { return rowSpace(node).size(); }

    default Completion completion(Node node) { return Completion.ELEMENT; }

    /** Whether the node reads the whole row of input {@code i} for each element (so the input must be complete). */
    default boolean readsWholeRow(Node node, int i) { return false; }

    /** Writes the node's part of the row unit. */
    void emitRow(RowContext ctx, Node node);

    /**
     * An expression for the node's value at {@code (example, element)} when it is cheaper to compute it where
     * it is read than to store and load it (a one-hot), or null.
     */
    default String recompute(RowContext ctx, Node node, String example, String element) { return null; }

    /** Whether readers compute this node again ({@link #recompute}) instead of reading a buffer. */
    default boolean recomputed() { return false; }
}
