package dev.nabla.runtime.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small rules the CSV loader relies on: numbers, missing values, sort order, name suggestions. */
class ParsingRulesTest {
    @Test
    void numbersAreStrictDecimals() {
        assertEquals(1000f, Numbers.parse("1e3"));
        assertEquals(2f, Numbers.parse("  2 "));
        assertEquals(-0.5f, Numbers.parse("-.5"));
        assertEquals(5f, Numbers.parse("+5."));
        for (String bad : List.of("1f", "2d", "0x10", "0x1p3", "Infinity", "-Infinity", "abc", "1,5", "1e400", "", "1 2")) {
            assertTrue(Float.isNaN(Numbers.parse(bad)), bad);
        }
    }

    @Test
    void missingTokens() {
        for (String token : List.of("", " ", "NA", "N/A", "NaN", "nan", " null ", "?")) {
            assertTrue(MissingValues.isMissing(token), token);
        }
        for (String value : List.of("na", "NULL", "0", "none", "-")) assertFalse(MissingValues.isMissing(value), value);
        assertEquals("(empty field)", MissingValues.describe("  "));
        assertEquals("'NA'", MissingValues.describe(" NA"));
    }

    @Test
    void sortOrder() {
        assertEquals(List.of("1", "2", "10", "10.5"), ValueOrder.sorted(List.of("10", "2", "10.5", "1")));
        assertEquals(List.of("10", "2", "B", "a"), ValueOrder.sorted(List.of("a", "B", "2", "10")));
    }

    @Test
    void closestName() {
        List<String> columns = List.of("sepal_length", "sepal_width", "species");
        assertEquals("species", ColumnFinder.closest("Species", columns));
        assertEquals("sepal_width", ColumnFinder.closest("sepal_widht", columns));
        assertNull(ColumnFinder.closest("weight", columns));
        assertEquals(3, ColumnFinder.editDistance("kitten", "sitting"));
    }

    @Test
    void longColumnListsAreCut() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) many.add("c" + i);
        assertEquals("c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, ... (25 in all)",
                ColumnFinder.list(many));
    }
}
