package dev.nabla.runtime.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How CSV columns became a Dataset, kept with a trained model so that new data is encoded the same way
 * ({@link CsvLoader#load(java.nio.file.Path, CsvOptions, Encoding)}).
 *
 * @param featureColumns the CSV columns read as features, in feature order
 * @param categories     for each one-hot encoded column, its categories in encoding order; the column
 *                       {@code c} with categories {@code [a, b]} gives the features {@code c=a}, {@code c=b}
 * @param labelColumn    the target column, or null when there was none
 * @param classNames     the class names in index order for classification; null for regression or no target
 */
public record Encoding(List<String> featureColumns, Map<String, List<String>> categories, String labelColumn,
                       List<String> classNames) {
    private static final String JSON_SOURCE = "encoding JSON";
    private static final int FORMAT_VERSION = 1;

    /**
     * Copies the collections and checks consistency.
     *
     * @throws IllegalArgumentException when names repeat, a categorical column is not a feature, the label is a
     *                                  feature, or class names come without a label column
     */
    public Encoding {
        Objects.requireNonNull(featureColumns, "featureColumns");
        featureColumns = List.copyOf(featureColumns);
        if (featureColumns.isEmpty()) throw new IllegalArgumentException("no feature columns");
        if (new HashSet<>(featureColumns).size() != featureColumns.size())
            throw new IllegalArgumentException("feature columns repeat a name: " + featureColumns);
        Map<String, List<String>> cats = new LinkedHashMap<>();
        if (categories != null) {
            for (String column : featureColumns) {
                List<String> values = categories.get(column);
                if (values == null) continue;
                List<String> copy = List.copyOf(values);
                if (copy.isEmpty()) throw new IllegalArgumentException("categorical column '" + column + "' has no categories");
                if (new HashSet<>(copy).size() != copy.size())
                    throw new IllegalArgumentException("categories of '" + column + "' repeat: " + copy);
                cats.put(column, copy);
            }
            for (String column : categories.keySet()) {
                if (!cats.containsKey(column))
                    throw new IllegalArgumentException("categorical column '" + column + "' is not a feature column");
            }
        }
        categories = Collections.unmodifiableMap(cats);
        if (labelColumn != null && featureColumns.contains(labelColumn))
            throw new IllegalArgumentException("label column '" + labelColumn + "' is also a feature column");
        if (classNames != null) {
            if (labelColumn == null) throw new IllegalArgumentException("class names without a label column");
            classNames = List.copyOf(classNames);
            if (classNames.isEmpty()) throw new IllegalArgumentException("class names: empty list");
            if (new HashSet<>(classNames).size() != classNames.size())
                throw new IllegalArgumentException("class names repeat: " + classNames);
        }
    }

    /** The name of every feature the encoding produces, in order ({@code col=value} for one-hot columns). */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (String column : featureColumns) {
            List<String> values = categories.get(column);
            if (values == null) names.add(column);
            else for (String v : values) names.add(column + "=" + v);
        }
        return names;
    }

    /** The number of features the encoding produces. */
    public int featureCount() {
        int n = 0;
        for (String column : featureColumns) {
            List<String> values = categories.get(column);
            n += values == null ? 1 : values.size();
        }
        return n;
    }

    /** Whether data was read with a label column. */
    public boolean hasLabel() { return labelColumn != null; }

    /** Whether the label was read as classes. */
    public boolean isClassification() { return classNames != null; }

    /** This encoding as a JSON object (fields {@code version}, {@code featureColumns}, {@code categories},
     *  {@code labelColumn}, {@code classNames}; absent fields are null). */
    public String toJson() {
        Dto dto = new Dto();
        dto.version = FORMAT_VERSION;
        dto.featureColumns = featureColumns;
        dto.categories = categories;
        dto.labelColumn = labelColumn;
        dto.classNames = classNames;
        return Json.GSON.toJson(dto);
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @throws DataException (source {@code encoding JSON}) when the text is not such an object
     */
    public static Encoding fromJson(String json) throws DataException {
        Dto dto = Json.read(json, Dto.class, JSON_SOURCE);
        if (dto.version != FORMAT_VERSION)
            throw DataException.of(JSON_SOURCE, "unsupported version " + dto.version + ", expected " + FORMAT_VERSION);
        if (dto.featureColumns == null) throw DataException.of(JSON_SOURCE, "no 'featureColumns'");
        try {
            return new Encoding(dto.featureColumns, dto.categories, dto.labelColumn, dto.classNames);
        } catch (IllegalArgumentException e) {
            throw DataException.of(JSON_SOURCE, "inconsistent encoding: " + e.getMessage());
        } catch (NullPointerException e) {
            throw DataException.of(JSON_SOURCE, "inconsistent encoding: null where a name was expected");
        }
    }

    /** The JSON shape. */
    private static final class Dto {
        int version;
        List<String> featureColumns;
        Map<String, List<String>> categories;
        String labelColumn;
        List<String> classNames;
    }
}
