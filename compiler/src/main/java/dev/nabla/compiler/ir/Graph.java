package dev.nabla.compiler.ir;

import dev.nabla.compiler.diag.Span;
import dev.nabla.compiler.ir.ops.Add;
import dev.nabla.compiler.ir.ops.Constant;
import dev.nabla.compiler.ir.ops.Div;
import dev.nabla.compiler.ir.ops.Equal;
import dev.nabla.compiler.ir.ops.Exp;
import dev.nabla.compiler.ir.ops.Greater;
import dev.nabla.compiler.ir.ops.GreaterEq;
import dev.nabla.compiler.ir.ops.Log;
import dev.nabla.compiler.ir.ops.Mul;
import dev.nabla.compiler.ir.ops.Neg;
import dev.nabla.compiler.ir.ops.Select;
import dev.nabla.compiler.ir.ops.Sigmoid;
import dev.nabla.compiler.ir.ops.Sub;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IR: a DAG of tensor ops in creation order (which is a topological order), with its {@link Root roots}:
 * the prediction outputs, the per-example loss, the batch-mean objective and the parameter gradients.
 *
 * <p>While building, the graph carries a current span and role, so that every node made by a rule
 * (a decomposition or a derivative) points back at the model expression it came from.
 */
public final class Graph {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Root, Node> roots = new LinkedHashMap<>();
    private Span span = Span.NONE;
    private Node.Role role = Node.Role.FORWARD;

    public List<Node> nodes() { return Collections.unmodifiableList(nodes); }

    public Map<Root, Node> roots() { return Collections.unmodifiableMap(roots); }

    public Node root(Root root) { return roots.get(root); }

    public void setRoot(Root root, Node node) { roots.put(root, node); }

    public Span span() { return span; }

    /** Sets the span given to nodes made from now on; returns the previous one. */
    public Span at(Span s) {
        Span old = span;
        span = s == null ? Span.NONE : s;
        return old;
    }

    public Node.Role role() { return role; }

    public void setRole(Node.Role r) { role = r; }

    /** Adds a node; a shape-rule failure is reported as a ShapeException (user-facing paths). */
    public Node tryAdd(Op op, List<Node> inputs, String name) throws ShapeException {
        List<TType> types = new ArrayList<>(inputs.size());
        for (Node n : inputs) types.add(n.type());
        TType t = op.inferType(types);
        Node node = new Node(nodes.size(), op, inputs, t, span, name, role);
        nodes.add(node);
        return node;
    }

    /** Adds a node; a shape-rule failure here is a compiler bug. */
    public Node add(Op op, List<Node> inputs, String name) {
        try {
            return tryAdd(op, inputs, name);
        } catch (ShapeException e) {
            throw new IllegalStateException("internal shape error in " + op.name() + ": " + e.getMessage(), e);
        }
    }

    public Node add(Op op, Node... inputs) { return add(op, List.of(inputs), null); }

    /** Gives a node the model's name for it, unless it has one already (an alias keeps the first name). */
    public Node named(Node n, String name) {
        n.nameIfUnnamed(name);
        return n;
    }

    // ----- small builders used by decompositions and derivative rules -----

    public Node constant(double v) { return add(new Constant(v)); }

    public Node add(Node a, Node b) { return add(new Add(), a, b); }

    public Node sub(Node a, Node b) { return add(new Sub(), a, b); }

    public Node mul(Node a, Node b) { return add(new Mul(), a, b); }

    public Node mul(double c, Node a) { return add(new Mul(), constant(c), a); }

    public Node div(Node a, Node b) { return add(new Div(), a, b); }

    public Node neg(Node a) { return add(new Neg(), a); }

    public Node exp(Node a) { return add(new Exp(), a); }

    public Node log(Node a) { return add(new Log(), a); }

    public Node sigmoid(Node a) { return add(new Sigmoid(), a); }

    public Node greater(Node a, Node b) { return add(new Greater(), a, b); }

    public Node greaterEq(Node a, Node b) { return add(new GreaterEq(), a, b); }

    public Node equal(Node a, Node b) { return add(new Equal(), a, b); }

    /** {@code cond != 0 ? a : b}. */
    public Node select(Node cond, Node a, Node b) { return add(new Select(), cond, a, b); }

    /** Builds a graph with the same nodes (a copy that passes can extend). */
    public static Graph copyOf(Graph g) {
        Graph c = new Graph();
        c.nodes.addAll(g.nodes);
        c.roots.putAll(g.roots);
        return c;
    }

    /** Creates a node with a given id in a graph being rebuilt by a pass. */
    public Node rebuild(Node like, Op op, List<Node> inputs) {
        Node node = new Node(nodes.size(), op, inputs, like.type(), like.span(), like.name(), like.role());
        nodes.add(node);
        return node;
    }

    /** Like {@link #rebuild} but re-infers the type (after an op changed). */
    public Node rebuildTyped(Node like, Op op, List<Node> inputs) {
        Span old = at(like.span());
        Node.Role oldRole = role;
        role = like.role();
        try {
            Node n = add(op, inputs, like.name());
            return n;
        } finally {
            at(old);
            role = oldRole;
        }
    }
}
