package dev.nabla.runtime.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads the label column row by row, then turns what it read into the Dataset's target: class
 * indices (fixed class names, or the distinct labels sorted by {@link ValueOrder}) or real values.
 */
final class TargetCollector {
    private enum Mode { AUTO, CLASSES, REGRESSION, FIXED_CLASSES }

    private final String fileName;
    private final String column;
    private final Mode mode;
    private final List<String> fixedClasses;
    private final Map<String, Integer> fixedIndex = new HashMap<>();

    private final List<String> texts = new ArrayList<>();        // AUTO, CLASSES
    private final Map<String, String> interned = new HashMap<>();
    private int[] indices = new int[16];                          // FIXED_CLASSES
    private float[] values = new float[16];                       // AUTO, REGRESSION
    private int count;
    private boolean allNumeric = true;
    private List<String> classNames;                              // set by build

    private TargetCollector(String fileName, String column, Mode mode, List<String> fixedClasses) {
        this.fileName = fileName;
        this.column = column;
        this.mode = mode;
        this.fixedClasses = fixedClasses;
        if (fixedClasses != null) for (int i = 0; i < fixedClasses.size(); i++) fixedIndex.put(fixedClasses.get(i), i);
    }

    /** As {@code options} asks: fixed classes, forced classification or regression, or auto. */
    static TargetCollector forOptions(String fileName, String column, CsvOptions options) {
        Mode mode = options.classNames() != null ? Mode.FIXED_CLASSES
                : options.classification() == null ? Mode.AUTO
                : options.classification() ? Mode.CLASSES : Mode.REGRESSION;
        return new TargetCollector(fileName, column, mode, options.classNames());
    }

    /** As a trained model's encoding says: its class names, or regression. */
    static TargetCollector forEncoding(String fileName, Encoding encoding) {
        Mode mode = encoding.isClassification() ? Mode.FIXED_CLASSES : Mode.REGRESSION;
        return new TargetCollector(fileName, encoding.labelColumn(), mode, encoding.classNames());
    }

    /** Reads one (non-missing) label found at {@code line}, {@code col} (1-based). */
    void accept(String raw, long line, int col) throws DataException {
        String label = raw.trim();
        switch (mode) {
            case FIXED_CLASSES -> {
                Integer i = fixedIndex.get(label);
                if (i == null)
                    throw DataException.at(fileName, line, col, "column '" + column + "': unknown class '" + label
                            + "'; known classes: " + ColumnFinder.list(fixedClasses));
                if (count == indices.length) indices = Arrays.copyOf(indices, count * 2);
                indices[count] = i;
            }
            case REGRESSION -> {
                float v = Numbers.parse(label);
                if (Float.isNaN(v))
                    throw DataException.at(fileName, line, col, "column '" + column
                            + "': expected a number for a regression target, found '" + label
                            + "'; to predict classes, read the label as classification");
                storeValue(v);
            }
            case CLASSES -> texts.add(interned.computeIfAbsent(label, k -> k));
            case AUTO -> {
                texts.add(interned.computeIfAbsent(label, k -> k));
                float v = allNumeric ? Numbers.parse(label) : Float.NaN;
                if (Float.isNaN(v)) allNumeric = false;
                storeValue(v);
            }
        }
        count++;
    }

    private void storeValue(float v) {
        if (count == values.length) values = Arrays.copyOf(values, count * 2);
        values[count] = v;
    }

    /** The dataset with these features and the labels read (one per row, in order). */
    Dataset build(float[][] features, String[] featureNames) {
        if (features.length != count) throw new IllegalStateException(count + " labels for " + features.length + " rows");
        boolean regression = mode == Mode.REGRESSION || (mode == Mode.AUTO && allNumeric);
        if (regression) {
            float[][] targets = new float[count][];
            for (int i = 0; i < count; i++) targets[i] = new float[] {values[i]};
            classNames = null;
            return Dataset.regression(features, featureNames, targets);
        }
        if (mode == Mode.FIXED_CLASSES) {
            classNames = fixedClasses;
            return Dataset.classification(features, featureNames, Arrays.copyOf(indices, count), classNames);
        }
        classNames = ValueOrder.sorted(new LinkedHashSet<>(texts));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) index.put(classNames.get(i), i);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = index.get(texts.get(i));
        return Dataset.classification(features, featureNames, labels, classNames);
    }

    /** After {@link #build}: the class names, or null for regression. */
    List<String> classNames() { return classNames; }

    /** The label column's name. */
    String column() { return column; }
}
