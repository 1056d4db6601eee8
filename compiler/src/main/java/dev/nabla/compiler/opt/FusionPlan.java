package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Entry;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.KernelOp;
import dev.nabla.compiler.ir.Leaf;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Root;
import dev.nabla.compiler.ir.RowOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fusion and buffer planning. Splits the graph's schedule into units, each emitted as one method: a run of
 * elementwise nodes over one non-batched iteration space ({@link Kind#FUSED}, one loop nest), a run of
 * per-example work ({@link Kind#ROWS}, one loop over the examples running several phases), or one kernel.
 * It decides which values need a buffer (those read by another unit or a later phase, and roots) and which
 * {@linkplain Entry entry points} of the generated class need each unit. It asks the ops only through their
 * interfaces ({@link RowOp}, {@link KernelOp}, {@link ElementwiseOp}, {@link Leaf}).
 */
public final class FusionPlan {
    /** How a unit is emitted. */
    public enum Kind { FUSED, ROWS, KERNEL }

    /**
     * A phase of a {@link Kind#ROWS} unit: nodes computed in one loop over {@code size} elements of an
     * example ({@code size} 1: straight-line statements), or one call of a vectorized runtime function over
     * the example's row.
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
        public boolean call() { return call; }
    }

    /** A piece of generated code: one loop nest, one row unit or one kernel. */
    public static final class Unit {
        private final List<Node> nodes = new ArrayList<>();
        private final Kind kind;
        private final Set<Entry> entries;
        private final List<Phase> phases = new ArrayList<>();

        Unit(Kind kind, Set<Entry> entries) {
            this.kind = kind;
            this.entries = Collections.unmodifiableSet(EnumSet.copyOf(entries));
        }

        public List<Node> nodes() { return nodes; }
        public Kind kind() { return kind; }
        /** The entry points that run this unit. */
        public Set<Entry> entries() { return entries; }
        public List<Phase> phases() { return phases; }
        public Node first() { return nodes.get(0); }
        public Node last() { return nodes.get(nodes.size() - 1); }
    }

    /** Rows shorter than this stay scalar: a call of a vectorized function costs more than it saves. */
    public static final int MIN_VECTOR_ROW = 8;

    /**
     * At most this many nodes per unit, so that no generated method outgrows what the JIT compiles (8000 bytes
     * of bytecode) however long a chain of fusable work is.
     */
    public static final int MAX_UNIT_NODES = 48;

    private final List<Unit> units = new ArrayList<>();
    private final Map<Node, Unit> unitOf = new IdentityHashMap<>();
    private final Set<Node> materialized = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, Set<Entry>> entries = new IdentityHashMap<>();
    private final Set<Node> constantBuffers = Collections.newSetFromMap(new IdentityHashMap<>());
    private final boolean vectorFunctions;

    private FusionPlan(boolean vectorFunctions) {
        this.vectorFunctions = vectorFunctions;
    }

    /**
     * The plan of a model; with {@code vectorFunctions}, transcendental functions over rows of at least
     * {@link #MIN_VECTOR_ROW} elements become calls of the runtime's vectorized array functions (float code).
     */
    public static FusionPlan build(ModelIr model, boolean vectorFunctions) {
        FusionPlan p = new FusionPlan(vectorFunctions);
        Graph g = model.graph();
        p.computeEntries(g);
        p.group(g);
        p.decideBuffers(g);
        return p;
    }

    public List<Unit> units() { return units; }
    public boolean isMaterialized(Node n) { return materialized.contains(n); }
    public Unit unitOf(Node n) { return unitOf.get(n); }

    /** Constants that need a buffer (read by a kernel, or a root): filled once when the model is created. */
    public Set<Node> constantBuffers() { return constantBuffers; }

    /** The entry points that need a node. */
    public Set<Entry> entries(Node n) { return entries.getOrDefault(n, EnumSet.noneOf(Entry.class)); }

    /** True for nodes written inline wherever they are read: elementwise ops without operands (constants, 1/n). */
    public static boolean isInline(Node n) { return n.op() instanceof ElementwiseOp e && e.arity() == 0; }

    public static boolean isLeaf(Node n) { return n.op() instanceof Leaf; }

    /** The node's row form, or null when it is not computed in a row unit. */
    public static RowOp rowForm(Node n) { return n.op() instanceof RowOp r && r.inRows(n) ? r : null; }

    /** Values that row units compute again wherever they read them instead of going through a buffer. */
    public static boolean isRecomputed(Node n) {
        RowOp r = rowForm(n);
        return r != null && r.recomputed();
    }

    /** The runtime's vectorized function for a node, or null. */
    public static String vectorFunction(Node n) { return n.op() instanceof ElementwiseOp e ? e.vectorFunction() : null; }

    private boolean isCall(Node n) {
        return vectorFunctions && vectorFunction(n) != null && n.type().size() >= MIN_VECTOR_ROW;
    }

    private void computeEntries(Graph g) {
        for (Map.Entry<Root, Node> e : g.roots().entrySet()) {
            Set<Entry> m = e.getKey().entries();
            List<Node> stack = new ArrayList<>(List.of(e.getValue()));
            while (!stack.isEmpty()) {
                Node n = stack.remove(stack.size() - 1);
                Set<Entry> old = entries.computeIfAbsent(n, k -> EnumSet.noneOf(Entry.class));
                if (old.containsAll(m)) continue;
                old.addAll(m);
                stack.addAll(n.inputs());
            }
        }
    }

    private void group(Graph g) {
        Set<Node> roots = Collections.newSetFromMap(new IdentityHashMap<>());
        roots.addAll(g.roots().values());
        Set<Node> readByKernel = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : g.nodes()) {
            if (rowForm(n) == null && n.op() instanceof KernelOp && !entries(n).isEmpty()) readByKernel.addAll(n.inputs());
        }
        Unit current = null;
        for (Node n : g.nodes()) {
            Set<Entry> m = entries(n);
            if (m.isEmpty() || isLeaf(n)) continue;
            if (isInline(n)) {
                // readers write constants and 1/n inline; a kernel or a root needs a buffer, which a constant
                // fills once when the model is created and 1/n in each pass
                if (!roots.contains(n) && !readByKernel.contains(n)) continue;
                if (((ElementwiseOp) n.op()).isConstant()) {
                    constantBuffers.add(n);
                    continue;
                }
            }
            Kind kind;
            if (rowForm(n) != null) kind = Kind.ROWS;
            else if (n.op() instanceof ElementwiseOp) kind = Kind.FUSED;
            else if (n.op() instanceof KernelOp) kind = Kind.KERNEL;
            else throw new IllegalStateException("op " + n.op().name() + " has no emission rule for " + n);
            boolean join = current != null && kind != Kind.KERNEL && current.kind == kind && current.entries.equals(m)
                    && current.nodes.size() < MAX_UNIT_NODES
                    && (kind == Kind.ROWS ? !readsBatchResult(current, n) : current.first().type().equals(n.type()));
            if (!join) {
                current = new Unit(kind, m);
                units.add(current);
            }
            current.nodes.add(n);
            unitOf.put(n, current);
            if (kind == Kind.KERNEL) current = null;
        }
        for (Unit u : units) if (u.kind == Kind.ROWS) phase(u);
    }

    /** Whether {@code n} reads a value that {@code u} completes only after its loop over the examples. */
    private boolean readsBatchResult(Unit u, Node n) {
        for (Node in : n.inputs()) {
            RowOp r = rowForm(in);
            if (r != null && unitOf.get(in) == u && r.completion(in) == RowOp.Completion.BATCH) return true;
        }
        return false;
    }

    /** Splits a row unit into phases: a node joins the current loop when its inputs are ready in it. */
    private void phase(Unit u) {
        Map<Node, Phase> phaseOf = new IdentityHashMap<>();
        Phase cur = null;
        for (Node n : u.nodes) {
            RowOp r = rowForm(n);
            int size = r.loopSize(n);
            if (isCall(n)) {
                // one call over the row: its input and its result go through buffers
                Phase call = new Phase(size, true);
                u.phases.add(call);
                call.nodes.add(n);
                phaseOf.put(n, call);
                materialized.add(n);
                if (unitOf.get(n.input(0)) == u) materialized.add(n.input(0));
                cur = null;
                continue;
            }
            boolean fits = cur != null && !cur.call && cur.size == size;
            for (int i = 0; fits && i < n.inputs().size(); i++) {
                Node in = n.input(i);
                if (phaseOf.get(in) != cur) continue;
                // a reduction's result exists only after its loop; a whole row only after its phase
                fits = rowForm(in).completion(in) == RowOp.Completion.ELEMENT && !r.readsWholeRow(n, i);
            }
            if (!fits) {
                cur = new Phase(size, false);
                u.phases.add(cur);
            }
            cur.nodes.add(n);
            phaseOf.put(n, cur);
        }
        // values of more than one element read in a later phase go through their buffer
        for (Phase p : u.phases) {
            for (Node n : p.nodes) {
                for (int i = 0; i < n.inputs().size(); i++) {
                    Node in = n.input(i);
                    Phase q = phaseOf.get(in);
                    boolean wholeRow = rowForm(n).readsWholeRow(n, i);
                    if (q != null && q != p && (in.type().size() > 1 || wholeRow) && !isRecomputed(in)) materialized.add(in);
                }
            }
        }
    }

    private void decideBuffers(Graph g) {
        Map<Node, Set<Unit>> readers = new HashMap<>();
        for (Unit u : units) {
            for (Node n : u.nodes) {
                for (Node in : n.inputs()) readers.computeIfAbsent(in, k -> new HashSet<>()).add(u);
            }
        }
        materialized.addAll(g.roots().values());
        materialized.addAll(constantBuffers);
        for (Unit u : units) {
            for (Node n : u.nodes) {
                Set<Unit> rs = readers.getOrDefault(n, Set.of());
                if (isRecomputed(n)) {
                    // cheaper to compute again where a row unit reads it than to store and load it
                    if (rs.stream().anyMatch(x -> x.kind != Kind.ROWS)) materialized.add(n);
                    continue;
                }
                boolean batchResult = u.kind == Kind.ROWS && rowForm(n).completion(n) == RowOp.Completion.BATCH;
                if (u.kind == Kind.KERNEL || batchResult || rs.stream().anyMatch(x -> x != u)) materialized.add(n);
            }
        }
    }
}
