package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Leaf;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Root;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Dead-code elimination: keeps what the roots need, and every declared leaf. */
public final class Dce implements Pass {
    @Override public String name() { return "dce"; }

    @Override
    public ModelIr apply(ModelIr model) {
        Graph g = model.graph();
        Set<Node> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> stack = new ArrayList<>(g.roots().values());
        for (Node n : g.nodes()) if (n.op() instanceof Leaf) stack.add(n);
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (live.add(n)) stack.addAll(n.inputs());
        }
        Graph out = new Graph();
        Map<Node, Node> map = new IdentityHashMap<>();
        for (Node n : g.nodes()) {
            if (!live.contains(n)) continue;
            List<Node> ins = new ArrayList<>();
            for (Node in : n.inputs()) ins.add(map.get(in));
            map.put(n, out.rebuild(n, n.op(), ins));
        }
        for (Map.Entry<Root, Node> e : g.roots().entrySet()) out.setRoot(e.getKey(), map.get(e.getValue()));
        return model.withGraph(out);
    }
}
