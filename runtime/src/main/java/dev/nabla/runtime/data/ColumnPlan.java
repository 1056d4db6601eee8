package dev.nabla.runtime.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Which CSV columns are read, and how: the feature columns in feature order (each numeric or
 * categorical) and the label column, resolved against a file's header.
 *
 * @param featureColumns names of the feature columns, in feature order
 * @param featureIndex   0-based header index of each feature column
 * @param categorical    whether each feature column is one-hot encoded
 * @param labelColumn    the label column, or null
 * @param labelIndex     its header index, or -1
 */
record ColumnPlan(List<String> featureColumns, int[] featureIndex, boolean[] categorical, String labelColumn,
                  int labelIndex) {

    /** The plan that {@code options} asks for. */
    static ColumnPlan fromOptions(CsvRows rows, CsvOptions options) throws DataException {
        ColumnFinder finder = finder(rows);
        List<String> header = rows.header();
        String label = options.labelColumn();
        int labelIndex = label == null ? -1 : finder.find(label, "label column");
        List<String> features = new ArrayList<>();
        if (options.featureColumns() == null) {
            for (String c : header) if (!c.equals(label)) features.add(c);
            if (features.isEmpty())
                throw DataException.atLine(rows.fileName(), rows.headerLine(),
                        "no feature columns: the only column is the label '" + label + "'");
        } else {
            for (String c : options.featureColumns()) {
                int i = finder.find(c, "feature column");
                if (c.equals(label))
                    throw DataException.at(rows.fileName(), rows.headerLine(), i + 1,
                            "column '" + c + "' is the label; it cannot also be a feature");
                features.add(c);
            }
        }
        for (String c : options.categoricalColumns()) {
            int i = finder.find(c, "categorical column");
            if (c.equals(label))
                throw DataException.at(rows.fileName(), rows.headerLine(), i + 1, "column '" + c
                        + "' is the label; it cannot also be a categorical feature (class labels need no declaring)");
            if (!features.contains(c))
                throw DataException.at(rows.fileName(), rows.headerLine(), i + 1, "categorical column '" + c
                        + "' is not one of the feature columns: " + ColumnFinder.list(features));
        }
        return resolve(rows, features, options.categoricalColumns(), label, labelIndex);
    }

    /** The plan an encoding fixes; the label is read only when {@code readLabel}. */
    static ColumnPlan fromEncoding(CsvRows rows, Encoding encoding, boolean readLabel) throws DataException {
        String label = readLabel ? encoding.labelColumn() : null;
        int labelIndex = label == null ? -1 : finder(rows).find(label, "label column");
        return resolve(rows, encoding.featureColumns(), List.copyOf(encoding.categories().keySet()), label, labelIndex);
    }

    private static ColumnPlan resolve(CsvRows rows, List<String> features, List<String> categoricalColumns,
                                      String label, int labelIndex) throws DataException {
        ColumnFinder finder = finder(rows);
        int[] index = new int[features.size()];
        boolean[] categorical = new boolean[features.size()];
        for (int f = 0; f < index.length; f++) {
            index[f] = finder.find(features.get(f), "feature column");
            categorical[f] = categoricalColumns.contains(features.get(f));
        }
        return new ColumnPlan(List.copyOf(features), index, categorical, label, labelIndex);
    }

    private static ColumnFinder finder(CsvRows rows) {
        return new ColumnFinder(rows.fileName(), rows.headerLine(), rows.header());
    }

    /** The number of feature columns (before one-hot expansion). */
    int columnCount() { return featureIndex.length; }

    /** Whether any feature column is categorical. */
    boolean anyCategorical() {
        for (boolean c : categorical) if (c) return true;
        return false;
    }
}
