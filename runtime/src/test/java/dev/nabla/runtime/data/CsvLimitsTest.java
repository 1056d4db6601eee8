package dev.nabla.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows and fields beyond what the CSV reader takes are errors that say which limit, and where. */
class CsvLimitsTest {
    @TempDir
    Path dir;

    private static String row(int fields, String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields; i++) sb.append(i == 0 ? "" : ",").append(value.isEmpty() ? "c" + i : value);
        return sb.append('\n').toString();
    }

    @Test
    void aHeaderWithMoreThan16384ColumnsSaysSo() throws Exception {
        Path f = Files.writeString(dir.resolve("wide.csv"), row(100_005, "") + row(100_005, "1"));
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(f, CsvOptions.defaults()));
        assertEquals("wide.csv:1: the row has more than 16,384 fields, the most a row may have", e.getMessage());
    }

    @Test
    void aDataRowWithMoreThan16384FieldsSaysWhichRow() throws Exception {
        Path f = Files.writeString(dir.resolve("wide.csv"), "a,b\n1,2\n3,4\n" + row(16_385, "5"));
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(f, CsvOptions.builder().label("b").build()));
        assertEquals("wide.csv:4: the row has more than 16,384 fields, the most a row may have", e.getMessage());
    }

    @Test
    void exactly16384ColumnsAreRead() throws Exception {
        Path f = Files.writeString(dir.resolve("wide.csv"), row(16_384, "") + row(16_384, "1"));
        assertEquals(16_384, CsvLoader.load(f, CsvOptions.defaults()).dataset().featureCount());
    }

    @Test
    void aQuoteThatIsNeverClosedNamesTheFieldLimit() throws Exception {
        StringBuilder sb = new StringBuilder("a,b\n1,2\n3,\"");
        sb.append("x".repeat(17_000_000));
        Path f = Files.write(dir.resolve("q.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(f, CsvOptions.builder().label("b").build()));
        assertEquals("q.csv:3: a field is longer than 16,777,216 characters, the most a field may have (a quote that is "
                + "never closed often causes this)", e.getMessage());
    }
}
