package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.KernelOp;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ops.Constant;
import dev.nabla.compiler.ir.ops.InvBatch;
import dev.nabla.compiler.ir.ops.Input;
import dev.nabla.compiler.ir.ops.OneHot;
import dev.nabla.compiler.ir.ops.Param;
import dev.nabla.compiler.ir.ops.Reduce;
import dev.nabla.compiler.ir.ops.Reshape;
import dev.nabla.compiler.ir.ops.SumBatch;
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

    /** How a unit is emitted. */
    public enum Kind {
        /** Elementwise nodes of one non-batched type: one loop nest over their storage. */
        FUSED,
        /**
         * Per-example work over the batch: one loop over the examples whose body runs the unit's phases
         * (elementwise chains, reductions over an example's elements, one-hot), with per-example scalars
         * kept in locals.
         */
        ROWS,
        /** One kernel op with its own loops. */
        KERNEL
    }

    /**
     * A phase of a {@link Kind#ROWS} unit: nodes computed in one loop over {@code size} elements of an
     * example ({@code size} 1: straight-line statements). A reduction belongs to the phase of its input
     * and its result is available from the next phase on.
     */
    public static final class Phase {
        private final int size;
        private final boolean call;
        private final List<Node> nodes = new ArrayList<>();

        Phase(int size, boolean call) {
            this.size = size;
            this.call = call;
        }

        public int size() { return size; }
        public List<Node> nodes() { return nodes; }
        /** A phase that is one call of a vectorized runtime function over an example's row. */
        public boolean call() { return call; }
    }

    /** The runtime's vectorized array functions by op ({@code dev.nabla.runtime.kernels.Elementwise}). */
    public static String vectorFunction(Node n) {
        if (n.op() instanceof dev.nabla.compiler.ir.ops.Exp) return "exp";
        if (n.op() instanceof dev.nabla.compiler.ir.ops.Tanh) return "tanh";
        if (n.op() instanceof dev.nabla.compiler.ir.ops.Sigmoid) return "sigmoid";
        if (n.op() instanceof dev.nabla.compiler.ir.ops.Log) return "log";
        return null;
    }

    /** Rows shorter than this stay scalar: a call costs more than it saves. */
    public static final int MIN_VECTOR_ROW = 8;

    /** A piece of generated code: one loop nest or one kernel. */
    public static final class Unit {
        private final List<Node> nodes = new ArrayList<>();
        private final Kind kind;
        private final int mask;
        private final List<Phase> phases = new ArrayList<>();

        Unit(Kind kind, int mask) {
            this.kind = kind;
            this.mask = mask;
        }

        public List<Node> nodes() { return nodes; }
        public Kind kind() { return kind; }
        public boolean fused() { return kind != Kind.KERNEL; }
        public int mask() { return mask; }
        public List<Phase> phases() { return phases; }
        public Node first() { return nodes.get(0); }
        public Node last() { return nodes.get(nodes.size() - 1); }
    }

    private final List<Unit> units = new ArrayList<>();
    private final Map<Node, Unit> unitOf = new IdentityHashMap<>();
    private final Set<Node> materialized = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, Integer> masks = new IdentityHashMap<>();
    private final Set<Node> constantBuffers = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean vectorFunctions;

    private boolean isCall(Node n) {
        return vectorFunctions && vectorFunction(n) != null && n.type().size() >= MIN_VECTOR_ROW;
    }

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

    public static FusionPlan build(ModelIr model) { return build(model, false); }

    /**
     * The plan of a model; with {@code vectorFunctions}, transcendental functions over rows of at least
     * {@link #MIN_VECTOR_ROW} elements become calls of the runtime's vectorized array functions (float code).
     */
    public static FusionPlan build(ModelIr model, boolean vectorFunctions) {
        FusionPlan p = new FusionPlan();
        p.vectorFunctions = vectorFunctions;
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

    /** Per-example work that a {@link Kind#ROWS} unit can do inside its loop over the examples. */
    static boolean isRowWise(Node n) {
        // a sum over the batch accumulates row by row (its value exists only after the loop)
        if (n.op() instanceof SumBatch) return !n.input(0).type().isClass();
        if (!n.type().batched() || n.type().isClass()) return false;
        if (n.op() instanceof ElementwiseOp) return true;
        if (n.op() instanceof OneHot) return true;
        if (n.op() instanceof Reshape) return n.input(0).type().batched();
        if (n.op() instanceof Reduce r) return r.axes().size() == n.input(0).type().rank();
        return false;
    }

    /** Elements of one example that a row-wise node iterates over (a reduction: its input's). */
    static int iterationSize(Node n) {
        if (n.op() instanceof Reduce || n.op() instanceof SumBatch) return n.input(0).type().size();
        return n.type().size();
    }

    private void group(Graph g) {
        Set<Node> roots = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        roots.addAll(g.roots().values());
        Set<Node> readByKernel = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : g.nodes()) {
            if (n.op() instanceof KernelOp && !isRowWise(n) && mask(n) != 0) readByKernel.addAll(n.inputs());
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
            if (isRowWise(n)) {
                boolean join = current != null && current.kind == Kind.ROWS && current.mask == m
                        && !readsBatchSum(current, n);
                if (!join) {
                    current = new Unit(Kind.ROWS, m);
                    units.add(current);
                }
                current.nodes.add(n);
                unitOf.put(n, current);
            } else if (n.op() instanceof ElementwiseOp) {
                boolean join = current != null && current.kind == Kind.FUSED && current.mask == m
                        && current.first().type().equals(n.type());
                if (!join) {
                    current = new Unit(Kind.FUSED, m);
                    units.add(current);
                }
                current.nodes.add(n);
                unitOf.put(n, current);
            } else if (n.op() instanceof KernelOp) {
                Unit u = new Unit(Kind.KERNEL, m);
                u.nodes.add(n);
                units.add(u);
                unitOf.put(n, u);
                current = null;
            } else {
                throw new IllegalStateException("op " + n.op().name() + " has no emission rule");
            }
        }
        for (Unit u : units) if (u.kind == Kind.ROWS) phase(u);
    }

    /** Whether {@code n} reads a sum over the batch that {@code u} is still accumulating. */
    private static boolean readsBatchSum(Unit u, Node n) {
        for (Node in : n.inputs()) {
            if (in.op() instanceof SumBatch && u.nodes.contains(in)) return true;
        }
        return false;
    }

    /** Splits a row unit into phases: a node joins the current loop when its inputs are ready in it. */
    private void phase(Unit u) {
        Map<Node, Phase> phaseOf = new IdentityHashMap<>();
        Set<Node> reductions = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Phase cur = null;
        for (Node n : u.nodes) {
            int size = iterationSize(n);
            if (isCall(n)) {
                // one call over the row: its input and result go through buffers
                cur = new Phase(size, true);
                u.phases.add(cur);
                cur.nodes.add(n);
                phaseOf.put(n, cur);
                materialized.add(n);
                if (u.nodes.contains(n.input(0))) materialized.add(n.input(0));
                cur = null;
                continue;
            }
            boolean fits = cur != null && !cur.call && cur.size == size;
            if (fits) {
                for (Node in : n.inputs()) {
                    // a reduction's result exists only after its loop
                    if (phaseOf.get(in) == cur && reductions.contains(in)) fits = false;
                }
            }
            if (!fits) {
                cur = new Phase(size, false);
                u.phases.add(cur);
            }
            cur.nodes.add(n);
            phaseOf.put(n, cur);
            if (n.op() instanceof Reduce) reductions.add(n);
        }
        // values of more than one element read in a later phase go through their buffer
        for (Phase p : u.phases) {
            for (Node n : p.nodes) {
                for (Node in : n.inputs()) {
                    Phase q = phaseOf.get(in);
                    if (q != null && q != p && in.type().size() > 1 && !isRecomputed(in)) materialized.add(in);
                }
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
                if (isRecomputed(n)) {
                    // a one-hot row is cheaper to recompute where it is read than to store and load
                    if (rs.stream().anyMatch(x -> x.kind != Kind.ROWS)) materialized.add(n);
                    continue;
                }
                if (u.kind == Kind.KERNEL || rs.stream().anyMatch(x -> x != u)) materialized.add(n);
            }
        }
    }

    /** Values that row units compute again wherever they read them instead of going through a buffer. */
    public static boolean isRecomputed(Node n) { return n.op() instanceof OneHot; }
}
