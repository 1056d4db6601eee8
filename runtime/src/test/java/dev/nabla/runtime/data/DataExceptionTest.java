package dev.nabla.runtime.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DataExceptionTest {
    @Test
    void messageHasFileLineAndColumn() {
        DataException e = DataException.at("iris.csv", 12, 3, "column 'sepal_width': expected a number, found 'abc'");
        assertEquals("iris.csv:12:3: column 'sepal_width': expected a number, found 'abc'", e.getMessage());
        assertEquals("iris.csv", e.source());
        assertEquals(12, e.line());
        assertEquals(3, e.column());
        assertEquals("column 'sepal_width': expected a number, found 'abc'", e.detail());
    }

    @Test
    void lineOnlyAndFileOnlyForms() {
        assertEquals("a.csv:4: row has 2 fields, but the header has 3",
                DataException.atLine("a.csv", 4, "row has 2 fields, but the header has 3").getMessage());
        DataException e = DataException.of("a.csv", "file not found");
        assertEquals("a.csv: file not found", e.getMessage());
        assertEquals(0, e.line());
        assertEquals(0, e.column());
    }

    @Test
    void carriesNoStackTrace() {
        DataException e = DataException.of("a.csv", "file not found");
        assertEquals(0, e.getStackTrace().length);
        assertEquals(null, e.getCause());
    }
}
