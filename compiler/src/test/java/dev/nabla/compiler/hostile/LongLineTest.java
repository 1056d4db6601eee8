package dev.nabla.compiler.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.diag.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * A diagnostic quotes its source line, and a line can be megabytes long (a file whose lines end in lone
 * carriage returns is one line; so is a generated expression). The excerpt shows a window of the line
 * around the error, so messages stay short however long the line.
 */
class LongLineTest {
    @Test
    void anErrorOnAMegabyteLineQuotesAWindowOfIt() {
        String model = Models.withValue("W @ x + b").replace("\n", "\r") + " $" + " ".repeat(1 << 20) + "%";
        NablaException e = assertThrows(NablaException.class, () -> Nabla.compile("m.nabla", model, CompileOptions.defaults()));
        assertTrue(e.getMessage().length() < 2000, "message of " + e.getMessage().length() + " characters");
        Diagnostic d = e.errors().get(0);
        String[] lines = d.format().split("\n");
        assertEquals(3, lines.length, d.format());
        int caret = lines[2].indexOf('^');
        assertEquals('$', lines[1].charAt(caret), "the caret is under the character:\n" + d.format());
        assertTrue(lines[1].startsWith("    1 | ...") && lines[1].endsWith("..."), lines[1]);
    }

    @Test
    void theStartOfALongLineIsShownWithoutAnEllipsisInFront() {
        String model = "$" + " ".repeat(500);
        Diagnostic d = Models.error(model);
        String[] lines = d.format().split("\n");
        assertTrue(lines[1].startsWith("    1 | $ "), lines[1]);
        assertTrue(lines[1].endsWith("..."), lines[1]);
        assertEquals("      | ^", lines[2]);
    }
}
