package dev.nabla.compiler.ir;

/**
 * A value that comes from outside the graph: an input or target staged by the caller, or a parameter that
 * the optimizer updates. Leaves live in fields of the generated class; evaluation and emission have
 * nothing to do for them.
 */
public interface Leaf extends Op {
    enum Kind { INPUT, TARGET, PARAM }

    Kind leafKind();

    /** The declared name. */
    String leafName();

    /** Whether the stored matrix is the transpose of the declared one (see the layout pass). */
    default boolean storedTransposed() { return false; }

    /** The same leaf stored transposed (a matrix parameter), or null when it cannot be. */
    default Leaf transposedLeaf() { return null; }
}
