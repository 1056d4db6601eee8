package dev.nabla.runtime.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads a CSV file (with a header line) into a {@link Dataset}, using FastCSV.
 *
 * <ul>
 *   <li>Values are trimmed of surrounding white space. Missing values are those of
 *       {@link MissingValues}: empty field, {@code NA}, {@code N/A}, {@code NaN}, {@code nan},
 *       {@code null}, {@code ?}. Only the columns read (features and label) are checked; a row with a
 *       missing value is an error under {@link MissingPolicy#ERROR} and is left out (and counted)
 *       under {@link MissingPolicy#DROP}.</li>
 *   <li>Numeric feature columns must hold plain decimal numbers.</li>
 *   <li>Categorical columns are one-hot encoded: one feature {@code col=value} per category, in sorted
 *       order (numeric order when every category is a number, otherwise {@link String#compareTo}).</li>
 *   <li>Class names are mapped to indices in the same sorted order (so {@code setosa, versicolor,
 *       virginica} become 0, 1, 2 and the labels {@code 2, 10} become 0, 1), unless fixed class names
 *       are given, whose list order is kept.</li>
 * </ul>
 * The file is text in the options' charset (UTF-8 unless set): bytes that are not text in it are an error at
 * their line and column, never replaced. A byte-order mark at the start is skipped.
 * Every problem is a {@link DataException} in the form {@code FILE:LINE:COLUMN: message}.
 */
public final class CsvLoader {
    /**
     * What a load produced.
     *
     * @param dataset     the examples read
     * @param droppedRows how many data rows were left out for missing values (policy DROP); 0 otherwise
     * @param encoding    how columns were encoded: save it with a trained model to read new data the same way
     */
    public record Result(Dataset dataset, int droppedRows, Encoding encoding) {
        /** Checks that dataset and encoding are present. */
        public Result {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(encoding, "encoding");
        }
    }

    private CsvLoader() {}

    /**
     * Reads {@code file} as {@code options} say, finding categories and class names in the data
     * (unless class names are fixed by the options).
     */
    public static Result load(Path file, CsvOptions options) throws DataException {
        try (CsvRows rows = CsvRows.open(file, options.delimiter(), options.charset())) {
            ColumnPlan plan = ColumnPlan.fromOptions(rows, options);
            TargetCollector target = plan.labelColumn() == null ? null
                    : TargetCollector.forOptions(rows.fileName(), plan.labelColumn(), options);
            return decode(rows, new CsvDecoder(rows, plan, options.onMissing(), target, null), null);
        }
    }

    /**
     * Reads new data (evaluation or prediction data) encoded as a trained model's data was: the
     * encoding fixes the feature columns, the categories (an unseen category is an error) and the
     * class names (an unknown label is an error) or regression. From {@code options} only these are
     * used: {@code labelColumn} (null: do not read a target, for data to predict on; otherwise it must
     * be the encoding's label column), {@code onMissing}, {@code delimiter} and {@code charset}. Columns the encoding
     * does not use are ignored. The result's encoding is {@code encoding}.
     *
     * @throws IllegalArgumentException when {@code options} name another label column than the encoding
     */
    public static Result load(Path file, CsvOptions options, Encoding encoding) throws DataException {
        boolean readLabel = options.labelColumn() != null;
        if (readLabel && !options.labelColumn().equals(encoding.labelColumn()))
            throw new IllegalArgumentException("label column '" + options.labelColumn()
                    + "' is not the encoding's label column " + (encoding.labelColumn() == null ? "(none)"
                    : "'" + encoding.labelColumn() + "'"));
        try (CsvRows rows = CsvRows.open(file, options.delimiter(), options.charset())) {
            ColumnPlan plan = ColumnPlan.fromEncoding(rows, encoding, readLabel);
            TargetCollector target = readLabel ? TargetCollector.forEncoding(rows.fileName(), encoding) : null;
            return decode(rows, new CsvDecoder(rows, plan, options.onMissing(), target, encoding.categories()), encoding);
        }
    }

    private static Result decode(CsvRows rows, CsvDecoder decoder, Encoding given) throws DataException {
        for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) decoder.accept(row);
        return decoder.finish(given);
    }
}
