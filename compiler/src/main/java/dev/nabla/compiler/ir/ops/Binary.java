package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.ElementwiseOp;

/** Shared arity of two-operand elementwise primitives. */
interface Binary extends ElementwiseOp {
    @Override
    default int arity() { return 2; }
}
