package dev.nabla.compiler.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nabla.compiler.check.TrainSettings.OptimizerSpec;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.TType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The emission rule of an optimizer: state buffers per parameter (moments, velocities), and the
 * element-wise update of each parameter from its gradient, exactly as PyTorch computes it. Subclasses give
 * the state names, the per-step prologue (bias corrections and the like) and the per-element body;
 * {@link #generate} writes all of the code in one call.
 */
public abstract class OptimizerEmitter {
    /** One parameter to update: its field, its gradient's field and its type. */
    public record Target(String param, String gradient, TType type) {}

    /**
     * The generated code of the update: fields (state buffers, shared with replicas, and the per-step values),
     * their allocation, the per-step prologue (computes the per-step values into their fields), the methods
     * (one update method per parameter, in target order, and helpers), and the reset of the state.
     */
    public record Code(List<FieldSpec> fields, List<CodeBlock> allocation, CodeBlock prologue, List<MethodSpec> methods,
                       List<String> updateMethods, List<List<String>> stateFields, List<CodeBlock> reset) {}

    /** A value computed once per step before the loops, e.g. Adam's bias correction. */
    protected record Local(String type, String name, String expr) {}

    private final OptimizerSpec spec;
    private final Double clipValue;
    private final Double clipNorm;

    /**
     * {@code clipValue} and {@code clipNorm} (null: off) clip the gradients before the update, as PyTorch's
     * {@code clip_grad_value_} and then {@code clip_grad_norm_} (all gradients scaled by
     * {@code min(1, max_norm / (norm + 1e-6))}, the norm over every parameter).
     */
    protected OptimizerEmitter(OptimizerSpec spec, Double clipValue, Double clipNorm) {
        this.spec = spec;
        this.clipValue = clipValue;
        this.clipNorm = clipNorm;
    }

    /** The optimizer's name as written in a model file. */
    public final String name() { return spec.kind().keyword(); }

    /** The learning rate a new model starts with. */
    public final double learningRate() { return spec.number("lr"); }

    /** The hyper-parameters as PyTorch names them, the learning rate first (flags as 1 or 0, for checkpoints). */
    public final Map<String, Double> hyperParameters() {
        Map<String, Double> all = new LinkedHashMap<>();
        for (String k : spec.kind().numberDefaults().keySet()) all.put(k, spec.number(k));
        for (String k : spec.kind().flagDefaults().keySet()) all.put(k, spec.flag(k) ? 1.0 : 0.0);
        return all;
    }

    /** Per-parameter state buffers, e.g. {@code m} and {@code v} for Adam; empty for plain SGD. */
    public abstract List<String> stateNames();

    /**
     * Whether the update is {@code p -= lr * grad} and nothing else (plain SGD, no clipping): then it can be
     * fused into the kernel that computes a weight gradient, which never has to be stored.
     */
    public boolean fusableIntoGradient() { return false; }

    protected final boolean clipping() { return clipValue != null || clipNorm != null; }

    /**
     * Values computed once per step before the loops (bias corrections). The local {@code lr} (the learning
     * rate, of the element type) and the field {@code step} (steps taken before this one) are available.
     */
    protected abstract List<Local> prologue(Num num);

    /**
     * The per-element update. {@code p}, {@code g} are element expressions (assignable) of the parameter and
     * its gradient, {@code s} of its state buffers.
     */
    protected abstract List<String> body(Num num, String p, String g, String[] s);

    /** The value state buffer {@code i} starts from (0 unless the optimizer says otherwise). */
    protected double initialValue(int i) { return 0; }

    /** A literal in the generated type. */
    protected static String lit(Num num, double v) { return num.lit(v); }

    /** Writes the whole update for {@code targets}. */
    public final Code generate(List<Target> targets, Names names, Num num) {
        List<FieldSpec> fields = new ArrayList<>();
        List<CodeBlock> allocation = new ArrayList<>();
        List<List<String>> stateFields = stateFields(targets, names, num, fields, allocation);
        List<MethodSpec> methods = new ArrayList<>();
        List<Local> locals = new ArrayList<>();
        String t = num.type();
        locals.add(new Local(t, "lr", (num.isFloat() ? "(float) " : "") + "this.lr"));
        if (clipNorm != null) locals.add(clipScale(targets, names, num, methods));
        locals.addAll(prologue(num));
        // per-step values: computed in the prologue, kept in fields for the per-parameter methods
        CodeBlock.Builder prologue = CodeBlock.builder();
        List<String[]> stepFields = new ArrayList<>();
        for (Local l : locals) {
            String f = names.allocate("step_" + l.name());
            fields.add(FieldSpec.builder(primitive(l.type()), f, Modifier.PRIVATE).build());
            prologue.addStatement("$L", "final " + l.type() + " " + l.name() + " = " + l.expr());
            prologue.addStatement("$L", "this." + f + " = " + l.name());
            stepFields.add(new String[] {l.type(), l.name(), f});
        }
        List<String> updateMethods = new ArrayList<>();
        for (int k = 0; k < targets.size(); k++) {
            MethodSpec m = updateMethod(targets.get(k), stateFields.get(k), stepFields, names, num);
            methods.add(m);
            updateMethods.add(m.name());
        }
        return new Code(fields, allocation, prologue.build(), methods, updateMethods, stateFields, reset(stateFields, num));
    }

    private static TypeName primitive(String type) {
        return switch (type) {
            case "boolean" -> TypeName.BOOLEAN;
            case "float" -> TypeName.FLOAT;
            default -> TypeName.DOUBLE;
        };
    }

    private List<List<String>> stateFields(List<Target> targets, Names names, Num num, List<FieldSpec> fields,
                                           List<CodeBlock> allocation) {
        TypeName arr = ArrayTypeName.of(ArrayTypeName.of(num.isFloat() ? TypeName.FLOAT : TypeName.DOUBLE));
        List<List<String>> all = new ArrayList<>();
        for (Target t : targets) {
            List<String> fs = new ArrayList<>();
            for (String s : stateNames()) {
                String f = names.allocate(s + "_" + t.param());
                fs.add(f);
                fields.add(FieldSpec.builder(arr, f, Modifier.FINAL)
                        .addJavadoc("$L state {@code $L} of parameter {@code $L}.\n", name(), s, t.param()).build());
                allocation.add(CodeBlock.builder().addStatement("$L", "this." + f + " = shared != null ? shared." + f
                        + " : new " + num.type() + "[this." + t.param() + ".length][this." + t.param() + "[0].length]").build());
            }
            all.add(fs);
        }
        return all;
    }

    /** The gradient element as the update sees it: clipped by value, scaled by the norm clip. */
    private String clipped(Num num, String g) {
        String e = g;
        if (clipValue != null) e = "Math.max(" + num.lit(-clipValue) + ", Math.min(" + num.lit(clipValue) + ", " + g + "))";
        if (clipNorm != null) e = "(clipScale * " + e + ")";
        return e;
    }

    /** The global norm of all gradients (after value clipping), in double, one method per parameter. */
    private Local clipScale(List<Target> targets, Names names, Num num, List<MethodSpec> methods) {
        List<CodeBlock> terms = new ArrayList<>();
        for (Target p : targets) {
            String m = names.allocate("sumSquares_" + p.param());
            terms.add(CodeBlock.builder().addStatement("sum += $L()", m).build());
            String v = clipValue == null ? "g_r[c]" : "Math.max(" + num.lit(-clipValue) + ", Math.min(" + num.lit(clipValue) + ", g_r[c]))";
            CodeBlock body = CodeBlock.builder()
                    .addStatement("double sumSq = 0")
                    .beginControlFlow("$L", "for (int r = 0; r < this." + p.gradient() + ".length; r++)")
                    .addStatement("$L", "final " + num.type() + "[] g_r = this." + p.gradient() + "[r]")
                    .beginControlFlow("for (int c = 0; c < g_r.length; c++)")
                    .addStatement("$L", "final double gc = " + v)
                    .addStatement("sumSq += gc * gc")
                    .endControlFlow()
                    .endControlFlow()
                    .addStatement("return sumSq").build();
            methods.add(MethodSpec.methodBuilder(m).addModifiers(Modifier.PRIVATE).returns(double.class).addCode(body).build());
        }
        // the sum of every parameter's squares, in parts of a bounded number of calls
        String total = names.allocate("sumSquares");
        List<MethodSpec> parts = Chunks.methods(terms, k -> MethodSpec.methodBuilder(total + "_part" + k)
                .addModifiers(Modifier.PRIVATE).returns(double.class).addStatement("double sum = 0"));
        CodeBlock.Builder all = CodeBlock.builder().addStatement("double sum = 0");
        for (MethodSpec part : parts) {
            methods.add(part.toBuilder().addStatement("return sum").build());
            all.addStatement("sum += $N()", part.name());
        }
        methods.add(MethodSpec.methodBuilder(total).addModifiers(Modifier.PRIVATE).returns(double.class)
                .addJavadoc("The sum of the squares of every gradient element (after clipping by value).\n")
                .addCode(all.build()).addStatement("return sum").build());
        return new Local(num.type(), "clipScale", (num.isFloat() ? "(float) " : "") + "Math.min(1.0, " + clipNorm
                + " / (Math.sqrt(" + total + "()) + 1e-6))");
    }

    private MethodSpec updateMethod(Target p, List<String> state, List<String[]> stepFields, Names names, Num num) {
        String t = num.type();
        String method = names.allocate("update_" + p.param());
        CodeBlock.Builder mb = CodeBlock.builder();
        for (String[] f : stepFields) mb.addStatement("$L", "final " + f[0] + " " + f[1] + " = this." + f[2]);
        Names local = new Names(names);
        String r = local.allocate("r"), c = local.allocate("c");
        String pr = local.allocate(p.param() + "_r"), gr = local.allocate(p.gradient() + "_r");
        List<String> srows = new ArrayList<>();
        for (String f : state) srows.add(local.allocate(f + "_r"));
        mb.beginControlFlow("$L", "for (int " + r + " = 0; " + r + " < this." + p.param() + ".length; " + r + "++)");
        mb.addStatement("$L", "final " + t + "[] " + pr + " = this." + p.param() + "[" + r + "]");
        mb.addStatement("$L", "final " + t + "[] " + gr + " = this." + p.gradient() + "[" + r + "]");
        for (int i = 0; i < srows.size(); i++) {
            mb.addStatement("$L", "final " + t + "[] " + srows.get(i) + " = this." + state.get(i) + "[" + r + "]");
        }
        mb.beginControlFlow("$L", "for (int " + c + " = 0; " + c + " < " + pr + ".length; " + c + "++)");
        String[] s = new String[srows.size()];
        for (int i = 0; i < s.length; i++) s[i] = srows.get(i) + "[" + c + "]";
        for (String line : body(num, pr + "[" + c + "]", clipped(num, gr + "[" + c + "]"), s)) mb.addStatement("$L", line);
        mb.endControlFlow();
        mb.endControlFlow();
        return MethodSpec.methodBuilder(method).addModifiers(Modifier.PRIVATE)
                .addJavadoc("The $L update of parameter {@code $L}.\n", name(), p.param()).addCode(mb.build()).build();
    }

    private List<CodeBlock> reset(List<List<String>> stateFields, Num num) {
        List<CodeBlock> b = new ArrayList<>();
        for (List<String> fs : stateFields) {
            for (int i = 0; i < fs.size(); i++) {
                b.add(CodeBlock.builder().beginControlFlow("$L", "for (int r = 0; r < " + fs.get(i) + ".length; r++)")
                        .addStatement("$L", "java.util.Arrays.fill(" + fs.get(i) + "[r], " + num.lit(initialValue(i)) + ")")
                        .endControlFlow().build());
            }
        }
        return b;
    }
}
