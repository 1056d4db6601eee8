package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.ModelIr;

/**
 * One step of the compiler's pass pipeline: a model's IR in, a new one out (graphs are immutable; a pass
 * builds a new graph). The pipeline runs the IR verifier after every pass and keeps each result under the
 * pass's name, so that {@code nabla dump --stage ir --after NAME} can show it.
 */
public interface Pass {
    /** The name used in dumps and in the verifier's reports. */
    String name();

    ModelIr apply(ModelIr model);
}
