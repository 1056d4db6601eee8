package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Op;
import dev.nabla.compiler.ir.Rewrite;
import dev.nabla.compiler.ir.ops.Abs;
import dev.nabla.compiler.ir.ops.Neg;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * When one value feeds two different ops that can be written in terms of {@code e = exp(-|z|)}
 * ({@link ElementwiseOp#viaExpNegAbs}: a logistic output and its binary cross-entropy, and its gradient),
 * all of them are rewritten to share that one exponential per element. Runs after differentiation, so no
 * derivative rule sees the rewritten form.
 */
public final class SharedExp implements Pass {
    @Override public String name() { return "shared-exp"; }

    private static boolean hasForm(Node n) {
        return n.op() instanceof ElementwiseOp e && e.arity() == 1 && e.hasExpNegAbsForm();
    }

    @Override
    public ModelIr apply(ModelIr model) {
        Graph g = model.graph();
        Map<Node, Set<Op>> opsOf = new IdentityHashMap<>();
        for (Node n : g.nodes()) {
            if (hasForm(n)) opsOf.computeIfAbsent(n.input(0), k -> new HashSet<>()).add(n.op());
        }
        Set<Node> shared = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<Node, Set<Op>> e : opsOf.entrySet()) if (e.getValue().size() > 1) shared.add(e.getKey());
        if (shared.isEmpty()) return model;
        Map<Node, Node> eOf = new IdentityHashMap<>();
        return model.withGraph(Rewrite.apply(g, (out, n, in) -> {
            if (!hasForm(n) || !shared.contains(n.input(0))) return null;
            Node z = in.get(0);
            Node e = eOf.computeIfAbsent(z, k -> out.exp(out.add(new Neg(), out.add(new Abs(), k))));
            return ((ElementwiseOp) n.op()).viaExpNegAbs(out, z, e);
        }));
    }
}
