package dev.nabla.compiler.ir;

import dev.nabla.compiler.codegen.KernelWriter;

/**
 * A primitive that emits its own loops (matrix products, reductions, transposes, ...) instead of an
 * expression in a fused elementwise loop.
 */
public interface KernelOp extends Op {
    /** The emission rule: writes the statements computing {@code node} into its output buffer. */
    void emit(KernelWriter w, Node node);
}
