package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompiledModel;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.data.CsvLoader;
import dev.nabla.runtime.data.CsvOptions;
import dev.nabla.runtime.data.DataException;
import dev.nabla.runtime.data.MissingPolicy;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tables from CSV files, folders of part files and Parquet; bad data named by file, row and column. */
@Timeout(300)
class TableReadingTest {
    @TempDir
    Path dir;

    final CompiledModel model = SparkTests.compile(SparkTests.TABLE_MODEL);

    TableOptions options() {
        return TableOptions.label("y").withCategorical(List.of("colour")).withStandardize(true).withValidation(0.2).withSeed(7)
                .withPartitions(2);
    }

    SparkTable read(Path p, TableOptions o) throws DataException {
        return SparkTable.read(SparkTests.spark(), p.toUri().toString(), o, model.signature());
    }

    double[][] trainOneEpoch(SparkTable t) {
        TrainableModel m = model.newModel(16, 1);
        SparkTraining.of(model).fit(t, m, new TrainOptions(1, 16, true, 1), SparkTraining.Mode.synchronous(), TrainingListener.NONE);
        return SparkTests.params(m);
    }

    /** Part files are read in name order, then in file order: the same examples as the whole file. */
    @Test
    void aFolderOfPartFilesIsTheConcatenationOfItsFilesInNameOrder() throws Exception {
        List<String> lines = SparkTests.table(240, 3);
        Path whole = SparkTests.write(dir.resolve("whole.csv"), lines);
        Path parts = dir.resolve("parts");
        // sizes chosen so that Spark packs the larger file first
        int[][] ranges = {{1, 41}, {41, 201}, {201, 241}};
        for (int i = 0; i < ranges.length; i++) {
            List<String> part = new ArrayList<>();
            part.add(lines.get(0));
            part.addAll(lines.subList(ranges[i][0], ranges[i][1]));
            SparkTests.write(parts.resolve(String.format("part-%05d.csv", i)), part);
        }
        Files.writeString(parts.resolve("_SUCCESS"), "");
        try (SparkTable a = read(whole, options()); SparkTable b = read(parts, options())) {
            assertEquals(a.encoding(), b.encoding());
            assertArrayEquals(a.standardizer().mean(), b.standardizer().mean(), 1e-12);
            assertEquals(a.trainSize(), b.trainSize());
            assertEquals("parts", b.source());
            double[][] wa = trainOneEpoch(a), wb = trainOneEpoch(b);
            for (int p = 0; p < wa.length; p++) assertArrayEquals(wa[p], wb[p], 0.0, "the same rows in the same order");
        }
    }

    /** Parquet columns keep their types: numbers are read as numbers, strings as categories and classes. */
    @Test
    void parquetGivesTheSameExamplesAsCsv() throws Exception {
        Path csv = SparkTests.write(dir.resolve("t.csv"), SparkTests.table(200, 4));
        Path parquet = dir.resolve("t.parquet");
        SparkTests.spark().read().option("header", "true").option("inferSchema", "true").csv(csv.toString())
                .coalesce(1).write().mode(SaveMode.Overwrite).parquet(parquet.toString());
        try (SparkTable a = read(csv, options()); SparkTable b = read(parquet, options())) {
            assertEquals(a.encoding(), b.encoding());
            assertEquals(a.trainSize(), b.trainSize());
            double[][] wa = trainOneEpoch(a), wb = trainOneEpoch(b);
            for (int p = 0; p < wa.length; p++) assertArrayEquals(wa[p], wb[p], 1e-5);
        }
    }

    private List<String> withRow(int dataRow, String row) {
        List<String> lines = SparkTests.table(50, 8);
        lines.set(dataRow, row);
        return lines;
    }

    @Test
    void aMissingValueIsAnErrorNamingFileRowAndColumn() throws Exception {
        Path csv = SparkTests.write(dir.resolve("holes.csv"), withRow(17, "1.0,101.0,,2.0,lo"));
        DataException e = assertThrows(DataException.class, () -> read(csv, options()));
        assertTrue(e.getMessage().startsWith("holes.csv: row 17: column 'colour': missing value (empty field)"), e.getMessage());
        assertTrue(e.getMessage().contains("--on-missing drop"), e.getMessage());
    }

    @Test
    void withDropRowsWithMissingValuesAreLeftOutAndCounted() throws Exception {
        List<String> lines = SparkTests.table(50, 8);
        lines.set(3, "NA,101.0,red,2.0,lo");
        lines.set(9, "1.0,101.0,blue,?,hi");
        lines.set(30, "1.0,101.0,blue,1.5,");
        Path csv = SparkTests.write(dir.resolve("holes.csv"), lines);
        CsvLoader.Result single = CsvLoader.load(csv, CsvOptions.builder().label("y").categorical("colour").classification(true)
                .onMissing(MissingPolicy.DROP).build());
        try (SparkTable t = read(csv, options().withOnMissing(MissingPolicy.DROP))) {
            assertEquals(3, t.dropped());
            assertEquals(single.droppedRows(), t.dropped());
            assertEquals(47, t.trainSize() + t.validationSize());
            assertEquals(single.encoding(), t.encoding());
        }
    }

    @Test
    void textInANumericColumnIsAnErrorNamingFileRowAndColumn() throws Exception {
        Path csv = SparkTests.write(dir.resolve("bad.csv"), withRow(33, "1.0,abc,red,2.0,lo"));
        DataException e = assertThrows(DataException.class, () -> read(csv, options()));
        assertEquals("bad.csv: row 33: column 'b': expected a number, found 'abc'; if this column holds categories, declare it "
                + "categorical", e.getMessage());
    }

    @Test
    void aRowWithTooManyFieldsIsAnError() throws Exception {
        Path csv = SparkTests.write(dir.resolve("wide.csv"), withRow(5, "1.0,101.0,red,2.0,lo,extra"));
        DataException e = assertThrows(DataException.class, () -> read(csv, options()));
        assertTrue(e.getMessage().startsWith("wide.csv: row 5: the row does not have as many fields as the header"), e.getMessage());
    }

    @Test
    void unknownColumnsAndMissingFilesAreNamed() throws Exception {
        Path csv = SparkTests.write(dir.resolve("t.csv"), SparkTests.table(20, 1));
        DataException e = assertThrows(DataException.class, () -> read(csv, options().withCategorical(List.of("color"))));
        assertEquals("t.csv: categorical column 'color' not found; available columns: a, b, colour, c, y", e.getMessage());
        e = assertThrows(DataException.class, () -> read(dir.resolve("nothing.csv"), options()));
        assertEquals("nothing.csv: file or folder not found", e.getMessage());
    }

    @Test
    void aTableThatDoesNotFitTheModelIsRefused() throws Exception {
        Path csv = SparkTests.write(dir.resolve("t.csv"), SparkTests.table(20, 1));
        DataException e = assertThrows(DataException.class, () -> read(csv, options().withCategorical(List.of())));
        assertEquals("t.csv: row 1: column 'colour': expected a number, found 'green'; if this column holds categories, declare "
                + "it categorical", e.getMessage());
        e = assertThrows(DataException.class, () -> read(csv, options().withCategorical(List.of()).withFeatures(List.of("a", "b"))));
        assertEquals("t.csv: has 2 feature columns (a, b), but input 'x' takes 6 values [6]", e.getMessage());
    }
}
