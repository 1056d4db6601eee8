package dev.nabla.compiler.ir;

import java.util.List;

/**
 * An op with a derivative rule of its own that is cheaper or more stable than differentiating its
 * decomposition (softmax, log-softmax, cross-entropy on logits), and that is replaced by that decomposition
 * into primitives after differentiation ({@link #lower}), so that fusion and code generation only ever see
 * primitives. Where the model uses the op twice (a softmax output, and the softmax in the cross-entropy's
 * gradient), both lower to the same nodes and are computed once.
 */
public interface Composite extends Op {
    /** The decomposition of {@code node} into primitives, built in {@code g} over its rebuilt {@code inputs}. */
    Node lower(Graph g, Node node, List<Node> inputs);
}
