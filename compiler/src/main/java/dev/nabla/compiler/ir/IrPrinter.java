package dev.nabla.compiler.ir;

import java.util.IdentityHashMap;
import java.util.Map;

/** Prints a graph one node per line, with the model line each node came from and the roots. */
public final class IrPrinter {
    private IrPrinter() {}

    public static String print(Graph g) {
        StringBuilder sb = new StringBuilder();
        Map<Node, String> rootOf = new IdentityHashMap<>();
        for (Map.Entry<Root, Node> e : g.roots().entrySet()) rootOf.merge(e.getValue(), e.getKey().toString(), (a, b) -> a + ", " + b);
        Node.Role role = null;
        for (Node n : g.nodes()) {
            if (n.role() != role) {
                role = n.role();
                sb.append(role == Node.Role.FORWARD ? "# forward\n" : "# backward\n");
            }
            sb.append(String.format("%-14s = %s", n.ref(), n.op().name()));
            if (!n.op().attributes().isEmpty()) sb.append('[').append(n.op().attributes()).append(']');
            sb.append('(');
            for (int i = 0; i < n.inputs().size(); i++) sb.append(i == 0 ? "" : ", ").append(n.input(i).ref());
            sb.append(") : ").append(n.type());
            if (n.span().isKnown()) sb.append("   # line ").append(n.span().line());
            String r = rootOf.get(n);
            if (r != null) sb.append("   -> ").append(r);
            sb.append('\n');
        }
        return sb.toString();
    }
}
