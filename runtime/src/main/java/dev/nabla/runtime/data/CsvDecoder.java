package dev.nabla.runtime.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns CSV rows into a Dataset following a {@link ColumnPlan}: applies the missing-value policy,
 * parses numeric features, one-hot encodes categorical ones (with categories found in the data or
 * fixed by an encoding) and hands the label to a {@link TargetCollector}.
 */
final class CsvDecoder {
    private final String fileName;
    private final List<String> header;
    private final ColumnPlan plan;
    private final MissingPolicy policy;
    private final TargetCollector target;                    // null: no label
    private final Map<String, List<String>> fixedCategories; // null: categories found in the data
    private final List<Map<String, Integer>> fixedCategoryIndex = new ArrayList<>();
    private final List<Set<String>> seenCategories = new ArrayList<>();
    private final Map<String, String> interned = new HashMap<>();
    private final List<float[]> numericRows = new ArrayList<>();
    private final List<String[]> categoryRows = new ArrayList<>();
    private final int[] usedColumns;                          // header indices checked for missing values, ascending
    private int rowsRead;
    private int dropped;

    CsvDecoder(CsvRows rows, ColumnPlan plan, MissingPolicy policy, TargetCollector target,
               Map<String, List<String>> fixedCategories) {
        this.fileName = rows.fileName();
        this.header = rows.header();
        this.plan = plan;
        this.policy = policy;
        this.target = target;
        this.fixedCategories = fixedCategories;
        for (int f = 0; f < plan.columnCount(); f++) {
            seenCategories.add(plan.categorical()[f] ? new HashSet<>() : null);
            Map<String, Integer> index = null;
            if (plan.categorical()[f] && fixedCategories != null) {
                index = new HashMap<>();
                List<String> values = fixedCategories.get(plan.featureColumns().get(f));
                for (int i = 0; i < values.size(); i++) index.put(values.get(i), i);
            }
            fixedCategoryIndex.add(index);
        }
        this.usedColumns = usedColumns(plan);
    }

    private static int[] usedColumns(ColumnPlan plan) {
        int n = plan.columnCount() + (plan.labelIndex() >= 0 ? 1 : 0);
        int[] used = new int[n];
        System.arraycopy(plan.featureIndex(), 0, used, 0, plan.columnCount());
        if (plan.labelIndex() >= 0) used[n - 1] = plan.labelIndex();
        Arrays.sort(used);
        return used;
    }

    /** Reads one data row, or drops it (policy DROP) when a used column is missing. */
    void accept(CsvRows.Row row) throws DataException {
        rowsRead++;
        for (int c : usedColumns) {
            String raw = row.field(c);
            if (!MissingValues.isMissing(raw)) continue;
            if (policy == MissingPolicy.DROP) {
                dropped++;
                return;
            }
            throw DataException.at(fileName, row.line(), c + 1, "column '" + header.get(c) + "': missing value "
                    + MissingValues.describe(raw) + "; to drop rows with missing values instead, use --on-missing drop (on_missing drop in a train block, MissingPolicy.DROP in Java)");
        }
        float[] numbers = new float[plan.columnCount()];
        String[] categories = plan.anyCategorical() ? new String[plan.columnCount()] : null;
        for (int f = 0; f < plan.columnCount(); f++) {
            int c = plan.featureIndex()[f];
            String raw = row.field(c);
            if (plan.categorical()[f]) {
                categories[f] = category(raw.trim(), f, row.line(), c);
            } else {
                float v = Numbers.parse(raw);
                if (Float.isNaN(v))
                    throw DataException.at(fileName, row.line(), c + 1, "column '" + header.get(c)
                            + "': expected a number, found '" + raw.trim()
                            + "'; if this column holds categories, declare it categorical");
                numbers[f] = v;
            }
        }
        if (target != null) target.accept(row.field(plan.labelIndex()), row.line(), plan.labelIndex() + 1);
        numericRows.add(numbers);
        if (categories != null) categoryRows.add(categories);
    }

    private String category(String value, int f, long line, int c) throws DataException {
        Map<String, Integer> fixed = fixedCategoryIndex.get(f);
        if (fixed != null && !fixed.containsKey(value)) {
            String column = header.get(c);
            throw DataException.at(fileName, line, c + 1, "column '" + column + "': unknown category '" + value
                    + "'; known categories: " + ColumnFinder.list(fixedCategories.get(column)));
        }
        String v = interned.computeIfAbsent(value, k -> k);
        seenCategories.get(f).add(v);
        return v;
    }

    /**
     * The dataset read, with the encoding that reproduces it ({@code given} when not null).
     *
     * @throws DataException when the file had no data rows, or every row was dropped
     */
    CsvLoader.Result finish(Encoding given) throws DataException {
        if (rowsRead == 0) throw DataException.of(fileName, "no data rows after the header");
        if (numericRows.isEmpty())
            throw DataException.of(fileName, "all " + rowsRead + " data row" + (rowsRead == 1 ? "" : "s")
                    + " had missing values and were dropped; no data left");
        Map<String, List<String>> categories = categories();
        List<String> names = new ArrayList<>();
        for (String column : plan.featureColumns()) {
            List<String> values = categories.get(column);
            if (values == null) names.add(column);
            else for (String v : values) names.add(column + "=" + v);
        }
        String[] featureNames = names.toArray(String[]::new);
        float[][] features = plan.anyCategorical() ? expand(categories, featureNames.length) : numericRows.toArray(float[][]::new);
        numericRows.clear();
        categoryRows.clear();
        Dataset dataset = target == null ? Dataset.unlabeled(features, featureNames) : target.build(features, featureNames);
        Encoding encoding = given != null ? given : new Encoding(plan.featureColumns(), categories,
                target == null ? null : target.column(), target == null ? null : target.classNames());
        return new CsvLoader.Result(dataset, dropped, encoding);
    }

    private Map<String, List<String>> categories() {
        Map<String, List<String>> categories = new LinkedHashMap<>();
        for (int f = 0; f < plan.columnCount(); f++) {
            if (!plan.categorical()[f]) continue;
            String column = plan.featureColumns().get(f);
            categories.put(column, fixedCategories != null ? fixedCategories.get(column)
                    : ValueOrder.sorted(seenCategories.get(f)));
        }
        return categories;
    }

    private float[][] expand(Map<String, List<String>> categories, int width) {
        List<Map<String, Integer>> index = new ArrayList<>();
        for (int f = 0; f < plan.columnCount(); f++) {
            List<String> values = categories.get(plan.featureColumns().get(f));
            Map<String, Integer> m = null;
            if (values != null) {
                m = new HashMap<>();
                for (int i = 0; i < values.size(); i++) m.put(values.get(i), i);
            }
            index.add(m);
        }
        float[][] features = new float[numericRows.size()][width];
        for (int r = 0; r < features.length; r++) {
            float[] numbers = numericRows.get(r);
            String[] cats = categoryRows.get(r);
            int out = 0;
            for (int f = 0; f < plan.columnCount(); f++) {
                Map<String, Integer> m = index.get(f);
                if (m == null) {
                    features[r][out++] = numbers[f];
                } else {
                    features[r][out + m.get(cats[f])] = 1f;
                    out += m.size();
                }
            }
        }
        return features;
    }
}
