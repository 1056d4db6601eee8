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

    /** An optimizer by name with its hyper-parameters, e.g. {@code sgd} with {@code lr}. */
    public record OptimizerSpec(String name, Map<String, Double> hyper, Span span) {}

    /** A learning-rate schedule, stepped after every epoch or (with {@code per_step: true}) after every step. */
    public record Schedule(ScheduleSpec spec, boolean perStep, Span span) {}

    /** {@code early_stop(patience: 20, monitor: "val_loss", min_delta: 0, restore_best: true)}. */
    public record EarlyStop(int patience, String monitor, double minDelta, boolean restoreBest, Span span) {}
}
