package dev.nabla.compiler.ir;

import dev.nabla.compiler.diag.Span;
import java.util.List;

/**
 * One value of the IR: an op applied to earlier nodes. Nodes are immutable; passes build new graphs.
 * {@code name} is the model's name for the value when it has one (used for generated identifiers);
 * {@code span} points at the model expression it came from (for backward nodes: the forward expression).
 */
public final class Node {
    private final int id;
    private final Op op;
    private final List<Node> inputs;
    private final TType type;
    private final Span span;
    private String name;
    private final Role role;

    /** Whether a node is part of the forward pass or of the gradient computation. */
    public enum Role { FORWARD, BACKWARD }

    Node(int id, Op op, List<Node> inputs, TType type, Span span, String name, Role role) {
        this.id = id;
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.type = type;
        this.span = span == null ? Span.NONE : span;
        this.name = name;
        this.role = role;
    }

    public int id() { return id; }
    public Op op() { return op; }
    public List<Node> inputs() { return inputs; }
    public Node input(int i) { return inputs.get(i); }
    public TType type() { return type; }
    public Span span() { return span; }
    public String name() { return name; }
    public Role role() { return role; }

    /** Names an unnamed node while the model is being built (names are not part of a node's identity). */
    void nameIfUnnamed(String n) {
        if (name == null) name = n;
    }

    public boolean is(Class<? extends Op> opClass) { return opClass.isInstance(op); }

    /** {@code %12} or {@code %12:h} when named. */
    public String ref() { return name == null ? "%" + id : "%" + id + ":" + name; }

    @Override
    public String toString() { return ref() + " = " + op + inputs.stream().map(Node::ref).toList() + " : " + type; }
}
