package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Leaf;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Op;
import dev.nabla.compiler.ir.Rewrite;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses how matrix parameters are stored. A weight that every reader can take transposed, and that some
 * reader prefers so ({@link Op#prefersTransposedOperand}: {@code W @ x}, for the batch {@code X W^T}), is
 * stored transposed, {@code [in][out]}: the forward product then runs in the fast row-by-row shape without
 * copying W every step, and its gradient comes out in the same layout. Accessors, checkpoints and
 * initialization still see the declared layout. Runs on the forward graph, before differentiation.
 */
public final class LayoutPass implements Pass {
    @Override public String name() { return "layout"; }

    @Override
    public ModelIr apply(ModelIr model) {
        Graph g = model.graph();
        Map<Node, List<Node>> users = new IdentityHashMap<>();
        for (Node n : g.nodes()) for (Node in : n.inputs()) users.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        Set<Node> flip = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof Leaf leaf) || leaf.transposedLeaf() == null || g.roots().containsValue(n)) continue;
            List<Node> us = users.getOrDefault(n, List.of());
            boolean all = !us.isEmpty(), prefers = false;
            for (Node u : us) {
                int i = u.inputs().indexOf(n);
                all &= u.inputs().lastIndexOf(n) == i && u.op().withTransposedOperand(i) != null;
                prefers |= u.op().prefersTransposedOperand(i);
            }
            // a product of two flipped matrices must accept both flipped at once: only flip one user operand per node
            for (Node u : us) for (Node other : u.inputs()) if (other != n && flip.contains(other)) all = false;
            if (all && prefers) flip.add(n);
        }
        if (flip.isEmpty()) return model;
        return model.withGraph(Rewrite.apply(g, (out, n, in) -> {
            if (flip.contains(n)) return out.rebuildTyped(n, ((Leaf) n.op()).transposedLeaf(), in);
            Op op = n.op();
            for (int i = 0; i < n.inputs().size() && op != null; i++) {
                if (flip.contains(n.input(i))) op = op.withTransposedOperand(i);
            }
            return op == n.op() ? null : out.rebuildTyped(n, op, in);
        }));
    }
}
