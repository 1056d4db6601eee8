package dev.nabla.compiler.ir;

/**
 * The entry points of a generated model class, as sets of work: {@code forward} computes what
 * {@link #PREDICT} needs, {@code evaluate} what {@link #EVAL} needs (outputs and the loss), and the
 * training step what {@link #TRAIN} needs (the objective and every gradient). Each root says which
 * entry points need it; every node inherits the entries of the roots that read it.
 */
public enum Entry { PREDICT, EVAL, TRAIN }
