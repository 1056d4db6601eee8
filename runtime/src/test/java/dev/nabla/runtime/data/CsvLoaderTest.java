package dev.nabla.runtime.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.nabla.runtime.data.Fixtures.assertDataError;
import static dev.nabla.runtime.data.Fixtures.path;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvLoaderTest {
    private static CsvOptions label(String column) {
        return CsvOptions.builder().label(column).build();
    }

    // ---- reading what is right ----

    @Test
    void classificationWithClassesInSortedOrder() throws DataException {
        CsvLoader.Result r = CsvLoader.load(path("flowers.csv"), label("species"));
        Dataset d = r.dataset();
        assertEquals(6, d.size());
        assertEquals(3, d.featureCount());
        assertArrayEquals(new String[] {"sepal_length", "sepal_width", "petal_length"}, d.featureNames());
        assertTrue(d.isClassification());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, d.labels());
        assertEquals(3, d.targetWidth());
        assertArrayEquals(new float[] {7.0f, 3.2f, 4.7f}, d.features()[1]);
        assertEquals(0, r.droppedRows());
        assertEquals(new Encoding(List.of("sepal_length", "sepal_width", "petal_length"), null, "species",
                List.of("setosa", "versicolor", "virginica")), r.encoding());
    }

    @Test
    void explicitFeatureColumnsInTheOrderGiven() throws DataException {
        Dataset d = CsvLoader.load(path("flowers.csv"),
                CsvOptions.builder().label("species").features("petal_length", "sepal_length").build()).dataset();
        assertArrayEquals(new String[] {"petal_length", "sepal_length"}, d.featureNames());
        assertArrayEquals(new float[] {1.4f, 5.1f}, d.features()[0]);
    }

    @Test
    void numericLabelsAreRegressionUnlessClassificationIsForced() throws DataException {
        Dataset auto = CsvLoader.load(path("numeric_classes.csv"), label("digit")).dataset();
        assertTrue(auto.isRegression());
        assertEquals(1, auto.targetWidth());
        assertArrayEquals(new float[] {10f}, auto.targets()[0]);

        Dataset forced = CsvLoader.load(path("numeric_classes.csv"),
                CsvOptions.builder().label("digit").classification(true).build()).dataset();
        assertTrue(forced.isClassification());
        assertEquals(List.of("1", "2", "10"), forced.classNames());   // numeric order, not "1", "10", "2"
        assertArrayEquals(new int[] {2, 1, 0, 1}, forced.labels());
    }

    @Test
    void regressionWithOneHotCategories() throws DataException {
        CsvLoader.Result r = CsvLoader.load(path("houses.csv"),
                CsvOptions.builder().label("price").categorical("city").build());
        Dataset d = r.dataset();
        assertTrue(d.isRegression());
        assertArrayEquals(new String[] {"area", "city=Lyon", "city=Nice", "city=Paris", "rooms"}, d.featureNames());
        assertArrayEquals(new float[] {50, 0, 0, 1, 2}, d.features()[0]);
        assertArrayEquals(new float[] {80, 1, 0, 0, 3}, d.features()[1]);
        assertArrayEquals(new float[] {300.5f}, d.targets()[0]);
        assertEquals(List.of("Lyon", "Nice", "Paris"), r.encoding().categories().get("city"));
        assertEquals("price", r.encoding().labelColumn());
        assertFalse(r.encoding().isClassification());
    }

    @Test
    void withoutLabelEveryColumnIsAFeature() throws DataException {
        Dataset d = CsvLoader.load(path("numeric_classes.csv"), CsvOptions.defaults()).dataset();
        assertFalse(d.hasTarget());
        assertEquals(0, d.targetWidth());
        assertArrayEquals(new String[] {"x", "digit"}, d.featureNames());
    }

    @Test
    void otherDelimiterAndQuotedFields() throws DataException {
        Dataset d = CsvLoader.load(path("semicolon.csv"),
                CsvOptions.builder().label("label").features("x").delimiter(';').build()).dataset();
        assertEquals(List.of("no", "yes"), d.classNames());
        assertArrayEquals(new int[] {1, 0}, d.labels());
        assertArrayEquals(new float[] {2f}, d.features()[1]);
    }

    @Test
    void byteOrderMarkAndCrLfLineEnds() throws DataException {
        Dataset d = CsvLoader.load(path("bom_crlf.csv"), label("label")).dataset();
        assertArrayEquals(new String[] {"x"}, d.featureNames());
        assertEquals(List.of("a", "b"), d.classNames());
    }

    @Test
    void dropPolicyReportsDroppedRowsForEveryMissingToken() throws DataException {
        CsvLoader.Result r = CsvLoader.load(path("missing.csv"),
                CsvOptions.builder().label("label").onMissing(MissingPolicy.DROP).build());
        assertEquals(7, r.droppedRows());
        assertEquals(2, r.dataset().size());
        assertArrayEquals(new float[] {1, 2}, r.dataset().features()[0]);
        assertArrayEquals(new float[] {6, 7}, r.dataset().features()[1]);
    }

    @Test
    void missingValuesInColumnsNotReadDoNotMatter() throws DataException {
        CsvLoader.Result r = CsvLoader.load(path("missing.csv"),
                CsvOptions.builder().label("label").features("b").onMissing(MissingPolicy.DROP).build());
        assertEquals(2, r.droppedRows());   // N/A in b (line 4) and ? in label (line 5)
        assertEquals(7, r.dataset().size());
    }

    // ---- encoding new data like the training data ----

    @Test
    void encodingRoundTripEncodesNewDataIdentically() throws DataException {
        CsvLoader.Result train = CsvLoader.load(path("houses.csv"),
                CsvOptions.builder().label("price").categorical("city").build());
        Encoding encoding = Encoding.fromJson(train.encoding().toJson());
        assertEquals(train.encoding(), encoding);

        CsvLoader.Result r = CsvLoader.load(path("houses_new.csv"), CsvOptions.defaults(), encoding);
        Dataset d = r.dataset();
        assertFalse(d.hasTarget());
        assertArrayEquals(train.dataset().featureNames(), d.featureNames());
        assertArrayEquals(new float[] {70, 0, 0, 1, 3}, d.features()[0]);
        assertArrayEquals(new float[] {30, 0, 1, 0, 1}, d.features()[1]);
        assertEquals(encoding, r.encoding());
    }

    @Test
    void evaluationDataKeepsTheTrainedClassIndices() throws DataException {
        Encoding encoding = new Encoding(List.of("sepal_length", "sepal_width", "petal_length"), null, "species",
                List.of("virginica", "setosa", "versicolor"));
        Dataset d = CsvLoader.load(path("flowers.csv"), label("species"), encoding).dataset();
        assertEquals(List.of("virginica", "setosa", "versicolor"), d.classNames());
        assertArrayEquals(new int[] {1, 2, 0, 1, 2, 0}, d.labels());
    }

    @Test
    void encodingAndOptionsMustAgreeOnTheLabel() {
        Encoding encoding = new Encoding(List.of("x"), null, "label", List.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvLoader.load(path("bom_crlf.csv"), label("x"), encoding));
        assertEquals("label column 'x' is not the encoding's label column 'label'", e.getMessage());
    }

    // ---- every error path, exact messages ----

    @Test
    void fileNotFound(@TempDir Path dir) {
        assertDataError("nope.csv: file not found",
                () -> CsvLoader.load(dir.resolve("nope.csv"), label("y")));
    }

    @Test
    void directoryIsNotAFile() {
        assertDataError("data: is a directory, not a CSV file", () -> CsvLoader.load(path(""), label("y")));
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorNotADecoderException(@TempDir Path dir) throws Exception {
        // Not UTF-8: no decoder exception leaks, and the bytes are not replaced in silence (CsvEncodingTest).
        Path f = dir.resolve("latin1.csv");
        Files.write(f, new byte[] {'x', ',', 'y', '\n', '1', ',', (byte) 0xe9, '\n'});
        assertDataError("latin1.csv:2:2: column 'y': the byte 0xE9 is not valid UTF-8 text; save the file as UTF-8, or "
                + "name its encoding in the train block, as in csv(\"latin1.csv\", encoding: \"latin-1\")",
                () -> CsvLoader.load(f, label("y")));
    }

    @Test
    void emptyFile() {
        assertDataError("empty.csv: the file is empty; expected a header line with column names",
                () -> CsvLoader.load(path("empty.csv"), label("label")));
    }

    @Test
    void headerOnly() {
        assertDataError("header_only.csv: no data rows after the header",
                () -> CsvLoader.load(path("header_only.csv"), label("label")));
    }

    @Test
    void duplicateColumnNames() {
        assertDataError("duplicate_header.csv:1:3: duplicate column name 'x' (also column 1)",
                () -> CsvLoader.load(path("duplicate_header.csv"), label("label")));
    }

    @Test
    void unnamedColumn() {
        assertDataError("unnamed_column.csv:1:2: column 2 has no name in the header",
                () -> CsvLoader.load(path("unnamed_column.csv"), CsvOptions.defaults()));
    }

    @Test
    void labelColumnNotFoundSuggestsTheClosestName() {
        assertDataError("flowers.csv:1: label column 'specis' not found; did you mean 'species'? "
                        + "Available columns: sepal_length, sepal_width, petal_length, species",
                () -> CsvLoader.load(path("flowers.csv"), label("specis")));
    }

    @Test
    void featureColumnNotFound() {
        assertDataError("flowers.csv:1: feature column 'Petal_Len' not found; did you mean 'petal_length'? "
                        + "Available columns: sepal_length, sepal_width, petal_length, species",
                () -> CsvLoader.load(path("flowers.csv"),
                        CsvOptions.builder().label("species").features("sepal_length", "Petal_Len").build()));
        assertDataError("flowers.csv:1: feature column 'weight' not found; "
                        + "available columns: sepal_length, sepal_width, petal_length, species",
                () -> CsvLoader.load(path("flowers.csv"), CsvOptions.builder().features("weight").build()));
    }

    @Test
    void categoricalColumnNotFound() {
        assertDataError("houses.csv:1: categorical column 'town' not found; available columns: area, city, rooms, price",
                () -> CsvLoader.load(path("houses.csv"), CsvOptions.builder().label("price").categorical("town").build()));
    }

    @Test
    void labelCannotAlsoBeAFeature() {
        assertDataError("flowers.csv:1:4: column 'species' is the label; it cannot also be a feature",
                () -> CsvLoader.load(path("flowers.csv"),
                        CsvOptions.builder().label("species").features("sepal_length", "species").build()));
        assertDataError("flowers.csv:1:4: column 'species' is the label; it cannot also be a categorical feature "
                        + "(class labels need no declaring)",
                () -> CsvLoader.load(path("flowers.csv"),
                        CsvOptions.builder().label("species").categorical("species").build()));
    }

    @Test
    void categoricalColumnMustBeAFeature() {
        assertDataError("houses.csv:1:2: categorical column 'city' is not one of the feature columns: area, rooms",
                () -> CsvLoader.load(path("houses.csv"),
                        CsvOptions.builder().label("price").features("area", "rooms").categorical("city").build()));
    }

    @Test
    void onlyTheLabelLeavesNoFeature(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("only_label.csv");
        Files.writeString(f, "y\n1\n");
        assertDataError("only_label.csv:1: no feature columns: the only column is the label 'y'",
                () -> CsvLoader.load(f, label("y")));
    }

    @Test
    void wrongNumberOfFields() {
        assertDataError("wrong_field_count.csv:3: row has 2 fields, but the header has 3",
                () -> CsvLoader.load(path("wrong_field_count.csv"), label("label")));
    }

    @Test
    void nonNumericValueSuggestsCategorical() {
        assertDataError("non_numeric.csv:3:2: column 'sepal_width': expected a number, found 'abc'; "
                        + "if this column holds categories, declare it categorical",
                () -> CsvLoader.load(path("non_numeric.csv"), label("species")));
    }

    @Test
    void lineNumbersCountQuotedLineBreaksAndBlankLines() {
        assertDataError("multiline.csv:5:2: column 'x': expected a number, found 'oops'; "
                        + "if this column holds categories, declare it categorical",
                () -> CsvLoader.load(path("multiline.csv"), CsvOptions.builder().label("label").features("x").build()));
    }

    @Test
    void forcedRegressionNeedsNumericLabels() {
        assertDataError("flowers.csv:2:4: column 'species': expected a number for a regression target, "
                        + "found 'setosa'; to predict classes, read the label as classification",
                () -> CsvLoader.load(path("flowers.csv"), CsvOptions.builder().label("species").classification(false).build()));
    }

    @Test
    void missingValueUnderPolicyError() {
        assertDataError("missing.csv:3:1: column 'a': missing value 'NA'; "
                        + "to drop rows with missing values instead, use --on-missing drop (on_missing drop in a train block, MissingPolicy.DROP in Java)",
                () -> CsvLoader.load(path("missing.csv"), label("label")));
        assertDataError("blank_value.csv:2:2: column 'b': missing value (empty field); "
                        + "to drop rows with missing values instead, use --on-missing drop (on_missing drop in a train block, MissingPolicy.DROP in Java)",
                () -> CsvLoader.load(path("blank_value.csv"), label("label")));
    }

    @Test
    void everyRowDropped() {
        assertDataError("all_missing.csv: all 2 data rows had missing values and were dropped; no data left",
                () -> CsvLoader.load(path("all_missing.csv"),
                        CsvOptions.builder().label("label").onMissing(MissingPolicy.DROP).build()));
    }

    @Test
    void labelNotInFixedClassNames() {
        assertDataError("flowers.csv:4:4: column 'species': unknown class 'virginica'; known classes: setosa, versicolor",
                () -> CsvLoader.load(path("flowers.csv"),
                        CsvOptions.builder().label("species").classNames(List.of("setosa", "versicolor")).build()));
    }

    @Test
    void labelNotInTheEncodingsClassNames() throws DataException {
        Encoding encoding = CsvLoader.load(path("flowers.csv"), label("species")).encoding();
        assertDataError("flowers_unknown_class.csv:4:1: column 'species': unknown class 'rosa'; "
                        + "known classes: setosa, versicolor, virginica",
                () -> CsvLoader.load(path("flowers_unknown_class.csv"), label("species"), encoding));
    }

    @Test
    void unseenCategoryInNewData() throws DataException {
        Encoding encoding = CsvLoader.load(path("houses.csv"),
                CsvOptions.builder().label("price").categorical("city").build()).encoding();
        assertDataError("houses_unseen_city.csv:3:2: column 'city': unknown category 'Berlin'; "
                        + "known categories: Lyon, Nice, Paris",
                () -> CsvLoader.load(path("houses_unseen_city.csv"), label("price"), encoding));
    }

    @Test
    void newDataLackingAFeatureColumn() throws DataException {
        Encoding encoding = CsvLoader.load(path("houses.csv"),
                CsvOptions.builder().label("price").categorical("city").build()).encoding();
        assertDataError("flowers.csv:1: feature column 'area' not found; "
                        + "available columns: sepal_length, sepal_width, petal_length, species",
                () -> CsvLoader.load(path("flowers.csv"), CsvOptions.defaults(), encoding));
    }
}
