package dev.nabla.compiler.ir;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the invariants every pass must keep: inputs come before their users, every node's type is
 * what its op's shape rule says, and every root is a node of the graph. Runs after every pass; a
 * failure is a compiler bug, reported with the pass's name.
 */
public final class IrVerifier {
    private IrVerifier() {}

    public static void verify(Graph g, String after) {
        Map<Node, Integer> position = new IdentityHashMap<>();
        List<Node> nodes = g.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (position.put(n, i) != null) fail(after, n + " appears twice");
            List<TType> types = new ArrayList<>();
            for (Node in : n.inputs()) {
                Integer p = position.get(in);
                if (p == null) fail(after, n + " uses " + in.ref() + " before it is computed");
                types.add(in.type());
            }
            TType t;
            try {
                t = n.op().inferType(types);
            } catch (ShapeException e) {
                throw new IllegalStateException("IR invalid after " + after + ": " + n + ": " + e.getMessage());
            }
            if (!t.equals(n.type())) fail(after, n + " has type " + n.type() + " but its op gives " + t);
        }
        for (Map.Entry<Root, Node> e : g.roots().entrySet()) {
            if (!position.containsKey(e.getValue())) fail(after, "root " + e.getKey() + " is not in the graph");
        }
    }

    private static void fail(String after, String what) {
        throw new IllegalStateException("IR invalid after " + after + ": " + what);
    }
}
