package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.ElementwiseOp;

/** Shared arity of one-operand elementwise primitives. */
interface Unary extends ElementwiseOp {
    @Override
    default int arity() { return 1; }
}
