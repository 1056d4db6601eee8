package dev.nabla.runtime;

import java.util.ArrayList;
import java.util.List;

/** What a compiled model takes and gives: its inputs, targets, parameters and outputs, by name and shape. */
public final class ModelSignature {
    private final String modelName;
    private final String sourceHash;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> targets;
    private final List<TensorSpec> params;
    private final List<TensorSpec> outputs;
    private final String precision;
    private final String optimizer;
    private final java.util.Map<String, Double> hyper;
    private final List<String> stateNames;

    private ModelSignature(Builder b) {
        this.modelName = b.modelName;
        this.sourceHash = b.sourceHash;
        this.inputs = List.copyOf(b.inputs);
        this.targets = List.copyOf(b.targets);
        this.params = List.copyOf(b.params);
        this.outputs = List.copyOf(b.outputs);
        this.precision = b.precision;
        this.optimizer = b.optimizer;
        this.hyper = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.hyper));
        this.stateNames = List.copyOf(b.stateNames);
    }

    public static Builder builder(String modelName) { return new Builder(modelName); }

    public String modelName() { return modelName; }
    /** SHA-256 of the model source the class was generated from. */
    public String sourceHash() { return sourceHash; }
    public List<TensorSpec> inputs() { return inputs; }
    public List<TensorSpec> targets() { return targets; }
    public List<TensorSpec> params() { return params; }
    public List<TensorSpec> outputs() { return outputs; }
    /** {@code float} or {@code double}: the element type of the generated code. */
    public String precision() { return precision; }

    /** The optimizer fused into the training step, e.g. {@code adam}. */
    public String optimizer() { return optimizer; }

    /** The optimizer's hyper-parameters (PyTorch's names), the learning rate included. */
    public java.util.Map<String, Double> optimizerHyperParameters() { return hyper; }

    /**
     * Names of the optimizer's state buffers, {@code PARAM.STATE} (e.g. {@code W1.m}); each has the shape
     * of its parameter.
     */
    public List<String> optimizerState() { return stateNames; }

    /** The parameter a state buffer belongs to. */
    public TensorSpec stateParam(int state) {
        String n = stateNames.get(state);
        return params.get(paramIndex(n.substring(0, n.lastIndexOf('.'))));
    }

    public int paramIndex(String name) { return indexOf(params, name, "parameter"); }
    public int inputIndex(String name) { return indexOf(inputs, name, "input"); }
    public int targetIndex(String name) { return indexOf(targets, name, "target"); }
    public int outputIndex(String name) { return indexOf(outputs, name, "output"); }

    private int indexOf(List<TensorSpec> list, String name, String what) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) return i;
        }
        throw new IllegalArgumentException("model " + modelName + " has no " + what + " named '" + name + "'");
    }

    /** Total number of trainable values. */
    public long parameterCount() {
        long n = 0;
        for (TensorSpec p : params) n += p.size();
        return n;
    }

    /**
     * A one-line summary for logs and debuggers, e.g.
     * {@code Spirals(input p[2]; target arm class(2); output probs[2]; 6 params, 1,186 values: W1[32,2], b1[32], ...;
     * adam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-08, weight_decay: 0); float)}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(modelName).append('(');
        appendSpecs(sb, inputs.size() == 1 ? "input " : "inputs ", inputs);
        appendSpecs(sb, targets.size() == 1 ? "; target " : "; targets ", targets);
        appendSpecs(sb, outputs.size() == 1 ? "; output " : "; outputs ", outputs);
        sb.append("; ").append(params.size()).append(params.size() == 1 ? " param, " : " params, ")
                .append(String.format(java.util.Locale.ROOT, "%,d", parameterCount())).append(" values");
        if (!params.isEmpty()) {
            sb.append(": ");
            int shown = Math.min(params.size(), 8);
            for (int i = 0; i < shown; i++) sb.append(i == 0 ? "" : ", ").append(params.get(i));
            if (shown < params.size()) sb.append(", ...");
        }
        sb.append("; ").append(optimizer).append('(');
        int i = 0;
        for (java.util.Map.Entry<String, Double> h : hyper.entrySet()) {
            sb.append(i++ == 0 ? "" : ", ").append(h.getKey()).append(": ").append(number(h.getValue()));
        }
        return sb.append("); ").append(precision).append(')').toString();
    }

    private static void appendSpecs(StringBuilder sb, String label, List<TensorSpec> specs) {
        if (specs.isEmpty()) return;
        sb.append(label);
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec s = specs.get(i);
            sb.append(i == 0 ? "" : ", ").append(s.name()).append(s.isClass() ? " " : "").append(s.shapeString());
        }
    }

    /** A hyper-parameter as Python prints it: {@code 0.01}, {@code 0}, {@code 1e-08}. */
    private static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e16) return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(v).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        String mantissa = d.movePointLeft(exp).toPlainString();
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** Built by generated code (plain calls, no lambdas, so that Janino compiles it). */
    public static final class Builder {
        private final String modelName;
        private String sourceHash = "";
        private String precision = "float";
        private final List<TensorSpec> inputs = new ArrayList<>();
        private final List<TensorSpec> targets = new ArrayList<>();
        private final List<TensorSpec> params = new ArrayList<>();
        private final List<TensorSpec> outputs = new ArrayList<>();
        private String optimizer = "sgd";
        private final java.util.Map<String, Double> hyper = new java.util.LinkedHashMap<>();
        private final List<String> stateNames = new ArrayList<>();

        Builder(String modelName) { this.modelName = modelName; }

        public Builder sourceHash(String hash) { this.sourceHash = hash; return this; }
        public Builder precision(String p) { this.precision = p; return this; }
        public Builder input(String name, int[] shape) { inputs.add(TensorSpec.of(name, shape)); return this; }
        public Builder target(String name, int[] shape) { targets.add(TensorSpec.of(name, shape)); return this; }
        public Builder classTarget(String name, int classes) { targets.add(TensorSpec.classIndex(name, classes)); return this; }
        public Builder param(String name, int[] shape, InitSpec init) {
            params.add(new TensorSpec(name, shape, 0, init));
            return this;
        }

        /** A matrix parameter that the generated code stores transposed. */
        public Builder transposedParam(String name, int[] shape, InitSpec init) {
            params.add(new TensorSpec(name, shape, 0, init, true));
            return this;
        }
        public Builder output(String name, int[] shape) { outputs.add(TensorSpec.of(name, shape)); return this; }
        public Builder optimizer(String name) { this.optimizer = name; return this; }
        public Builder hyper(String name, double value) { hyper.put(name, value); return this; }
        public Builder state(String param, String state) { stateNames.add(param + "." + state); return this; }
        public ModelSignature build() { return new ModelSignature(this); }
    }
}
