package dev.nabla.runtime.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * How {@link CsvLoader} reads a CSV file. Build one with {@link #builder()}:
 * <pre>{@code
 * CsvOptions options = CsvOptions.builder()
 *         .label("species")
 *         .categorical("island", "sex")
 *         .onMissing(MissingPolicy.DROP)
 *         .build();
 * }</pre>
 *
 * @param labelColumn        the target column; null for data without target (to predict on)
 * @param featureColumns     the feature columns in the order wanted; null for every column except the label, in file order
 * @param categoricalColumns feature columns to one-hot encode: each category becomes a feature {@code col=value},
 *                           categories in sorted order (numeric when all are numbers, otherwise by string)
 * @param classification     null to decide from the data (any non-numeric label → classification, all numeric →
 *                           regression); true or false to force it
 * @param classNames         fixed class names in index order (e.g. those a model was trained with), or null to
 *                           take the distinct labels found, sorted as categories are; a label outside them is an error
 * @param onMissing          what to do with a row that has a missing value ({@link MissingValues}) in a column used
 * @param delimiter          the field separator, ',' by default
 * @param charset            the text encoding of the file, UTF-8 by default; bytes that are not text in it are an
 *                           error at their line and column (see {@link #charsetNamed(String)} for names)
 */
public record CsvOptions(String labelColumn, List<String> featureColumns, List<String> categoricalColumns,
                         Boolean classification, List<String> classNames, MissingPolicy onMissing,
                         char delimiter, Charset charset) {
    /** The options of earlier versions, without a charset: the file is UTF-8. */
    public CsvOptions(String labelColumn, List<String> featureColumns, List<String> categoricalColumns,
                      Boolean classification, List<String> classNames, MissingPolicy onMissing, char delimiter) {
        this(labelColumn, featureColumns, categoricalColumns, classification, classNames, onMissing, delimiter,
                StandardCharsets.UTF_8);
    }

    /**
     * The charset of an encoding name as a train block writes it: {@code utf-8} (also {@code utf8}),
     * {@code latin-1} (also {@code latin1}, {@code iso-8859-1}), {@code windows-1252} (also {@code cp1252}),
     * {@code utf-16}, or any other name or alias Java knows, in any case.
     *
     * @throws IllegalArgumentException naming the encoding when Java does not know it
     */
    public static Charset charsetNamed(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "utf-8", "utf8" -> { return StandardCharsets.UTF_8; }
            case "latin-1", "latin1", "iso-8859-1", "iso8859-1" -> { return StandardCharsets.ISO_8859_1; }
            case "windows-1252", "cp1252" -> { return Charset.forName("windows-1252"); }
            default -> { }
        }
        try {
            return Charset.forName(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown encoding '" + name + "' (for example utf-8, latin-1, windows-1252, "
                    + "utf-16)");
        }
    }

    /** Copies the lists and checks that the options do not contradict each other. */
    public CsvOptions {
        charset = charset == null ? StandardCharsets.UTF_8 : charset;
        featureColumns = featureColumns == null ? null : copyDistinct(featureColumns, "feature columns");
        categoricalColumns = categoricalColumns == null ? List.of() : copyDistinct(categoricalColumns, "categorical columns");
        classNames = classNames == null ? null : copyDistinct(classNames, "class names");
        onMissing = onMissing == null ? MissingPolicy.ERROR : onMissing;
        if (featureColumns != null && featureColumns.isEmpty())
            throw new IllegalArgumentException("feature columns: empty list (use null for every column except the label)");
        if (classNames != null) {
            if (labelColumn == null) throw new IllegalArgumentException("class names given without a label column");
            if (Boolean.FALSE.equals(classification))
                throw new IllegalArgumentException("class names given, but classification is forced off");
            if (classNames.isEmpty()) throw new IllegalArgumentException("class names: empty list");
        }
        if (classification != null && labelColumn == null)
            throw new IllegalArgumentException("classification set without a label column");
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
            throw new IllegalArgumentException("delimiter cannot be a quote or a line break");
    }

    private static List<String> copyDistinct(List<String> names, String what) {
        List<String> copy = List.copyOf(names);
        if (new HashSet<>(copy).size() != copy.size())
            throw new IllegalArgumentException(what + " repeat a name: " + copy);
        return copy;
    }

    /** The defaults: no label (every column a feature), nothing categorical, policy ERROR, delimiter ',', UTF-8. */
    public static CsvOptions defaults() { return builder().build(); }

    /** A builder with the defaults: no label, all columns, nothing categorical, auto, policy ERROR, ',', UTF-8. */
    public static Builder builder() { return new Builder(); }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.labelColumn = labelColumn;
        b.featureColumns = featureColumns;
        b.categoricalColumns = new ArrayList<>(categoricalColumns);
        b.classification = classification;
        b.classNames = classNames;
        b.onMissing = onMissing;
        b.delimiter = delimiter;
        b.charset = charset;
        return b;
    }

    /** Builds {@link CsvOptions}; every setter returns the builder. */
    public static final class Builder {
        private String labelColumn;
        private List<String> featureColumns;
        private List<String> categoricalColumns = new ArrayList<>();
        private Boolean classification;
        private List<String> classNames;
        private MissingPolicy onMissing = MissingPolicy.ERROR;
        private char delimiter = ',';
        private Charset charset = StandardCharsets.UTF_8;

        private Builder() {}

        /** The target column; null for none. */
        public Builder label(String column) { this.labelColumn = column; return this; }

        /** The feature columns, in order; null for every column except the label. */
        public Builder features(List<String> columns) { this.featureColumns = columns; return this; }

        /** The feature columns, in order. */
        public Builder features(String... columns) { return features(Arrays.asList(columns)); }

        /** Adds columns to one-hot encode. */
        public Builder categorical(String... columns) { categoricalColumns.addAll(Arrays.asList(columns)); return this; }

        /** Sets the columns to one-hot encode. */
        public Builder categorical(List<String> columns) { categoricalColumns = new ArrayList<>(columns); return this; }

        /** null: decide from the data; true/false: force classification or regression. */
        public Builder classification(Boolean classification) { this.classification = classification; return this; }

        /** Fixed class names in index order, or null to take them from the data. */
        public Builder classNames(List<String> names) { this.classNames = names; return this; }

        /** The missing-value policy (default {@link MissingPolicy#ERROR}). */
        public Builder onMissing(MissingPolicy policy) { this.onMissing = policy; return this; }

        /** The field separator (default ','). */
        public Builder delimiter(char delimiter) { this.delimiter = delimiter; return this; }

        /** The text encoding of the file (default UTF-8). */
        public Builder charset(Charset charset) { this.charset = charset; return this; }

        /** @throws IllegalArgumentException when the options contradict each other */
        public CsvOptions build() {
            return new CsvOptions(labelColumn, featureColumns, categoricalColumns, classification, classNames,
                    onMissing, delimiter, charset);
        }
    }
}
