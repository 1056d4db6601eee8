package dev.nabla.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nabla.compiler.ir.Entry;
import dev.nabla.compiler.ir.KernelOp;
import dev.nabla.compiler.ir.Leaf;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Root;
import dev.nabla.compiler.opt.FusionPlan;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The public entry points of a generated class ({@code forward}, {@code evaluate}, {@code computeGradients},
 * {@code trainStep}, {@code trainStepWithOutputs}): each calls, in schedule order, the units that its
 * {@link Entry} needs. The training steps then apply the optimizer; with plain SGD, a weight whose gradient
 * is one product read by nothing else is updated by that product's kernel directly ({@code W -= lr X^T dZ}),
 * its gradient never stored.
 */
final class EntryPoints {
    private final ModelIr model;
    private final FusionPlan plan;
    private final Buffers buffers;
    private final Names names;
    private final Map<FusionPlan.Unit, String> unitMethods;
    private final OptimizerEmitter optimizer;
    /** Units that the training step replaces by a fused update method. */
    private final Map<FusionPlan.Unit, String> fusedUpdates = new IdentityHashMap<>();
    private final List<MethodSpec> fusedUpdateMethods = new ArrayList<>();
    /** Parts of entry points too long for one method. */
    private final List<MethodSpec> parts = new ArrayList<>();
    /** Indices (in target order) of the parameters whose update is not fused. */
    private final List<Integer> rest = new ArrayList<>();

    EntryPoints(ModelIr model, FusionPlan plan, Buffers buffers, Names names, Map<FusionPlan.Unit, String> unitMethods,
                OptimizerEmitter optimizer, List<OptimizerEmitter.Target> targets) {
        this.model = model;
        this.plan = plan;
        this.buffers = buffers;
        this.names = names;
        this.unitMethods = unitMethods;
        this.optimizer = optimizer;
        planFusedUpdates(targets);
    }

    /** The methods computing a weight gradient and its update in one pass. */
    List<MethodSpec> fusedUpdateMethods() { return fusedUpdateMethods; }

    /** Whether some update is fused into its gradient kernel (then the step calls {@code updateRest}). */
    boolean anyFused() { return !fusedUpdates.isEmpty(); }

    /** Target indices of the parameters the step updates after its units. */
    List<Integer> rest() { return rest; }

    /** The methods that entry points with too many units for one method call in turn. */
    List<MethodSpec> parts() { return parts; }

    /** The five entry points. */
    List<MethodSpec> methods() {
        Node objective = model.graph().root(Root.OBJECTIVE);
        String objField = objective == null ? null : buffers.field(objective);
        String loss = objField == null ? "Double.NaN" : objField + "[0][0]";
        List<MethodSpec> m = new ArrayList<>();
        m.add(entry("forward", EnumSet.of(Entry.PREDICT), false, null,
                "Computes the outputs for the first {@code n} staged examples.\n"));
        m.add(entry("evaluate", EnumSet.of(Entry.EVAL), false, loss,
                "Computes the outputs and returns the batch-mean loss of the first {@code n} examples.\n"));
        m.add(entry("computeGradients", EnumSet.of(Entry.TRAIN), false, loss,
                "Computes the batch-mean loss and every parameter's gradient; parameters are unchanged.\n"));
        m.add(entry("trainStep", EnumSet.of(Entry.TRAIN), true, loss,
                "One training step: forward, loss, backward and update; returns the loss before the update.\n"));
        m.add(entry("trainStepWithOutputs", EnumSet.of(Entry.TRAIN, Entry.PREDICT), true, loss,
                "{@link #trainStep} that also computes the outputs (for training metrics) before the update.\n"));
        return m;
    }

