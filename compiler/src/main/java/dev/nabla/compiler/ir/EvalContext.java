package dev.nabla.compiler.ir;

/** What the reference interpreter knows beside the inputs: the number of examples in the batch. */
public record EvalContext(int batch) {}
