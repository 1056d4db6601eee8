package dev.nabla.compiler.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.NablaException;
import org.junit.jupiter.api.Test;

/** What the fuzzer found, each kept as a regression test of its fix with a reproducer of the same kind. */
class FuzzFindingsTest {
    /**
     * Found as an OutOfMemoryError in Nabla.compile: a 70,000-character name used many times in a file whose
     * lines end in lone carriage returns, so that the whole file is one line for diagnostics; each of the
     * 25 errors quoted that line of tens of megabytes, twice. Excerpts now show a window of the line.
     */
    @Test
    void manyErrorsOnAVeryLongLineDoNotQuoteItWhole() {
        String name = "n".repeat(70_000);
        StringBuilder model = new StringBuilder("model M {\r    input x[4]\r    target y[4]\r    param " + name + "[4]\r");
        for (int i = 0; i < 400; i++) model.append("    v").append(i).append(" = x * ").append(name).append("\r");
        model.append("    loss mse(x, y)\r}\r");
        NablaException e = assertThrows(NablaException.class,
                () -> Nabla.compile("fuzz.nabla", model.toString(), CompileOptions.defaults()));
        assertEquals(25, e.errors().size(), "as many errors as are reported");
        assertTrue(e.getMessage().length() < 25 * 600, "message of " + e.getMessage().length() + " characters");
        assertTrue(e.errors().get(0).message().startsWith("this name is 70,000 characters long"));
    }
}
