package dev.nabla.runtime.data;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A table of n examples: features ({@code n × d} floats with a name for each of the d columns) and
 * a target that is one of
 * <ul>
 *   <li>class indices ({@link #labels()}, one per example) with the class names they index
 *       ({@link #classNames()}): classification;</li>
 *   <li>real values ({@link #targets()}, {@code n × k}): regression;</li>
 *   <li>absent: data to predict on.</li>
 * </ul>
 *
 * <p>A Dataset is immutable by convention. For speed, the arrays that {@link #features()},
 * {@link #labels()} and {@link #targets()} return are its own storage, not copies: do not modify
 * them. Methods that derive a new Dataset ({@link #select}, {@link #split}) copy the rows.
 */
public final class Dataset {
    /** A training set and a validation set drawn from one Dataset without overlap. */
    public record Split(Dataset train, Dataset validation) {
        /** Checks that both sets are present. */
        public Split {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(validation, "validation");
        }
    }

    private final float[][] features;
    private final String[] featureNames;
    private final int[] labels;            // classification only
    private final List<String> classNames; // classification only, else empty
    private final float[][] targets;       // regression only

    private Dataset(float[][] features, String[] featureNames, int[] labels, List<String> classNames,
                    float[][] targets) {
        this.features = features;
        this.featureNames = featureNames;
        this.labels = labels;
        this.classNames = classNames;
        this.targets = targets;
    }

    /**
     * A classification dataset. {@code labels[i]} is the index in {@code classNames} of example i's
     * class. The arrays are kept, not copied.
     *
     * @throws IllegalArgumentException when the shapes disagree, a label is out of range, or the
     *                                  class names are empty or repeated
     */
    public static Dataset classification(float[][] features, String[] featureNames, int[] labels,
                                         List<String> classNames) {
        checkFeatures(features, featureNames);
        Objects.requireNonNull(labels, "labels");
        List<String> names = List.copyOf(classNames);
        if (names.isEmpty()) throw new IllegalArgumentException("classification needs at least one class name");
        if (new HashSet<>(names).size() != names.size())
            throw new IllegalArgumentException("class names repeat: " + names);
        if (labels.length != features.length)
            throw new IllegalArgumentException(labels.length + " labels for " + features.length + " examples");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= names.size())
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i
                        + " is not an index into " + names.size() + " classes");
        }
        return new Dataset(features, featureNames.clone(), labels, names, null);
    }

    /**
     * A regression dataset: {@code targets} is {@code n × k} with k ≥ 1. The arrays are kept, not copied.
     *
     * @throws IllegalArgumentException when the shapes disagree
     */
    public static Dataset regression(float[][] features, String[] featureNames, float[][] targets) {
        checkFeatures(features, featureNames);
        Objects.requireNonNull(targets, "targets");
        if (targets.length != features.length)
            throw new IllegalArgumentException(targets.length + " target rows for " + features.length + " examples");
        int k = targets.length == 0 ? 1 : targets[0].length;
        if (k < 1) throw new IllegalArgumentException("targets need at least one column");
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == null || targets[i].length != k)
                throw new IllegalArgumentException("target row " + i + " does not have " + k + " values");
        }
        return new Dataset(features, featureNames.clone(), null, List.of(), targets);
    }

    /** A dataset without target: data to predict on. The array is kept, not copied. */
    public static Dataset unlabeled(float[][] features, String[] featureNames) {
        checkFeatures(features, featureNames);
        return new Dataset(features, featureNames.clone(), null, List.of(), null);
    }

    private static void checkFeatures(float[][] features, String[] featureNames) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(featureNames, "featureNames");
        for (int i = 0; i < features.length; i++) {
            if (features[i] == null || features[i].length != featureNames.length)
                throw new IllegalArgumentException("feature row " + i + " does not have "
                        + featureNames.length + " values");
        }
    }

    /** The number of examples n. */
    public int size() { return features.length; }

    /** The number of features d. */
    public int featureCount() { return featureNames.length; }

    /** The features, {@code n × d}: this dataset's own storage, do not modify. */
    public float[][] features() { return features; }

    /** The name of each feature column (a copy). */
    public String[] featureNames() { return featureNames.clone(); }

    /** Whether there is a target (class labels or real values). */
    public boolean hasTarget() { return labels != null || targets != null; }

    /** Whether the target is class labels. */
    public boolean isClassification() { return labels != null; }

    /** Whether the target is real values. */
    public boolean isRegression() { return targets != null; }

    /**
     * The class index of each example: this dataset's own storage, do not modify.
     *
     * @throws IllegalStateException when this is not a classification dataset
     */
    public int[] labels() {
        if (labels == null) throw new IllegalStateException("not a classification dataset: " + this);
        return labels;
    }

    /**
     * The real-valued targets, {@code n × k}: this dataset's own storage, do not modify.
     *
     * @throws IllegalStateException when this is not a regression dataset
     */
    public float[][] targets() {
        if (targets == null) throw new IllegalStateException("not a regression dataset: " + this);
        return targets;
    }

    /** The class names, index → name; empty unless this is a classification dataset. */
    public List<String> classNames() { return classNames; }

    /**
     * The width of the target a model predicts: the number of classes for classification (the
     * width of a one-hot target), k for regression, 0 when there is no target.
     */
    public int targetWidth() {
        if (labels != null) return classNames.size();
        if (targets != null) return targets.length == 0 ? 1 : targets[0].length;
        return 0;
    }

    /**
     * A new dataset of the given rows, in the given order (a row may repeat). Rows are copied.
     *
     * @throws IndexOutOfBoundsException when an index is not in {@code [0, size())}
     */
    public Dataset select(int[] rows) {
        float[][] f = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) f[i] = features[Objects.checkIndex(rows[i], features.length)].clone();
        if (labels != null) {
            int[] l = new int[rows.length];
            for (int i = 0; i < rows.length; i++) l[i] = labels[rows[i]];
            return new Dataset(f, featureNames, l, classNames, null);
        }
        if (targets != null) {
            float[][] t = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) t[i] = targets[rows[i]].clone();
            return new Dataset(f, featureNames, null, classNames, t);
        }
        return new Dataset(f, featureNames, null, classNames, null);
    }

    /**
     * Shuffles the rows with {@code seed} and splits them: the first {@code round(n × fraction)}
     * shuffled rows form the validation set, the rest (still shuffled) the training set. The shuffle
     * is a Fisher–Yates shuffle driven by {@link java.util.Random}, whose algorithm the Java
     * specification fixes, so the same seed gives the same split on every run and platform.
     *
     * @param validationFraction in [0, 1]; 0 gives an empty validation set
     * @throws IllegalArgumentException when the fraction is outside [0, 1]
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= 1))
            throw new IllegalArgumentException("validation fraction must be in [0, 1], got " + validationFraction);
        int n = size();
        int[] order = shuffledIndices(n, seed);
        int validationSize = (int) Math.min(n, Math.round(n * validationFraction));
        return new Split(select(Arrays.copyOfRange(order, validationSize, n)),
                select(Arrays.copyOfRange(order, 0, validationSize)));
    }

    private static int[] shuffledIndices(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The same target with other features (same names, same row count); arrays are kept. */
    Dataset withFeatures(float[][] newFeatures) {
        if (newFeatures.length != features.length)
            throw new IllegalArgumentException(newFeatures.length + " feature rows for " + features.length + " examples");
        checkFeatures(newFeatures, featureNames);
        return new Dataset(newFeatures, featureNames, labels, classNames, targets);
    }

    @Override
    public String toString() {
        String target = labels != null ? "classification into " + classNames.size() + " classes"
                : targets != null ? "regression on " + targetWidth() + " value(s)" : "no target";
        return "Dataset[" + size() + " examples × " + featureCount() + " features, " + target + "]";
    }
}
