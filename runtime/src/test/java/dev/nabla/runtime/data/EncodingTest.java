package dev.nabla.runtime.data;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.nabla.runtime.data.Fixtures.assertDataError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncodingTest {
    private static Encoding penguinsLike() {
        Map<String, List<String>> categories = new LinkedHashMap<>();
        categories.put("sex", List.of("FEMALE", "MALE"));
        categories.put("island", List.of("Biscoe", "Dream"));
        return new Encoding(List.of("island", "bill_length_mm", "sex"), categories, "species",
                List.of("Adelie", "Gentoo"));
    }

    @Test
    void featureNamesExpandCategoriesInFeatureOrder() {
        Encoding e = penguinsLike();
        assertEquals(List.of("island=Biscoe", "island=Dream", "bill_length_mm", "sex=FEMALE", "sex=MALE"), e.featureNames());
        assertEquals(5, e.featureCount());
        assertEquals(List.of("island", "sex"), List.copyOf(e.categories().keySet()));
        assertTrue(e.isClassification());
    }

    @Test
    void jsonIsReadableAndRoundTrips() throws DataException {
        Encoding e = penguinsLike();
        assertEquals("{\"version\":1,\"featureColumns\":[\"island\",\"bill_length_mm\",\"sex\"],"
                + "\"categories\":{\"island\":[\"Biscoe\",\"Dream\"],\"sex\":[\"FEMALE\",\"MALE\"]},"
                + "\"labelColumn\":\"species\",\"classNames\":[\"Adelie\",\"Gentoo\"]}", e.toJson());
        assertEquals(e, Encoding.fromJson(e.toJson()));
        Encoding regression = new Encoding(List.of("a=b", "<c>"), Map.of(), "y", null);
        assertEquals(regression, Encoding.fromJson(regression.toJson()));
        Encoding unlabeled = new Encoding(List.of("x"), null, null, null);
        assertEquals(unlabeled, Encoding.fromJson(unlabeled.toJson()));
    }

    @Test
    void badJson() {
        assertDataError("encoding JSON: empty text, expected a JSON object", () -> Encoding.fromJson(""));
        assertDataError("encoding JSON: no 'featureColumns'", () -> Encoding.fromJson("{\"version\":1}"));
        assertDataError("encoding JSON: unsupported version 0, expected 1",
                () -> Encoding.fromJson("{\"featureColumns\":[\"x\"]}"));
        assertDataError("encoding JSON: inconsistent encoding: categorical column 'z' is not a feature column",
                () -> Encoding.fromJson("{\"version\":1,\"featureColumns\":[\"x\"],\"categories\":{\"z\":[\"a\"]}}"));
        assertDataError("encoding JSON: inconsistent encoding: null where a name was expected",
                () -> Encoding.fromJson("{\"version\":1,\"featureColumns\":[null]}"));
        DataException e = assertThrows(DataException.class, () -> Encoding.fromJson("[1, 2]"));
        assertTrue(e.getMessage().startsWith("encoding JSON: not valid JSON for this object ("), e.getMessage());
    }

    @Test
    void constructorChecksConsistency() {
        assertThrows(IllegalArgumentException.class, () -> new Encoding(List.of(), null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Encoding(List.of("x"), null, "x", null));
        assertThrows(IllegalArgumentException.class, () -> new Encoding(List.of("x"), null, null, List.of("a")));
        assertThrows(IllegalArgumentException.class,
                () -> new Encoding(List.of("x"), Map.of("x", List.of()), null, null));
    }
}
