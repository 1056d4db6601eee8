package dev.nabla.runtime.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How {@link OneCycleSchedule} moves between two learning rates within a phase, as PyTorch's {@code anneal_strategy}. */
public enum AnnealStrategy {
    /** Cosine annealing: {@code end + (start - end) / 2 * (cos(pi * pct) + 1)} (PyTorch's {@code _annealing_cos}). */
    COS("cos") {
        @Override
        public double anneal(double start, double end, double pct) {
            double cosOut = Math.cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }
    },
    /** Linear annealing: {@code (end - start) * pct + start} (PyTorch's {@code _annealing_linear}). */
    LINEAR("linear") {
        @Override
        public double anneal(double start, double end, double pct) {
            return (end - start) * pct + start;
        }
    };

    private final String pytorchName;

    AnnealStrategy(String pytorchName) {
        this.pytorchName = pytorchName;
    }

    /**
     * The rate a fraction {@code pct} of the way from {@code start} to {@code end}.
     *
     * @param start rate at {@code pct = 0}
     * @param end   rate at {@code pct = 1}
     * @param pct   progress through the phase (PyTorch evaluates it slightly beyond 1 at the final step)
     */
    public abstract double anneal(double start, double end, double pct);

    /** The name PyTorch and the model language use: {@code cos} or {@code linear}. */
    public String pytorchName() {
        return pytorchName;
    }

    /**
     * The strategy with PyTorch's name {@code name}.
     *
     * @throws IllegalArgumentException if the name is neither {@code cos} nor {@code linear}
     */
    public static AnnealStrategy byName(String name) {
        for (AnnealStrategy s : values()) {
            if (s.pytorchName.equals(name)) return s;
        }
        String accepted = Arrays.stream(values()).map(s -> "'" + s.pytorchName + "'").collect(Collectors.joining(", "));
        String hint = name != null && name.toLowerCase(Locale.ROOT).startsWith("cos") ? " (did you mean 'cos'?)" : "";
        throw new IllegalArgumentException("anneal_strategy must be one of " + accepted + ", got '" + name + "'" + hint);
    }
}
