package dev.nabla.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.nabla.compiler.ir.Leaf;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.Root;
import dev.nabla.runtime.GeneratedModel;
import dev.nabla.runtime.InitSpec;
import dev.nabla.runtime.ModelSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * What every generated class has beside its passes: the {@code SIGNATURE}, the constructors, and the small
 * overrides {@link GeneratedModel} calls (instances and replicas, the optimizer update in parts, its state
 * reset, and the buffer accessor {@code storage}).
 */
final class ClassSkeleton {
    private final ModelIr model;
    private final Buffers buffers;
    private final String className;
    private final ClassName self;
    private final Num num;

    ClassSkeleton(ModelIr model, Buffers buffers, String packageName, String className, Num num) {
        this.model = model;
        this.buffers = buffers;
        this.className = className;
        this.self = ClassName.get(packageName, className);
        this.num = num;
    }

    /** The {@code SIGNATURE} field: inputs, targets, parameters, outputs, optimizer and its state. */
    FieldSpec signature(String sourceHash, OptimizerEmitter opt) {
        List<CodeBlock> entries = signatureEntries(sourceHash, opt);
        CodeBlock init;
        if (Chunks.fit(entries)) {
            CodeBlock.Builder sig = CodeBlock.builder().add("$T.builder($S)", ModelSignature.class, model.name());
            for (CodeBlock e : entries) sig.add("\n.$L", e);
            init = sig.add("\n.build()").build();
        } else {
            // a signature of thousands of entries would outgrow the static initializer: built in parts
            init = CodeBlock.of("buildSignature()");
        }
        return FieldSpec.builder(ModelSignature.class, "SIGNATURE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Inputs, targets, parameters and outputs of model $L.\n", model.name())
                .initializer(init).build();
    }

