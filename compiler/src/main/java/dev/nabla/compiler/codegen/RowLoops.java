package dev.nabla.compiler.codegen;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.emit.RowContext;
import dev.nabla.compiler.ir.emit.Storage;
import dev.nabla.compiler.opt.FusionPlan;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row unit: one loop over the examples; in its body each phase is a loop over an example's elements (or
 * straight-line code for one element, or one call of a vectorized runtime function over the row). Each node
 * writes its own part through a {@link RowContext}; values live in locals (per element, or per example for
 * reductions) and only what other units or later phases read goes to a buffer.
 */
final class RowLoops {
    private final KernelWriter w;
    private final FusionPlan plan;
    private final FusionPlan.Unit unit;
    private final Num num;
    private final String r;
    private final RowHoisting hoisting;
    private final Map<Node, FusionPlan.Phase> phaseOf = new IdentityHashMap<>();
    private final Map<Node, String> locals = new IdentityHashMap<>();
    private final List<String> beforeExamples = new ArrayList<>();

    /** The statements of one phase for one example. */
    private static final class PhaseCode {
        final String loopVar;
        final int size;
        final List<String> before = new ArrayList<>(), inLoop = new ArrayList<>(), after = new ArrayList<>();

        PhaseCode(String loopVar, int size) {
            this.loopVar = loopVar;
            this.size = size;
        }

        boolean isEmpty() { return before.isEmpty() && inLoop.isEmpty() && after.isEmpty(); }
    }

    private RowLoops(KernelWriter w, FusionPlan plan, FusionPlan.Unit unit) {
        this.w = w;
        this.plan = plan;
        this.unit = unit;
        this.num = w.num();
        this.r = w.var("r");
        this.hoisting = new RowHoisting(w);
        for (FusionPlan.Phase p : unit.phases()) for (Node n : p.nodes()) phaseOf.put(n, p);
    }

    static void emit(KernelWriter w, FusionPlan plan, FusionPlan.Unit unit) {
        new RowLoops(w, plan, unit).emit();
    }

    private void emit() {
        List<PhaseCode> phases = new ArrayList<>();
        for (FusionPlan.Phase p : unit.phases()) phases.add(p.call() ? call(p) : phase(p));
        for (String s : beforeExamples) w.line(s);
        // rows that do not depend on the example (parameters, constants) are read once, before the loop
        for (String d : hoisting.declarations(r, false)) w.line(d);
        w.open("for (int " + r + " = 0; " + r + " < n; " + r + "++)");
        for (String d : hoisting.declarations(r, true)) w.line(d);
        for (PhaseCode pc : phases) {
            if (pc.isEmpty()) continue;
            for (String l : pc.before) w.line(l);
            boolean loop = pc.size > 1 && !pc.inLoop.isEmpty();
            if (loop) w.open("for (int " + pc.loopVar + " = 0; " + pc.loopVar + " < " + pc.size + "; " + pc.loopVar + "++)");
            for (String l : pc.inLoop) w.line(l);
            if (loop) w.close();
            for (String l : pc.after) w.line(l);
        }
        w.close();
    }

    /** One vectorized runtime call over the example's row. */
    private PhaseCode call(FusionPlan.Phase p) {
        Node n = p.nodes().get(0);
        PhaseCode pc = new PhaseCode("0", 1);
        String in = hoisting.row(w.buf(n.input(0)), r);
        String out = hoisting.row(w.buf(n), r);
        pc.before.add("dev.nabla.runtime.kernels.Elementwise." + FusionPlan.vectorFunction(n) + "(" + in + ", " + out + ", "
                + p.size() + ")");
        return pc;
    }

    private PhaseCode phase(FusionPlan.Phase p) {
        PhaseCode pc = new PhaseCode(p.size() > 1 ? w.var("c") : "0", p.size());
        for (Node n : p.nodes()) {
            if (FusionPlan.isRecomputed(n) && !plan.isMaterialized(n)) continue; // its readers compute it
            FusionPlan.rowForm(n).emitRow(new Context(n, p, pc), n);
        }
        return pc;
    }

    /** The view of the unit that one node's emission rule gets. */
    private final class Context implements RowContext {
        private final Node node;
        private final FusionPlan.Phase phase;
        private final PhaseCode code;
        private final TType space;

        Context(Node node, FusionPlan.Phase phase, PhaseCode code) {
            this.node = node;
            this.phase = phase;
            this.code = code;
            this.space = FusionPlan.rowForm(node).rowSpace(node);
        }

        @Override public Num num() { return num; }
        @Override public String example() { return r; }
        @Override public String element() { return code.loopVar; }

        /** A local of the same phase, or a per-example scalar of an earlier one; null if neither. */
        private String local(Node in) {
            String l = locals.get(in);
            if (l == null) return null;
            return phaseOf.get(in) == phase || in.type().size() == 1 ? l : null;
        }

        private String read(Node in, String[] at) {
            String l = local(in);
            if (l != null) return l;
            if (FusionPlan.isInline(in)) return ((ElementwiseOp) in.op()).emit(num, new String[0]);
            if (FusionPlan.isRecomputed(in) && !plan.isMaterialized(in)) {
                return FusionPlan.rowForm(in).recompute(this, in, at[0], at[1]);
            }
            return hoisting.element(in, at, code.loopVar);
        }

        @Override
        public String operand(int i) {
            Node in = node.input(i);
            return read(in, Storage.broadcastPosition(in.type(), space, r, code.loopVar));
        }

        @Override
        public String operandFlat(int i) {
            Node in = node.input(i);
            return read(in, Storage.flatPosition(in.type(), r, code.loopVar));
        }

        @Override
        public String row(int i) {
            Node in = node.input(i);
            return hoisting.row(w.buf(in), in.type().batched() ? r : "0");
        }

        @Override public String buf(Node n) { return w.buf(n); }
        @Override public String var(String base) { return w.var(base); }
        @Override public void beforeExamples(String statement) { beforeExamples.add(statement); }
        @Override public void beforeLoop(String statement) { code.before.add(statement); }
        @Override public void inLoop(String statement) { code.inLoop.add(statement); }
        @Override public void afterLoop(String statement) { code.after.add(statement); }

        private String localName() { return w.var(node.name() != null ? node.name() + "_v" : "v" + node.id()); }

        @Override
        public void define(String expression) {
            String local = Locals.isSimple(expression) ? expression : localName();
            if (!local.equals(expression)) code.inLoop.add("final " + num.type() + " " + local + " = " + expression);
            locals.put(node, local);
            if (plan.isMaterialized(node)) {
                code.inLoop.add(hoisting.element(node, new String[] {r, code.loopVar}, code.loopVar) + " = " + local);
            }
        }

        @Override
        public void defineAfterLoop(String expression) {
            String local = Locals.isSimple(expression) && !expression.equals(code.loopVar) ? expression : localName();
            if (!local.equals(expression)) code.after.add("final " + num.type() + " " + local + " = " + expression);
            locals.put(node, local);
            if (plan.isMaterialized(node)) {
                code.after.add(hoisting.element(node, new String[] {r, "0"}, "0") + " = " + local);
            }
        }
    }
}
