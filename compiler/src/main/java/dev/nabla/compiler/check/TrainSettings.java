package dev.nabla.compiler.check;

import dev.nabla.compiler.diag.Span;
import dev.nabla.runtime.schedule.ScheduleSpec;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The checked {@code train} block of a model. Every setting is optional (null when absent); the command
 * line overrides them and the trainer fills in defaults.
 */
public record TrainSettings(DataSource data, Integer batch, Integer epochs, Double lr, OptimizerSpec optimizer,
                            Long seed, Boolean shuffle, Double validation, Schedule schedule, EarlyStop earlyStop,
                            Double clipNorm, Double clipValue, String onMissing, Integer threads) {

    public static final TrainSettings NONE = new TrainSettings(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    /** Where the training data comes from; paths as written, relative to the model file. */
    public sealed interface DataSource {
        Span span();
    }

    /**
     * {@code csv("file.csv", label: "species", features: "a,b", categorical: "island", standardize: true,
     * encoding: "latin-1")}; {@code charset} is the file's text encoding (UTF-8 when not given).
     */
    public record Csv(String path, String label, List<String> features, List<String> categorical, boolean standardize,
                      Charset charset, Span span) implements DataSource {
        /** Null stands for UTF-8. */
        public Csv {
            charset = charset == null ? StandardCharsets.UTF_8 : charset;
        }

        /** A UTF-8 file. */
        public Csv(String path, String label, List<String> features, List<String> categorical, boolean standardize,
                   Span span) {
            this(path, label, features, categorical, standardize, StandardCharsets.UTF_8, span);
        }
    }

    /** {@code idx(images: "train-images.gz", labels: "train-labels.gz")}: the MNIST format. */
    public record Idx(String images, String labels, Span span) implements DataSource {}

    /**
     * An optimizer with the hyper-parameters a train block gives ({@code adam(lr: 0.01)}); the others take
     * the kind's defaults. {@code span} is null for one made in code.
     */
    public record OptimizerSpec(OptimizerKind kind, Map<String, Double> numbers, Map<String, Boolean> flags, Span span) {
        public OptimizerSpec {
            java.util.Objects.requireNonNull(kind, "kind");
            numbers = Map.copyOf(numbers);
            flags = Map.copyOf(flags);
        }

        /** The optimizer with every default. */
        public static OptimizerSpec of(OptimizerKind kind) { return new OptimizerSpec(kind, Map.of(), Map.of(), null); }

        /** A numeric hyper-parameter: given, else the default. */
        public double number(String name) {
            Double d = kind.numberDefaults().get(name);
            if (d == null) throw new IllegalArgumentException(kind.keyword() + " has no hyper-parameter " + name);
            return numbers.getOrDefault(name, d);
        }

        /** An on/off hyper-parameter: given, else the default. */
        public boolean flag(String name) {
            Boolean b = kind.flagDefaults().get(name);
            if (b == null) throw new IllegalArgumentException(kind.keyword() + " has no flag " + name);
            return flags.getOrDefault(name, b);
        }

        /** The same optimizer with the learning rate set (when the spec does not give one). */
        public OptimizerSpec withDefaultLr(Double lr) {
            if (lr == null || numbers.containsKey("lr")) return this;
            Map<String, Double> n = new java.util.HashMap<>(numbers);
            n.put("lr", lr);
            return new OptimizerSpec(kind, n, flags, span);
        }
    }

    /** A learning-rate schedule, stepped after every epoch or (with {@code per_step: true}) after every step. */
    public record Schedule(ScheduleSpec spec, boolean perStep, Span span) {}

    /** {@code early_stop(patience: 20, monitor: "val_loss", min_delta: 0, restore_best: true)}. */
    public record EarlyStop(int patience, String monitor, double minDelta, boolean restoreBest, Span span) {}
}
