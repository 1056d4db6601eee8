package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.IrVerifier;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.ops.MatMul;
import dev.nabla.compiler.ir.ops.Param;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses how matrix parameters are stored. A weight used only as {@code W @ x} (for the batch
 * {@code X W^T}) is stored transposed, {@code [in][out]}: the forward product then runs in the fast
 * row-by-row shape without copying W every step, and its gradient {@code X^T dZ} comes out in the same
 * layout. Accessors, checkpoints and initialization still see the declared layout. Runs on the forward
 * graph, before differentiation.
 */
public final class LayoutPass {
    private LayoutPass() {}

    public static ModelIr apply(ModelIr model) {
        Graph g = model.graph();
        Map<Node, List<Node>> users = new IdentityHashMap<>();
        for (Node n : g.nodes()) for (Node in : n.inputs()) users.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        Map<Node, Boolean> flip = new IdentityHashMap<>();
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof Param p) || p.storedTransposed() || n.type().rank() != 2) continue;
            List<Node> us = users.getOrDefault(n, List.of());
            boolean all = !us.isEmpty() && !g.roots().containsValue(n);
            for (Node u : us) {
                all &= u.op() instanceof MatMul m && m.transB() && u.input(1) == n && u.input(0) != n;
            }
            if (all) flip.put(n, true);
        }
        if (flip.isEmpty()) return model;
        Graph out = new Graph();
        Map<Node, Node> map = new IdentityHashMap<>();
        for (Node n : g.nodes()) {
            List<Node> ins = new ArrayList<>();
            for (Node in : n.inputs()) ins.add(map.get(in));
            Node r;
            if (flip.containsKey(n)) {
                Param p = (Param) n.op();
                TType t = n.type().withShape(n.type().dim(1), n.type().dim(0));
                r = out.rebuildTyped(n, new Param(p.paramName(), t, true), ins);
            } else if (n.op() instanceof MatMul m && flip.containsKey(n.input(1))) {
                r = out.rebuildTyped(n, new MatMul(m.transA(), false, m.outShape()), ins);
            } else {
                r = out.rebuild(n, n.op(), ins);
            }
            map.put(n, r);
        }
        for (Map.Entry<String, Node> e : g.roots().entrySet()) out.setRoot(e.getKey(), map.get(e.getValue()));
        IrVerifier.verify(out, "layout");
        return model.withGraph(out);
    }
}
