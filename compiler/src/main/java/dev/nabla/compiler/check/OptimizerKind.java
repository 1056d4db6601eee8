package dev.nabla.compiler.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizers a train block can name, with PyTorch's hyper-parameters and defaults ({@code torch.optim}).
 * Numeric hyper-parameters and on/off flags are kept apart: a flag is written {@code true} or {@code false}.
 */
public enum OptimizerKind {
    SGD("sgd", Map.of("lr", 0.01, "momentum", 0.0, "dampening", 0.0, "weight_decay", 0.0), Map.of("nesterov", false)),
    ADAM("adam", Map.of("lr", 0.001, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.0), Map.of()),
    ADAMW("adamw", Map.of("lr", 0.001, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.01), Map.of()),
    RMSPROP("rmsprop", Map.of("lr", 0.01, "alpha", 0.99, "eps", 1e-8, "weight_decay", 0.0, "momentum", 0.0),
            Map.of("centered", false)),
    ADAGRAD("adagrad", Map.of("lr", 0.01, "lr_decay", 0.0, "weight_decay", 0.0, "initial_accumulator_value", 0.0,
            "eps", 1e-10), Map.of());

    private final String keyword;
    private final Map<String, Double> numbers;
    private final Map<String, Boolean> flags;

    OptimizerKind(String keyword, Map<String, Double> numbers, Map<String, Boolean> flags) {
        this.keyword = keyword;
        Map<String, Double> n = new LinkedHashMap<>();
        n.put("lr", numbers.get("lr"));
        for (String k : new java.util.TreeSet<>(numbers.keySet())) n.putIfAbsent(k, numbers.get(k));
        this.numbers = Collections.unmodifiableMap(n);
        this.flags = Collections.unmodifiableMap(new java.util.TreeMap<>(flags));
    }

    /** The name as written in a model file, e.g. {@code adam}. */
    public String keyword() { return keyword; }

    /** Numeric hyper-parameters with their defaults, the learning rate first. */
    public Map<String, Double> numberDefaults() { return numbers; }

    /** On/off hyper-parameters with their defaults. */
    public Map<String, Boolean> flagDefaults() { return flags; }

    /** Every hyper-parameter name, numbers first. */
    public List<String> hyperParameterNames() {
        List<String> all = new java.util.ArrayList<>(numbers.keySet());
        all.addAll(flags.keySet());
        return all;
    }

    /** The optimizer a keyword names, or null. */
    public static OptimizerKind of(String keyword) {
        for (OptimizerKind k : values()) if (k.keyword.equals(keyword)) return k;
        return null;
    }

    /** Every keyword, in declaration order. */
    public static List<String> keywords() {
        return java.util.Arrays.stream(values()).map(OptimizerKind::keyword).toList();
    }
}
