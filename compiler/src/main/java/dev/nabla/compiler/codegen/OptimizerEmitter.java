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

    /**
     * Statements run once per step before the loops (hyper-parameter locals, bias corrections). The
     * local {@code lr} (the learning rate, of type T) and the field {@code step} (steps taken before
     * this one) are available.
     */
    protected abstract List<String> prologue(Num num);

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

    public CodeBlock update(List<Target> targets, Names names, Num num) {
        CodeBlock.Builder b = CodeBlock.builder();
        String t = num.type();
        b.addStatement("$L", "final " + t + " lr = " + (num.isFloat() ? "(float) " : "") + "this.lr");
        if (clipNorm != null) {
            // the global norm of all gradients (after value clipping), accumulated in double
            b.addStatement("double sumSq = 0");
            for (Target p : targets) {
                b.beginControlFlow("$L", "for (int r = 0; r < this." + p.gradient() + ".length; r++)");
                b.addStatement("$L", "final " + t + "[] g_r = this." + p.gradient() + "[r]");
                b.beginControlFlow("for (int c = 0; c < g_r.length; c++)");
                String v = clipValue == null ? "g_r[c]" : "Math.max(" + num.lit(-clipValue) + ", Math.min(" + num.lit(clipValue) + ", g_r[c]))";
                b.addStatement("$L", "final double gc = " + v);
                b.addStatement("sumSq += gc * gc");
                b.endControlFlow();
                b.endControlFlow();
            }
            b.addStatement("$L", "final " + t + " clipScale = " + (num.isFloat() ? "(float) " : "") + "Math.min(1.0, "
                    + clipNorm + " / (Math.sqrt(sumSq) + 1e-6))");
        }
        for (String s : prologue(num)) b.addStatement("$L", s);
        for (int k = 0; k < targets.size(); k++) {
            Target p = targets.get(k);
            Names local = new Names(names);
            String r = local.allocate("r"), c = local.allocate("c");
            String pr = local.allocate(p.param() + "_r"), gr = local.allocate(p.gradient() + "_r");
            List<String> srows = new ArrayList<>();
            for (String f : stateFields.get(k)) srows.add(local.allocate(f + "_r"));
            b.beginControlFlow("$L", "for (int " + r + " = 0; " + r + " < this." + p.param() + ".length; " + r + "++)");
            b.addStatement("$L", "final " + t + "[] " + pr + " = this." + p.param() + "[" + r + "]");
            b.addStatement("$L", "final " + t + "[] " + gr + " = this." + p.gradient() + "[" + r + "]");
            for (int i = 0; i < srows.size(); i++) {
                b.addStatement("$L", "final " + t + "[] " + srows.get(i) + " = this." + stateFields.get(k).get(i) + "[" + r + "]");
            }
            b.beginControlFlow("$L", "for (int " + c + " = 0; " + c + " < " + pr + ".length; " + c + "++)");
            String[] s = new String[srows.size()];
            for (int i = 0; i < s.length; i++) s[i] = srows.get(i) + "[" + c + "]";
            for (String line : body(num, pr + "[" + c + "]", clipped(num, gr + "[" + c + "]"), s)) b.addStatement("$L", line);
            b.endControlFlow();
            b.endControlFlow();
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