    /** The methods that build a signature too large for one expression (none for an ordinary model). */
    List<MethodSpec> signatureMethods(String sourceHash, OptimizerEmitter opt) {
        List<CodeBlock> entries = signatureEntries(sourceHash, opt);
        if (Chunks.fit(entries)) return List.of();
        ClassName builder = ClassName.get(ModelSignature.Builder.class);
        List<CodeBlock> statements = new ArrayList<>();
        for (CodeBlock e : entries) statements.add(CodeBlock.builder().addStatement("b.$L", e).build());
        List<MethodSpec> parts = Chunks.methods(statements, k -> MethodSpec.methodBuilder("buildSignature_part" + k)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC).addParameter(builder, "b"));
        MethodSpec.Builder all = MethodSpec.methodBuilder("buildSignature").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(ModelSignature.class).addStatement("$T b = $T.builder($S)", builder, ModelSignature.class, model.name());
        for (MethodSpec p : parts) all.addStatement("$N(b)", p.name());
        List<MethodSpec> out = new ArrayList<>(parts);
        out.add(all.addStatement("return b.build()").build());
        return out;
    }

    private List<CodeBlock> signatureEntries(String sourceHash, OptimizerEmitter opt) {
        List<CodeBlock> e = new ArrayList<>();
        e.add(CodeBlock.of("sourceHash($S)", sourceHash));
        e.add(CodeBlock.of("precision($S)", num.type()));
        for (ModelIr.Decl d : model.inputs()) e.add(CodeBlock.of("input($S, $L)", d.name(), intArray(d.type().shape())));
        for (ModelIr.Decl d : model.targets()) {
            if (d.type().isClass()) e.add(CodeBlock.of("classTarget($S, $L)", d.name(), d.type().classes()));
            else e.add(CodeBlock.of("target($S, $L)", d.name(), intArray(d.type().shape())));
        }
        java.util.Set<String> transposed = transposedParams();
        for (ModelIr.Decl d : model.params()) {
            InitSpec i = d.init();
            e.add(CodeBlock.of((transposed.contains(d.name()) ? "transposedParam" : "param")
                    + "($S, $L, new $T($S, $L, $L, $L, $L))", d.name(), intArray(d.type().shape()),
                    InitSpec.class, i.scheme(), literal(i.a()), literal(i.b()), i.fanIn(), i.fanOut()));
        }
        for (ModelIr.Decl d : model.outputs()) e.add(CodeBlock.of("output($S, $L)", d.name(), intArray(d.type().shape())));
        e.add(CodeBlock.of("optimizer($S)", opt.name()));
        for (Map.Entry<String, Double> h : opt.hyperParameters().entrySet()) {
            e.add(CodeBlock.of("hyper($S, $L)", h.getKey(), literal(h.getValue())));
        }
        for (ModelIr.Decl d : model.params()) {
            if (model.graph().root(Root.grad(d.name())) == null) continue;
            for (String st : opt.stateNames()) e.add(CodeBlock.of("state($S, $S)", d.name(), st));
        }
        return e;
    }

    private java.util.Set<String> transposedParams() {
        java.util.Set<String> t = new java.util.HashSet<>();
        for (Node n : model.graph().nodes()) {
            if (n.op() instanceof Leaf l && l.leafKind() == Leaf.Kind.PARAM && l.storedTransposed()) t.add(l.leafName());
        }
        return t;
    }

    /** A double literal for the signature (any value, also NaN and the infinities). */
    static String literal(double v) {
        if (Double.isNaN(v)) return "Double.NaN";
        if (Double.isInfinite(v)) return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        return Double.toString(v);
    }

    private static String intArray(int[] s) {
        StringBuilder sb = new StringBuilder("new int[] {");
        for (int i = 0; i < s.length; i++) sb.append(i == 0 ? "" : ", ").append(s[i]);
        return sb.append("}").toString();
    }

    /**
     * The public constructor and the private one that replicas share parameters through; when the allocations
     * are too many for one method they go into {@code allocate_partK} methods (and the fields are not final).
     */
    List<MethodSpec> constructors(double learningRate, List<CodeBlock> allocation) {
        CodeBlock body;
        allocationParts.clear();
        if (Chunks.fit(allocation)) {
            body = Chunks.join(allocation);
        } else {
            CodeBlock.Builder calls = CodeBlock.builder();
            for (MethodSpec p : Chunks.methods(allocation, k -> MethodSpec.methodBuilder("allocate_part" + k)
                    .addModifiers(Modifier.PRIVATE).addParameter(int.class, "maxBatch").addParameter(self, "shared"))) {
                allocationParts.add(p);
                calls.addStatement("$N(maxBatch, shared)", p.name());
            }
            body = calls.build();
        }
        return List.of(
                MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                        .addJavadoc("An instance whose buffers hold up to {@code maxBatch} examples.\n")
                        .addParameter(int.class, "maxBatch")
                        .addStatement("this(maxBatch, null)").build(),
                MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                        .addJavadoc("An instance with its own buffers; with {@code shared}, its parameters (and optimizer state)\n"
                                + "are those of {@code shared} (a replica for data-parallel steps).\n")
                        .addParameter(int.class, "maxBatch")
                        .addParameter(self, "shared")
                        .addStatement("super(SIGNATURE, maxBatch)")
                        .addStatement("this.lr = $L", literal(learningRate))
                        .addCode(body).build());
    }

    private final List<MethodSpec> allocationParts = new ArrayList<>();

    /** The allocation methods the constructor calls (none when the allocations fit into it). */
    List<MethodSpec> allocationParts() { return allocationParts; }

    /** Whether the constructor allocates through helper methods, so that the fields cannot be final. */
    boolean allocatesInParts() { return !allocationParts.isEmpty(); }

    /** The overrides of {@link GeneratedModel} that are not passes. */
    List<MethodSpec> overrides(OptimizerEmitter.Code code, List<OptimizerEmitter.Target> targets) {
        List<MethodSpec> m = new ArrayList<>();
        m.add(MethodSpec.methodBuilder("newInstance").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED).returns(GeneratedModel.class).addParameter(int.class, "maxBatch")
                .addStatement("return new $L(maxBatch)", className).build());
        m.add(MethodSpec.methodBuilder("newReplica").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED).returns(GeneratedModel.class).addParameter(int.class, "maxBatch")
                .addStatement("return new $L(maxBatch, this)", className).build());
        m.add(MethodSpec.methodBuilder("applyUpdate").addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
                .addJavadoc("The optimizer update from the gradients now in the gradient buffers.\n")
                .addStatement("update()").build());
        // the update in parts, for data-parallel steps: per-step values, then parameters on several threads
        m.add(MethodSpec.methodBuilder("prepareUpdate").addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
                .addCode(code.prologue()).build());
        CodeBlock.Builder one = CodeBlock.builder();
        if (targets.size() <= Chunks.STATEMENTS) {
            updateCases(one, code, targets, 0, targets.size());
        } else {
            // thousands of parameters: one switch per range of them keeps every method small
            for (int from = 0; from < targets.size(); from += Chunks.STATEMENTS) {
                int to = Math.min(targets.size(), from + Chunks.STATEMENTS);
                CodeBlock.Builder part = CodeBlock.builder();
                updateCases(part, code, targets, from, to);
                String name = "updateParam_" + from;
                m.add(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE).addParameter(int.class, "param")
                        .addCode(part.build()).build());
                one.addStatement("if (param <= $L) $N(param)", paramIndex(targets.get(to - 1)), name);
                if (to < targets.size()) one.addStatement("if (param <= $L) return", paramIndex(targets.get(to - 1)));
            }
        }
        m.add(MethodSpec.methodBuilder("updateParam").addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
                .addParameter(int.class, "param").addCode(one.build()).build());
        m.add(MethodSpec.methodBuilder("finishUpdate").addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
                .addStatement("step++").build());
        MethodSpec.Builder reset = MethodSpec.methodBuilder("resetOptimizerState").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED);
        if (Chunks.fit(code.reset())) {
            reset.addCode(Chunks.join(code.reset()));
        } else {
            for (MethodSpec p : Chunks.methods(code.reset(),
                    k -> MethodSpec.methodBuilder("resetOptimizerState_part" + k).addModifiers(Modifier.PRIVATE))) {
                m.add(p);
                reset.addStatement("$N()", p.name());
            }
        }
        m.add(reset.build());
        m.addAll(storage(code));
        return m;
    }

    /** {@code switch (param)} over targets {@code from..to}: each calls its parameter's update method. */
    private void updateCases(CodeBlock.Builder b, OptimizerEmitter.Code code, List<OptimizerEmitter.Target> targets,
                             int from, int to) {
        if (from == to) return;
        b.beginControlFlow("switch (param)");
        for (int k = from; k < to; k++) {
            b.add("case $L:\n", paramIndex(targets.get(k))).indent()
                    .addStatement("$L()", code.updateMethods().get(k)).addStatement("break").unindent();
        }
        b.add("default:\n").indent().addStatement("break").unindent().endControlFlow();
    }

    private int paramIndex(OptimizerEmitter.Target t) {
        for (int i = 0; i < model.params().size(); i++) {
            if (t.param().equals(buffers.paramField(model.params().get(i).name()))) return i;
        }
        throw new IllegalStateException("no parameter for " + t.param());
    }

    /** {@code storage(kind, index)}: the buffer of each parameter, gradient, input, target, output and state. */
    private List<MethodSpec> storage(OptimizerEmitter.Code code) {
        Map<String, List<String>> kinds = new java.util.LinkedHashMap<>();
        kinds.put("PARAM", model.params().stream().map(d -> buffers.paramField(d.name())).toList());
        kinds.put("GRAD", model.params().stream().map(d -> buffers.rootField(Root.grad(d.name()))).toList());
        kinds.put("INPUT", model.inputs().stream().map(d -> buffers.inputField(d.name())).toList());
        kinds.put("TARGET", model.targets().stream().map(d -> buffers.targetField(d.name())).toList());
        kinds.put("OUTPUT", model.outputs().stream().map(d -> buffers.rootField(Root.output(d.name()))).toList());
        kinds.put("INPUT_GRAD", model.inputs().stream().map(d -> buffers.rootField(Root.inputGrad(d.name()))).toList());
        List<String> state = new ArrayList<>();
        for (List<String> fs : code.stateFields()) state.addAll(fs);
        kinds.put("OPT_STATE", state);
        int total = kinds.values().stream().mapToInt(List::size).sum();
        List<MethodSpec> methods = new ArrayList<>();
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("switch (kind)");
        for (Map.Entry<String, List<String>> k : kinds.entrySet()) {
            if (k.getValue().stream().allMatch(java.util.Objects::isNull)) continue;
            b.add("case $L:\n", k.getKey()).indent();
            if (total <= Chunks.STATEMENTS) {
                cases(b, k.getValue(), 0, k.getValue().size());
            } else {
                // thousands of buffers: one method per kind and range of indices keeps every switch small
                for (int from = 0; from < k.getValue().size(); from += Chunks.STATEMENTS) {
                    int to = Math.min(k.getValue().size(), from + Chunks.STATEMENTS);
                    String name = "storage_" + k.getKey().toLowerCase(java.util.Locale.ROOT) + "_" + from;
                    CodeBlock.Builder part = CodeBlock.builder();
                    cases(part, k.getValue(), from, to);
                    methods.add(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE).returns(Object.class)
                            .addParameter(int.class, "index").addCode(part.build()).build());
                    b.addStatement("if (index < $L) return $N(index)", to, name);
                }
                b.addStatement("return null");
            }
            b.unindent();
        }
        b.add("default:\n").indent().addStatement("return null").unindent().endControlFlow();
        methods.add(0, MethodSpec.methodBuilder("storage").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED).returns(Object.class)
                .addParameter(int.class, "kind").addParameter(int.class, "index").addCode(b.build()).build());
        return methods;
    }

    /** A switch over indices {@code from..to} of one kind: only those with a buffer (the rest return null). */
    private static void cases(CodeBlock.Builder b, List<String> values, int from, int to) {
        b.beginControlFlow("switch (index)");
        for (int i = from; i < to; i++) {
            if (values.get(i) != null) b.add("case $L:\n", i).indent().addStatement("return $L", values.get(i)).unindent();
        }
        b.add("default:\n").indent().addStatement("return null").unindent();
        b.endControlFlow();
    }
}
