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
        CodeBlock.Builder sig = CodeBlock.builder().add("$T.builder($S)", ModelSignature.class, model.name());
        sig.add("\n.sourceHash($S)", sourceHash).add("\n.precision($S)", num.type());
        for (ModelIr.Decl d : model.inputs()) sig.add("\n.input($S, $L)", d.name(), intArray(d.type().shape()));
        for (ModelIr.Decl d : model.targets()) {
            if (d.type().isClass()) sig.add("\n.classTarget($S, $L)", d.name(), d.type().classes());
            else sig.add("\n.target($S, $L)", d.name(), intArray(d.type().shape()));
        }
        for (ModelIr.Decl d : model.params()) {
            InitSpec i = d.init();
            sig.add("\n." + (storedTransposed(d.name()) ? "transposedParam" : "param")
                    + "($S, $L, new $T($S, $L, $L, $L, $L))", d.name(), intArray(d.type().shape()),
                    InitSpec.class, i.scheme(), literal(i.a()), literal(i.b()), i.fanIn(), i.fanOut());
        }
        for (ModelIr.Decl d : model.outputs()) sig.add("\n.output($S, $L)", d.name(), intArray(d.type().shape()));
        sig.add("\n.optimizer($S)", opt.name());
        for (Map.Entry<String, Double> h : opt.hyperParameters().entrySet()) {
            sig.add("\n.hyper($S, $L)", h.getKey(), literal(h.getValue()));
        }
        for (ModelIr.Decl d : model.params()) {
            if (model.graph().root(Root.grad(d.name())) == null) continue;
            for (String st : opt.stateNames()) sig.add("\n.state($S, $S)", d.name(), st);
        }
        sig.add("\n.build()");
        return FieldSpec.builder(ModelSignature.class, "SIGNATURE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Inputs, targets, parameters and outputs of model $L.\n", model.name())
                .initializer(sig.build()).build();
    }

    private boolean storedTransposed(String param) {
        for (Node n : model.graph().nodes()) {
            if (n.op() instanceof Leaf l && l.leafKind() == Leaf.Kind.PARAM && l.leafName().equals(param)) {
                return l.storedTransposed();
            }
        }
        return false;
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

    /** The public constructor and the private one that replicas share parameters through. */
    List<MethodSpec> constructors(double learningRate, CodeBlock allocation) {
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
                        .addCode(allocation).build());
    }

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
        if (!targets.isEmpty()) {
            one.beginControlFlow("switch (param)");
            for (int k = 0; k < targets.size(); k++) {
                one.add("case $L:\n", paramIndex(targets.get(k))).indent()
                        .addStatement("$L()", code.updateMethods().get(k)).addStatement("break").unindent();
            }
            one.add("default:\n").indent().addStatement("break").unindent().endControlFlow();
        }
        m.add(MethodSpec.methodBuilder("updateParam").addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
                .addParameter(int.class, "param").addCode(one.build()).build());
        m.add(MethodSpec.methodBuilder("finishUpdate").addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
                .addStatement("step++").build());
        m.add(MethodSpec.methodBuilder("resetOptimizerState").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED).addCode(code.reset()).build());
        m.add(storage(code));
        return m;
    }

    private int paramIndex(OptimizerEmitter.Target t) {
        for (int i = 0; i < model.params().size(); i++) {
            if (t.param().equals(buffers.paramField(model.params().get(i).name()))) return i;
        }
        throw new IllegalStateException("no parameter for " + t.param());
    }

    /** {@code storage(kind, index)}: the buffer of each parameter, gradient, input, target, output and state. */
    private MethodSpec storage(OptimizerEmitter.Code code) {
        CodeBlock.Builder b = CodeBlock.builder();
        b.beginControlFlow("switch (kind)");
        cases(b, "PARAM", model.params().stream().map(d -> buffers.paramField(d.name())).toList());
        cases(b, "GRAD", model.params().stream().map(d -> buffers.rootField(Root.grad(d.name()))).toList());
        cases(b, "INPUT", model.inputs().stream().map(d -> buffers.inputField(d.name())).toList());
        cases(b, "TARGET", model.targets().stream().map(d -> buffers.targetField(d.name())).toList());
        cases(b, "OUTPUT", model.outputs().stream().map(d -> buffers.rootField(Root.output(d.name()))).toList());
        cases(b, "INPUT_GRAD", model.inputs().stream().map(d -> buffers.rootField(Root.inputGrad(d.name()))).toList());
        List<String> state = new ArrayList<>();
        for (List<String> fs : code.stateFields()) state.addAll(fs);
        cases(b, "OPT_STATE", state);
        b.add("default:\n").indent().addStatement("return null").unindent();
        b.endControlFlow();
        return MethodSpec.methodBuilder("storage").addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED).returns(Object.class)
                .addParameter(int.class, "kind").addParameter(int.class, "index").addCode(b.build()).build();
    }

    /** The arms of one kind: only indices that have a buffer (the rest fall through to {@code return null}). */
    private static void cases(CodeBlock.Builder b, String kind, List<String> values) {
        if (values.stream().allMatch(java.util.Objects::isNull)) return;
        b.add("case $L:\n", kind).indent();
        b.beginControlFlow("switch (index)");
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) b.add("case $L:\n", i).indent().addStatement("return $L", values.get(i)).unindent();
        }
        b.add("default:\n").indent().addStatement("return null").unindent();
        b.endControlFlow();
        b.unindent();
    }
}
