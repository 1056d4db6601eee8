package dev.nabla.compiler.check;

import dev.nabla.compiler.diag.Span;
import java.util.Map;

/**
 * The checked {@code train} block of a model: every setting is optional (null when absent); the
 * command line overrides them and the trainer fills in defaults.
 */
public record TrainSettings(DataSource data, Integer batch, Integer epochs, Double lr, OptimizerSpec optimizer,
                            Long seed, Boolean shuffle, Double validation) {

    public static final TrainSettings NONE = new TrainSettings(null, null, null, null, null, null, null, null);

    /** {@code csv("file.csv", label: "species", standardize: true)}; the path as written, relative to the model file. */
    public record DataSource(String format, String path, String label, boolean standardize, Span span) {}

    /** An optimizer by name with its hyper-parameters, e.g. {@code sgd} with {@code lr}. */
    public record OptimizerSpec(String name, Map<String, Double> hyper, Span span) {}
}
