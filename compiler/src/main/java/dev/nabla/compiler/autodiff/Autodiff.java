package dev.nabla.compiler.autodiff;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Leaf;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Root;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.ops.Broadcast;
import dev.nabla.compiler.opt.Pass;
import dev.nabla.compiler.ir.ops.Reduce;
import dev.nabla.compiler.ir.ops.SumBatch;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode symbolic differentiation of the objective with respect to every parameter (and, on
 * request, every real-valued input). The generic work lives here, once: the reverse topological walk
 * (no recursion), accumulation of fan-out with additions, summing broadcast gradients back to each
 * input's type (over the batch and over broadcast axes), and tagging every backward node with the span
 * of the forward expression it came from. Each op only says its vector-Jacobian product.
 */
public final class Autodiff implements Pass {
    private final boolean inputGradients;

    /** Differentiates with respect to every parameter, and every real input when {@code inputGradients}. */
    public Autodiff(boolean inputGradients) {
        this.inputGradients = inputGradients;
    }

    @Override public String name() { return "autodiff"; }

    @Override
    public ModelIr apply(ModelIr model) {
        Graph g = Graph.copyOf(model.graph());
        Node objective = g.root(Root.OBJECTIVE);
        if (objective == null) throw new IllegalStateException("model has no objective");
        List<Node> nodes = new ArrayList<>(g.nodes());

        Map<String, Node> params = new java.util.LinkedHashMap<>();
        Map<String, Node> inputs = new java.util.LinkedHashMap<>();
        for (Node n : nodes) {
            if (!(n.op() instanceof Leaf leaf)) continue;
            if (leaf.leafKind() == Leaf.Kind.PARAM) params.put(leaf.leafName(), n);
            if (inputGradients && leaf.leafKind() == Leaf.Kind.INPUT && !n.type().isClass()) inputs.put(leaf.leafName(), n);
        }
        Set<Node> wrt = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        wrt.addAll(params.values());
        wrt.addAll(inputs.values());

        // forward reachability: which nodes depend on something we differentiate with respect to
        Set<Node> relevant = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : nodes) {
            if (wrt.contains(n)) {
                relevant.add(n);
                continue;
            }
            if (!n.op().differentiable()) continue;
            for (Node in : n.inputs()) {
                if (relevant.contains(in)) {
                    relevant.add(n);
                    break;
                }
            }
        }

        Map<Node, Node> adjoint = new IdentityHashMap<>();
        g.setRole(Node.Role.BACKWARD);
        g.at(objective.span());
        adjoint.put(objective, g.constant(1.0));
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            Node up = adjoint.get(n);
            if (up == null || !relevant.contains(n) || wrt.contains(n)) continue;
            boolean any = false;
            for (Node in : n.inputs()) any |= relevant.contains(in);
            if (!any) continue;
            g.at(n.span());
            // the gradient of a named value is complete here: d_NAME in dumps and generated code
            if (n.name() != null) g.named(up, "d_" + n.name());
            List<Node> grads = n.op().vjp(g, n, up);
            for (int k = 0; k < n.inputs().size(); k++) {
                Node in = n.input(k);
                Node gk = k < grads.size() ? grads.get(k) : null;
                if (gk == null || !relevant.contains(in)) continue;
                gk = sumTo(g, gk, in.type());
                Node prev = adjoint.get(in);
                adjoint.put(in, prev == null ? gk : g.add(prev, gk));
            }
        }

        for (Map.Entry<String, Node> e : params.entrySet()) {
            g.at(e.getValue().span());
            g.setRoot(Root.grad(e.getKey()), orZero(g, adjoint.get(e.getValue()), e.getValue().type()));
        }
        for (Map.Entry<String, Node> e : inputs.entrySet()) {
            g.at(e.getValue().span());
            g.setRoot(Root.inputGrad(e.getKey()), orZero(g, adjoint.get(e.getValue()), e.getValue().type()));
        }
        // declared parameters that the graph never reads still get a (zero) gradient
        for (var d : model.params()) {
            if (g.root(Root.grad(d.name())) == null) {
                g.setRoot(Root.grad(d.name()), orZero(g, null, d.type()));
            }
        }
        g.setRole(Node.Role.FORWARD);
        return model.withGraph(g);
    }

    private static Node orZero(Graph g, Node grad, TType type) {
        if (grad != null) return grad;
        return g.add(new Broadcast(type), g.constant(0));
    }

    /** Sums a gradient computed at a broadcast type back to the type of the value it belongs to. */
    public static Node sumTo(Graph g, Node grad, TType target) {
        TType t = grad.type();
        if (t.equals(target)) return grad;
        if (t.batched() && !target.batched()) {
            grad = g.add(new SumBatch(), grad);
            t = grad.type();
        } else if (!t.batched() && target.batched()) {
            grad = g.add(new Broadcast(t.withBatched(true).withShape(t.shape())), grad);
            t = grad.type();
        }
        int lead = t.rank() - target.rank();
        if (lead > 0) {
            List<Integer> axes = new ArrayList<>();
            for (int a = 0; a < lead; a++) axes.add(a);
            grad = g.add(new Reduce(Reduce.Kind.SUM, axes, false), grad);
            t = grad.type();
        }
        List<Integer> ones = new ArrayList<>();
        for (int a = 0; a < target.rank(); a++) {
            if (target.dim(a) == 1 && t.dim(a) != 1) ones.add(a);
        }
        if (!ones.isEmpty()) grad = g.add(new Reduce(Reduce.Kind.SUM, ones, true), grad);
        if (!grad.type().equals(target)) {
            // e.g. a scalar gradient for a larger value: spread it
            grad = g.add(new Broadcast(target), grad);
        }
        return grad;
    }
}
