package dev.nabla.compiler.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.TType;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The emission rule of an optimizer: state buffers per parameter (moments, velocities), and the
 * element-wise update of each parameter from its gradient, written as one flat loop per parameter in
 * the generated class's {@code update()} method. Subclasses give the state names, the per-step
 * prologue (bias corrections and the like) and the per-element body, exactly as PyTorch computes them.
 */
public abstract class OptimizerEmitter {
    /** One parameter to update: its field, its gradient's field and its type. */
    public record Target(String param, String gradient, TType type) {}

    /** State buffer names of a parameter, in the order of {@link #stateNames()}. */
    private final List<List<String>> stateFields = new ArrayList<>();

    /** The optimizer's name as written in a model file. */
    public abstract String name();

    /** Per-parameter state buffers, e.g. {@code m} and {@code v} for Adam; empty for plain SGD. */
    protected abstract List<String> stateNames();

    /** A value computed once per step before the loops, e.g. Adam's bias correction. */
    protected record Local(String type, String name, String expr) {}

    /**
     * Values computed once per step before the loops (hyper-parameter locals, bias corrections). The
     * local {@code lr} (the learning rate, of type T) and the field {@code step} (steps taken before
     * this one) are available.
     */
    protected abstract List<Local> prologue(Num num);

    /**
     * The per-element update. {@code p}, {@code g} are element expressions (assignable) of the
     * parameter and its gradient, {@code s} of its state buffers; {@code t} is the element type.
     */
    protected abstract List<String> body(Num num, String p, String g, String[] s);

    /** Adds the state fields to the class and their allocation to the constructor. */
    public void declareState(TypeSpec.Builder cls, CodeBlock.Builder constructor, List<Target> targets, Names names, Num num) {
        stateFields.clear();
        TypeName arr = ArrayTypeName.of(ArrayTypeName.of(num.isFloat() ? TypeName.FLOAT : TypeName.DOUBLE));
        for (Target t : targets) {
            List<String> fs = new ArrayList<>();
            for (String s : stateNames()) {
                String f = names.allocate(s + "_" + t.param());
                fs.add(f);
                cls.addField(FieldSpec.builder(arr, f, Modifier.FINAL)
                        .addJavadoc("$L state {@code $L} of parameter {@code $L}.\n", name(), s, t.param()).build());
                constructor.addStatement("$L", "this." + f + " = shared != null ? shared." + f + " : new " + num.type()
                        + "[this." + t.param() + ".length][this." + t.param() + "[0].length]");
            }
            stateFields.add(fs);
        }
    }

    /** Names of the per-parameter state buffers (for the signature and checkpoints). */
    public List<String> stateNamesFor() { return stateNames(); }

    /** Hyper-parameters as PyTorch names them, the learning rate first. */
    public java.util.Map<String, Double> hyperParameters() { return hyper; }

    private final java.util.Map<String, Double> hyper = new java.util.LinkedHashMap<>();

    void setHyperParameters(java.util.Map<String, Double> h) {
        hyper.clear();
        hyper.putAll(h);
    }

    /** The state buffer fields of parameter {@code i}, for checkpoints. */
    public List<String> stateFieldsOf(int i) { return stateFields.get(i); }

    /** The statements of {@code update()}. */
    private Double clipValue;
    private Double clipNorm;

    /**
     * Gradient clipping before the update, as PyTorch's {@code clip_grad_value_} (each element to
     * [-value, value]) and then {@code clip_grad_norm_} (all gradients scaled by
     * {@code min(1, max_norm / (norm + 1e-6))}, norm over every parameter); null turns either off.
     */
    public void setClipping(Double value, Double norm) {
        this.clipValue = value;
        this.clipNorm = norm;
    }

    /** The gradient element as the update sees it: clipped by value, scaled by the norm clip. */
    private String clipped(Num num, String g) {
        String e = g;
        if (clipValue != null) {
            e = "Math.max(" + num.lit(-clipValue) + ", Math.min(" + num.lit(clipValue) + ", " + g + "))";
        }
        if (clipNorm != null) e = "(clipScale * " + e + ")";
        return e;
    }

    /**
     * The statements of {@code update()}: the per-step values (learning rate, bias corrections, the clip
     * scale) go to fields, then one small method per parameter runs its loop, so that no method grows with
     * the number of parameters past what the JIT compiles.
     */
    private final List<String> paramMethods = new ArrayList<>();
    private CodeBlock prologueCode;

    /**
     * Whether the update is {@code p -= lr * grad} and nothing else (plain SGD, no clipping): then it can
     * be fused into the kernel that computes a weight gradient, which never has to be stored.
     */
    public boolean fusableIntoGradient() { return false; }

    boolean clipping() { return clipValue != null || clipNorm != null; }

    /** The statements of an update of some parameters only (by index), after {@link #update} made the methods. */
    /** The per-step values of the update (the prologue), without updating any parameter. */
    public CodeBlock prologue() { return prologueCode; }

    /** The update method of parameter {@code k}. */
    public String paramMethod(int k) { return paramMethods.get(k); }

    public CodeBlock update(List<Integer> only) {
        CodeBlock.Builder b = CodeBlock.builder().add(prologueCode);
        for (int k : only) b.addStatement("$L()", paramMethods.get(k));
        return b.build();
    }

