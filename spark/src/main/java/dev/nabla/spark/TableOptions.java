package dev.nabla.spark;

import dev.nabla.runtime.data.MissingPolicy;
import java.util.List;
import java.util.Objects;

/**
 * How a table becomes training examples: the same column settings as {@code csv(...)} in a train block, and the
 * split.
 *
 * @param label       the label column
 * @param features    the feature columns in order, or null for every column except the label
 * @param categorical columns to one-hot encode (categories in sorted order, numeric when all are numbers)
 * @param standardize whether to standardize every feature with the training split's mean and standard deviation
 * @param onMissing   what to do with a row that has a missing value in a column used
 * @param validation  the fraction of rows held out for validation, in [0, 1)
 * @param seed        the seed of the split (and of the shuffling, in {@link SparkTraining})
 * @param partitions  how many partitions hold the training rows; 0 for Spark's default parallelism
 */
public record TableOptions(String label, List<String> features, List<String> categorical, boolean standardize,
                           MissingPolicy onMissing, double validation, long seed, int partitions) {
    public TableOptions {
        Objects.requireNonNull(label, "label");
        features = features == null ? null : List.copyOf(features);
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        onMissing = onMissing == null ? MissingPolicy.ERROR : onMissing;
        if (features != null && features.isEmpty()) throw new IllegalArgumentException("feature columns: empty list (use null for all)");
        if (!(validation >= 0 && validation < 1)) throw new IllegalArgumentException("validation must be in [0, 1), got " + validation);
        if (partitions < 0) throw new IllegalArgumentException("partitions must not be negative, got " + partitions);
    }

    /** Every column but {@code label} as a feature, nothing categorical or standardized, no validation, seed 42. */
    public static TableOptions label(String label) {
        return new TableOptions(label, null, List.of(), false, MissingPolicy.ERROR, 0, 42, 0);
    }

    public TableOptions withFeatures(List<String> f) { return new TableOptions(label, f, categorical, standardize, onMissing, validation, seed, partitions); }
    public TableOptions withCategorical(List<String> c) { return new TableOptions(label, features, c, standardize, onMissing, validation, seed, partitions); }
    public TableOptions withStandardize(boolean s) { return new TableOptions(label, features, categorical, s, onMissing, validation, seed, partitions); }
    public TableOptions withOnMissing(MissingPolicy m) { return new TableOptions(label, features, categorical, standardize, m, validation, seed, partitions); }
    public TableOptions withValidation(double v) { return new TableOptions(label, features, categorical, standardize, onMissing, v, seed, partitions); }
    public TableOptions withSeed(long s) { return new TableOptions(label, features, categorical, standardize, onMissing, validation, s, partitions); }
    public TableOptions withPartitions(int p) { return new TableOptions(label, features, categorical, standardize, onMissing, validation, seed, p); }
}
