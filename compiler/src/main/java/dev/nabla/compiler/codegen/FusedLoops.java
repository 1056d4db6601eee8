package dev.nabla.compiler.codegen;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.emit.Storage;
import dev.nabla.compiler.opt.FusionPlan;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fused unit: elementwise nodes over one non-batched iteration space (parameter-shaped values), written
 * as one loop nest whose body computes each node into a local and stores only the materialized ones. A
 * node whose value is one of its operands (a broadcast) reuses the operand's local.
 */
final class FusedLoops {
    private final KernelWriter w;
    private final FusionPlan plan;
    private final FusionPlan.Unit unit;
    private final Map<Node, String> locals = new IdentityHashMap<>();
    private final RowHoisting hoisting;

    private FusedLoops(KernelWriter w, FusionPlan plan, FusionPlan.Unit unit) {
        this.w = w;
        this.plan = plan;
        this.unit = unit;
        this.hoisting = new RowHoisting(w);
    }

    static void emit(KernelWriter w, FusionPlan plan, FusionPlan.Unit unit) {
        new FusedLoops(w, plan, unit).emit();
    }

    private void emit() {
        TType it = unit.first().type();
        boolean rowLoop = it.storageRows() > 1;
        boolean colLoop = it.storageCols() > 1;
        String r = rowLoop ? w.var("r") : "0";
        String c = colLoop ? w.var("c") : "0";
        List<String> statements = new ArrayList<>();
        for (Node n : unit.nodes()) {
            ElementwiseOp op = (ElementwiseOp) n.op();
            String[] args = new String[n.inputs().size()];
            for (int i = 0; i < args.length; i++) args[i] = operand(n.input(i), it, r, c);
            String value = op.emit(w.num(), args);
            String local = Locals.isSimple(value) ? value : w.var(n.name() != null ? n.name() + "_v" : "v" + n.id());
            if (!local.equals(value)) statements.add("final " + w.num().type() + " " + local + " = " + value);
            locals.put(n, local);
            if (plan.isMaterialized(n)) statements.add(hoisting.element(n, new String[] {r, c}, c) + " = " + local);
        }
        if (rowLoop) w.open("for (int " + r + " = 0; " + r + " < " + w.rows(unit.first()) + "; " + r + "++)");
        for (String d : hoisting.declarations()) w.line(d);
        if (colLoop) w.open("for (int " + c + " = 0; " + c + " < " + it.storageCols() + "; " + c + "++)");
        for (String s : statements) w.line(s);
        if (colLoop) w.close();
        if (rowLoop) w.close();
    }

    private String operand(Node in, TType it, String r, String c) {
        String local = locals.get(in);
        if (local != null) return local;
        if (FusionPlan.isInline(in)) return ((ElementwiseOp) in.op()).emit(w.num(), new String[0]);
        return hoisting.element(in, Storage.broadcastPosition(in.type(), it, r, c), c);
    }
}
