package dev.nabla.compiler.ir;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a graph node by node in order: each node is either copied over its rebuilt inputs or replaced by
 * what a rule builds. Spans, roles and model names carry over (a replacement takes the name of the node it
 * replaces unless it has one), and the roots follow their nodes.
 */
public final class Rewrite {
    private Rewrite() {}

    /** The replacement of {@code node}, built in {@code out} over its rebuilt {@code inputs}; null to copy it. */
    @FunctionalInterface
    public interface Rule {
        Node apply(Graph out, Node node, List<Node> inputs);
    }

    public static Graph apply(Graph g, Rule rule) {
        Graph out = new Graph();
        Map<Node, Node> map = new IdentityHashMap<>();
        for (Node n : g.nodes()) {
            List<Node> ins = new ArrayList<>(n.inputs().size());
            for (Node in : n.inputs()) ins.add(map.get(in));
            out.at(n.span());
            out.setRole(n.role());
            Node r = rule.apply(out, n, ins);
            if (r == null) r = out.rebuild(n, n.op(), ins);
            else if (n.name() != null) out.named(r, n.name());
            map.put(n, r);
        }
        for (Map.Entry<Root, Node> e : g.roots().entrySet()) out.setRoot(e.getKey(), map.get(e.getValue()));
        out.setRole(Node.Role.FORWARD);
        out.at(null);
        return out;
    }
}
