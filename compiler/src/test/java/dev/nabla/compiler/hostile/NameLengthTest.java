package dev.nabla.compiler.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.parse.ModelParser;
import org.junit.jupiter.api.Test;

/** Names have at most {@value ModelParser#MAX_NAME_LENGTH} characters; a longer one is an error at the name. */
class NameLengthTest {
    @Test
    void aNameOfTheLimitCompilesAndTrains() {
        String name = "h" + "x".repeat(ModelParser.MAX_NAME_LENGTH - 1);
        String model = Models.withValue("W @ x + b").replace("z = W @ x + b", name + " = W @ x + b\n    z = " + name);
        assertTrue(Double.isFinite(Models.trainsOneStep(model, CompileOptions.defaults())));
    }

    @Test
    void aNameOneCharacterLongerIsAnError() {
        String name = "h".repeat(ModelParser.MAX_NAME_LENGTH + 1);
        Diagnostic d = Models.error(Models.withValue(name));
        assertEquals("this name is 256 characters long; a name has at most 255 characters", d.message());
        assertEquals(6, d.span().line());
        assertEquals(9, d.span().column());
    }

    @Test
    void aNameOf65536CharactersIsAnErrorNotAJaninoFailure() {
        String name = "W".repeat(65_536);
        String model = Models.withValue("W @ x + b").replace("param W[4, 4]", "param " + name + "[4, 4]")
                .replace("z = W @ x", "z = " + name + " @ x");
        NablaException e = assertThrows(NablaException.class, () -> Nabla.compile("m.nabla", model, CompileOptions.defaults()));
        assertEquals(2, e.errors().size(), "the declaration and the use");
        for (Diagnostic d : e.errors()) {
            assertEquals("this name is 65,536 characters long; a name has at most 255 characters", d.message());
        }
        assertEquals(4, e.errors().get(0).span().line());
        assertEquals(6, e.errors().get(1).span().line());
    }

    @Test
    void longModelNamesAreLimitedToo() {
        Diagnostic d = Models.error(Models.withValue("W @ x + b").replace("model M {", "model " + "M".repeat(300) + " {"));
        assertEquals(1, d.span().line());
        assertEquals(7, d.span().column());
    }
}
