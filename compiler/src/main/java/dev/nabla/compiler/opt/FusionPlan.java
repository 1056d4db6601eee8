package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.KernelOp;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ops.Constant;
import dev.nabla.compiler.ir.ops.InvBatch;
import dev.nabla.compiler.ir.ops.Input;
import dev.nabla.compiler.ir.ops.Param;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Elementwise fusion and buffer planning. Splits the graph's schedule into units: a unit is either a
 * run of elementwise nodes over the same iteration space (emitted as one loop, with intermediate
 * values in locals) or one kernel op. It decides which values need a buffer (those read by another
 * unit, and roots) and which of the three passes of the generated class need each unit:
 * {@link #PREDICT} (outputs), {@link #EVAL} (outputs and loss), {@link #GRAD} (loss and gradients).
 */
public final class FusionPlan {
    public static final int PREDICT = 1, EVAL = 2, GRAD = 4;

    /** A piece of generated code: one loop nest or one kernel. */
    public static final class Unit {
        private final List<Node> nodes = new ArrayList<>();
        private final boolean fused;
        private final int mask;

        Unit(boolean fused, int mask) {
            this.fused = fused;
            this.mask = mask;
        }

        public List<Node> nodes() { return nodes; }
        public boolean fused() { return fused; }
        public int mask() { return mask; }
        public Node first() { return nodes.get(0); }
        public Node last() { return nodes.get(nodes.size() - 1); }
    }

    private final List<Unit> units = new ArrayList<>();
    private final Map<Node, Unit> unitOf = new IdentityHashMap<>();
    private final Set<Node> materialized = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, Integer> masks = new IdentityHashMap<>();
    private final Set<Node> constantBuffers = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    public List<Unit> units() { return units; }
    public boolean isMaterialized(Node n) { return materialized.contains(n); }
    public Set<Node> materialized() { return materialized; }
    public Unit unitOf(Node n) { return unitOf.get(n); }

    /** Constants that need a buffer (read by a kernel, or a root): filled once when the model is created. */
    public Set<Node> constantBuffers() { return constantBuffers; }
    public int mask(Node n) { return masks.getOrDefault(n, 0); }

    /** True for nodes emitted inline wherever they are used (constants and 1/n). */
    public static boolean isInline(Node n) { return n.op() instanceof Constant || n.op() instanceof InvBatch; }

    public static boolean isLeaf(Node n) { return n.op() instanceof Input || n.op() instanceof Param; }

    public static FusionPlan build(ModelIr model) {
        FusionPlan p = new FusionPlan();
        Graph g = model.graph();
        p.computeMasks(g);
        p.group(g);
        p.decideBuffers(g);
        return p;
    }

    private void computeMasks(Graph g) {
        Map<String, Node> roots = g.roots();
        for (Map.Entry<String, Node> e : roots.entrySet()) {
            String k = e.getKey();
            int m = 0;
            if (k.startsWith("output:")) m = PREDICT | EVAL;
            else if (k.equals(ModelIr.OBJECTIVE)) m = EVAL | GRAD;
            else if (k.startsWith("grad:") || k.startsWith("grad_input:")) m = GRAD;
            else if (k.equals(ModelIr.LOSS)) m = EVAL;
            mark(e.getValue(), m);
        }
    }

    private void mark(Node root, int m) {
        if (m == 0) return;
        List<Node> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            int old = masks.getOrDefault(n, 0);
            if ((old | m) == old) continue;
            masks.put(n, old | m);
            stack.addAll(n.inputs());
        }
    }

    private void group(Graph g) {
        Set<Node> roots = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        roots.addAll(g.roots().values());
        Set<Node> readByKernel = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : g.nodes()) {
            if (n.op() instanceof KernelOp && mask(n) != 0) readByKernel.addAll(n.inputs());
        }
        Unit current = null;
        for (Node n : g.nodes()) {
            int m = mask(n);
            if (m == 0 || isLeaf(n)) continue;
            if (isInline(n)) {
                // elementwise readers write constants and 1/n inline; a kernel or a root needs a buffer
                if (!roots.contains(n) && !readByKernel.contains(n)) continue;
                if (n.op() instanceof Constant) {
                    constantBuffers.add(n); // filled once, in the constructor
                    continue;
                }
            }
            if (n.op() instanceof ElementwiseOp) {
                boolean join = current != null && current.fused && current.mask == m
                        && current.first().type().equals(n.type());
                if (!join) {
                    current = new Unit(true, m);
                    units.add(current);
                }
                current.nodes.add(n);
                unitOf.put(n, current);
            } else if (n.op() instanceof KernelOp) {
                Unit u = new Unit(false, m);
                u.nodes.add(n);
                units.add(u);
                unitOf.put(n, u);
                current = null;
            } else {
                throw new IllegalStateException("op " + n.op().name() + " has no emission rule");
            }
        }
    }

    private void decideBuffers(Graph g) {
        Map<Node, Set<Unit>> readers = new HashMap<>();
        for (Unit u : units) {
            for (Node n : u.nodes) {
                for (Node in : n.inputs()) {
                    readers.computeIfAbsent(in, k -> new HashSet<>()).add(u);
                }
            }
        }
        materialized.addAll(g.roots().values());
        materialized.addAll(constantBuffers);
        for (Unit u : units) {
            for (Node n : u.nodes) {
                Set<Unit> rs = readers.getOrDefault(n, Set.of());
                if (!u.fused || rs.stream().anyMatch(x -> x != u)) materialized.add(n);
            }
        }
    }
}