    public CodeBlock update(TypeSpec.Builder cls, List<Target> targets, Names names, Num num) {
        paramMethods.clear();
        CodeBlock.Builder b = CodeBlock.builder();
        String t = num.type();
        List<Local> locals = new ArrayList<>();
        locals.add(new Local(t, "lr", (num.isFloat() ? "(float) " : "") + "this.lr"));
        if (clipNorm != null) {
            // the global norm of all gradients (after value clipping), accumulated in double, a method per parameter
            StringBuilder sum = new StringBuilder("0.0");
            for (Target p : targets) {
                String m = names.allocate("sumSquares_" + p.param());
                sum.append(" + ").append(m).append("()");
                CodeBlock.Builder mb = CodeBlock.builder();
                mb.addStatement("double sumSq = 0");
                mb.beginControlFlow("$L", "for (int r = 0; r < this." + p.gradient() + ".length; r++)");
                mb.addStatement("$L", "final " + t + "[] g_r = this." + p.gradient() + "[r]");
                mb.beginControlFlow("for (int c = 0; c < g_r.length; c++)");
                String v = clipValue == null ? "g_r[c]" : "Math.max(" + num.lit(-clipValue) + ", Math.min(" + num.lit(clipValue) + ", g_r[c]))";
                mb.addStatement("$L", "final double gc = " + v);
                mb.addStatement("sumSq += gc * gc");
                mb.endControlFlow();
                mb.endControlFlow();
                mb.addStatement("return sumSq");
                cls.addMethod(com.palantir.javapoet.MethodSpec.methodBuilder(m).addModifiers(Modifier.PRIVATE)
                        .returns(double.class).addCode(mb.build()).build());
            }
            locals.add(new Local(t, "clipScale", (num.isFloat() ? "(float) " : "") + "Math.min(1.0, " + clipNorm
                    + " / (Math.sqrt(" + sum + ") + 1e-6))"));
        }
        locals.addAll(prologue(num));
        // per-step values: computed here, kept in fields for the per-parameter methods
        List<String[]> fields = new ArrayList<>();
        for (Local l : locals) {
            String f = names.allocate("step_" + l.name());
            TypeName type = switch (l.type()) {
                case "boolean" -> TypeName.BOOLEAN;
                case "float" -> TypeName.FLOAT;
                default -> TypeName.DOUBLE;
            };
            cls.addField(FieldSpec.builder(type, f, Modifier.PRIVATE).build());
            b.addStatement("$L", "final " + l.type() + " " + l.name() + " = " + l.expr());
            b.addStatement("$L", "this." + f + " = " + l.name());
            fields.add(new String[] {l.type(), l.name(), f});
        }
        prologueCode = b.build();
        b = CodeBlock.builder().add(prologueCode);
        for (int k = 0; k < targets.size(); k++) {
            Target p = targets.get(k);
            String method = names.allocate("update_" + p.param());
            paramMethods.add(method);
            b.addStatement("$L()", method);
            CodeBlock.Builder mb = CodeBlock.builder();
            for (String[] f : fields) mb.addStatement("$L", "final " + f[0] + " " + f[1] + " = this." + f[2]);
            Names local = new Names(names);
            String r = local.allocate("r"), c = local.allocate("c");
            String pr = local.allocate(p.param() + "_r"), gr = local.allocate(p.gradient() + "_r");
            List<String> srows = new ArrayList<>();
            for (String f : stateFields.get(k)) srows.add(local.allocate(f + "_r"));
            mb.beginControlFlow("$L", "for (int " + r + " = 0; " + r + " < this." + p.param() + ".length; " + r + "++)");
            mb.addStatement("$L", "final " + t + "[] " + pr + " = this." + p.param() + "[" + r + "]");
            mb.addStatement("$L", "final " + t + "[] " + gr + " = this." + p.gradient() + "[" + r + "]");
            for (int i = 0; i < srows.size(); i++) {
                mb.addStatement("$L", "final " + t + "[] " + srows.get(i) + " = this." + stateFields.get(k).get(i) + "[" + r + "]");
            }
            mb.beginControlFlow("$L", "for (int " + c + " = 0; " + c + " < " + pr + ".length; " + c + "++)");
            String[] s = new String[srows.size()];
            for (int i = 0; i < s.length; i++) s[i] = srows.get(i) + "[" + c + "]";
            for (String line : body(num, pr + "[" + c + "]", clipped(num, gr + "[" + c + "]"), s)) mb.addStatement("$L", line);
            mb.endControlFlow();
            mb.endControlFlow();
            cls.addMethod(com.palantir.javapoet.MethodSpec.methodBuilder(method).addModifiers(Modifier.PRIVATE)
                    .addJavadoc("The $L update of parameter {@code $L}.\n", name(), p.param()).addCode(mb.build()).build());
        }
        return b.build();
    }

    /** The statements of {@code resetOptimizerState()}: every state buffer back to zero. */
    public CodeBlock reset(List<Target> targets, Num num) {
        CodeBlock.Builder b = CodeBlock.builder();
        for (List<String> fs : stateFields) {
            for (int i = 0; i < fs.size(); i++) {
                String f = fs.get(i);
                b.beginControlFlow("$L", "for (int r = 0; r < " + f + ".length; r++)");
                b.addStatement("$L", "java.util.Arrays.fill(" + f + "[r], " + num.lit(initialValue(i)) + ")");
                b.endControlFlow();
            }
        }
        return b.build();
    }

    /** The value state buffer {@code i} starts from (0 unless the optimizer says otherwise). */
    protected double initialValue(int i) { return 0; }

    /** The learning rate a new model starts with. */
    public double learningRate() { return learningRate; }

    private double learningRate = 0.01;

    void setLearningRate(double lr) { this.learningRate = lr; }

    /** A literal in the generated type. */
    protected static String lit(Num num, double v) { return num.lit(v); }
}