    private MethodSpec entry(String name, Set<Entry> entries, boolean update, String loss, String doc) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).addParameter(int.class, "n").addJavadoc("$L", doc)
                .returns(loss == null ? TypeName.VOID : TypeName.DOUBLE);
        m.addStatement("checkBatch(n)");
        m.addStatement("enter()");
        m.beginControlFlow("try");
        List<CodeBlock> calls = new ArrayList<>();
        for (FusionPlan.Unit u : plan.units()) {
            if (java.util.Collections.disjoint(u.entries(), entries)) continue;
            String fused = update ? fusedUpdates.get(u) : null;
            calls.add(CodeBlock.builder().addStatement("$L(n)", fused != null ? fused : unitMethods.get(u)).build());
        }
        if (Chunks.fit(calls)) {
            m.addCode(Chunks.join(calls));
        } else {
            for (MethodSpec part : Chunks.methods(calls, k -> MethodSpec.methodBuilder(names.allocate(name + "_part" + k))
                    .addModifiers(Modifier.PRIVATE).addParameter(int.class, "n"))) {
                parts.add(part);
                m.addStatement("$N(n)", part.name());
            }
        }
        if (update) {
            String upd = anyFused() ? "updateRest()" : "update()";
            if (loss != null) {
                m.addStatement("final double loss = $L", loss).addStatement(upd).addStatement("return loss");
            } else {
                m.addStatement(upd);
            }
        } else if (loss != null) {
            m.addStatement("return $L", loss);
        }
        return m.nextControlFlow("finally").addStatement("leave()").endControlFlow().build();
    }

    /**
     * Plain SGD fused into the weight-gradient kernel. Legal when the gradient is one kernel's result used by
     * nothing else and no later unit of the step reads the weight (the gradient of the layer's input, which
     * does, comes first). {@code computeGradients} still stores every gradient.
     */
    private void planFusedUpdates(List<OptimizerEmitter.Target> targets) {
        Map<Node, Integer> users = new IdentityHashMap<>();
        for (Node n : model.graph().nodes()) for (Node in : n.inputs()) users.merge(in, 1, Integer::sum);
        for (int k = 0; k < targets.size(); k++) {
            OptimizerEmitter.Target t = targets.get(k);
            String pname = paramName(t);
            Node g = model.graph().root(Root.grad(pname));
            FusionPlan.Unit u = g == null ? null : plan.unitOf(g);
            boolean candidate = optimizer.fusableIntoGradient() && u != null && u.kind() == FusionPlan.Kind.KERNEL
                    && users.getOrDefault(g, 0) == 0 && rootsOf(g) == 1 && !readAfter(u, pname);
            if (!candidate || !fuse(u, g, t, pname)) rest.add(k);
        }
    }

    private boolean fuse(FusionPlan.Unit u, Node g, OptimizerEmitter.Target t, String pname) {
        KernelWriter w = new KernelWriter(buffers.num(), names, buffers);
        if (!((KernelOp) g.op()).emitAccumulateInto(w, g, "this." + t.param(), "(float) -this.lr")) return false;
        String method = names.allocate("backward_update_" + t.param());
        fusedUpdateMethods.add(MethodSpec.methodBuilder(method).addModifiers(Modifier.PRIVATE).addParameter(int.class, "n")
                .addJavadoc("$L", "The gradient of {@code " + pname + "} and its SGD update in one pass"
                        + " (the training step's form of " + unitMethods.get(u) + ").\n")
                .addCode(w.build()).build());
        fusedUpdates.put(u, method);
        return true;
    }

    private long rootsOf(Node g) {
        return model.graph().roots().values().stream().filter(r -> r == g).count();
    }

    private String paramName(OptimizerEmitter.Target t) {
        for (ModelIr.Decl d : model.params()) if (t.param().equals(buffers.paramField(d.name()))) return d.name();
        throw new IllegalStateException("no parameter for " + t.param());
    }

    /** Whether a unit after {@code u} in the training step reads parameter {@code pname}. */
    private boolean readAfter(FusionPlan.Unit u, String pname) {
        boolean after = false;
        for (FusionPlan.Unit v : plan.units()) {
            if (v == u) {
                after = true;
                continue;
            }
            if (!after || !v.entries().contains(Entry.TRAIN)) continue;
            for (Node n : v.nodes()) {
                for (Node in : n.inputs()) {
                    if (in.op() instanceof Leaf l && l.leafKind() == Leaf.Kind.PARAM && l.leafName().equals(pname)) return true;
                }
            }
        }
        return false;
    }

    /** {@code update()}: every parameter; {@code updateRest()}: those not fused into their gradient. */
    List<MethodSpec> updateMethods(OptimizerEmitter.Code code) {
        List<MethodSpec> m = new ArrayList<>();
        m.add(updateMethod("update", "The " + optimizer.name() + " update of every parameter from its gradient.\n",
                code, allTargets(code), m));
        if (anyFused()) {
            m.add(updateMethod("updateRest", "The update of the parameters whose update is not fused into their gradient.\n",
                    code, rest, m));
        }
        return m;
    }

    /** The per-step values, the update of each parameter in {@code which} (in parts when they are many), the step count. */
    private MethodSpec updateMethod(String name, String doc, OptimizerEmitter.Code code, List<Integer> which,
                                    List<MethodSpec> helpers) {
        List<CodeBlock> calls = new ArrayList<>();
        for (int k : which) calls.add(CodeBlock.builder().addStatement("$L()", code.updateMethods().get(k)).build());
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE).addJavadoc("$L", doc)
                .addCode(code.prologue());
        if (Chunks.fit(calls)) {
            m.addCode(Chunks.join(calls));
        } else {
            for (MethodSpec part : Chunks.methods(calls,
                    k -> MethodSpec.methodBuilder(names.allocate(name + "_part" + k)).addModifiers(Modifier.PRIVATE))) {
                helpers.add(part);
                m.addStatement("$N()", part.name());
            }
        }
        return m.addStatement("step++").build();
    }

    private static List<Integer> allTargets(OptimizerEmitter.Code code) {
        List<Integer> all = new ArrayList<>();
        for (int k = 0; k < code.updateMethods().size(); k++) all.add(k);
        return all;
    }

}
