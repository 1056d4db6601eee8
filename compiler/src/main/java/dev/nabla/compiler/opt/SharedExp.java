package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.IrVerifier;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ops.Abs;
import dev.nabla.compiler.ir.ops.Add;
import dev.nabla.compiler.ir.ops.Constant;
import dev.nabla.compiler.ir.ops.Div;
import dev.nabla.compiler.ir.ops.Exp;
import dev.nabla.compiler.ir.ops.GreaterEq;
import dev.nabla.compiler.ir.ops.Log;
import dev.nabla.compiler.ir.ops.Neg;
import dev.nabla.compiler.ir.ops.Relu;
import dev.nabla.compiler.ir.ops.Select;
import dev.nabla.compiler.ir.ops.Sigmoid;
import dev.nabla.compiler.ir.ops.Softplus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a value feeds both a sigmoid and a softplus (a logistic output and its binary cross-entropy, and
 * its gradient), both are rewritten in terms of one {@code e = exp(-|z|)}:
 * {@code sigmoid = z >= 0 ? 1/(1+e) : e/(1+e)} and {@code softplus = max(z, 0) + log(1+e)}, so the
 * training step computes one exponential per element instead of two. Runs after differentiation, so no
 * derivative rule sees the rewritten form.
 */
public final class SharedExp {
    private SharedExp() {}

    public static ModelIr apply(ModelIr model) {
        Graph g = model.graph();
        Set<Node> sig = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> soft = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : g.nodes()) {
            if (n.op() instanceof Sigmoid) sig.add(n.input(0));
            if (n.op() instanceof Softplus) soft.add(n.input(0));
        }
        Set<Node> both = new HashSet<>();
        for (Node z : sig) if (soft.contains(z)) both.add(z);
        if (both.isEmpty()) return model;
        Graph out = new Graph();
        Map<Node, Node> map = new IdentityHashMap<>();
        Map<Node, Node> eOf = new IdentityHashMap<>();
        for (Node n : g.nodes()) {
            List<Node> ins = new ArrayList<>();
            for (Node in : n.inputs()) ins.add(map.get(in));
            Node r;
            boolean rewrite = (n.op() instanceof Sigmoid || n.op() instanceof Softplus) && both.contains(n.input(0));
            if (rewrite) {
                out.at(n.span());
                out.setRole(n.role());
                Node z = ins.get(0);
                Node e = eOf.computeIfAbsent(z, k -> out.add(new Exp(), out.add(new Neg(), out.add(new Abs(), k))));
                Node onePlusE = out.add(new Add(), out.add(new Constant(1)), e);
                if (n.op() instanceof Sigmoid) {
                    Node pos = out.add(new Div(), out.add(new Constant(1)), onePlusE);
                    Node neg = out.add(new Div(), e, onePlusE);
                    r = out.add(new Select(), out.add(new GreaterEq(), z, out.add(new Constant(0))), pos, neg);
                } else {
                    r = out.add(new Add(), out.add(new Relu(), z), out.add(new Log(), onePlusE));
                }
                if (n.name() != null) out.named(r, n.name());
            } else {
                r = out.rebuild(n, n.op(), ins);
            }
            map.put(n, r);
        }
        for (Map.Entry<String, Node> en : g.roots().entrySet()) out.setRoot(en.getKey(), map.get(en.getValue()));
        out.setRole(Node.Role.FORWARD);
        IrVerifier.verify(out, "shared-exp");
        return model.withGraph(out);
    }
}
