package dev.nabla.compiler.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.Nabla;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a model file may write never becomes code: names are identifiers by the grammar and are renamed when
 * they clash with Java; the file name and model lines reach the generated source only inside comments,
 * without backslashes (Java reads {@code \u000a} as a line break even in a comment) and without a comment
 * end; strings of the train block do not reach it at all. Each attempt below compiles to a class that
 * contains the payload only inside comments, or not at all.
 */
class CodeInjectionTest {
    private static final String PAYLOAD = "Runtime.getRuntime().halt(3);";

    @Test
    void aFileNameCannotEndTheCommentItAppearsIn() {
        for (String name : List.of("x*/ " + PAYLOAD + " /*.nabla", "x\\u002a/ " + PAYLOAD + " /*.nabla",
                "x\\u000a" + PAYLOAD + ".nabla", "x\n" + PAYLOAD + "\n.nabla", "x\r" + PAYLOAD + ".nabla")) {
            CompiledModel m = Nabla.compile(name, Models.withValue("W @ x + b"), CompileOptions.defaults());
            assertOnlyInComments(m.javaSource());
            assertTrue(Double.isFinite(Models.trainsOneStep(Models.withValue("W @ x + b"), CompileOptions.defaults())));
        }
    }

    @Test
    void modelLinesWithCommentsCannotEndTheCommentsTheyAppearIn() {
        String model = Models.withValue("W @ x + b  # */ " + PAYLOAD + " /* \\u000a " + PAYLOAD)
                .replace("param b[4]", "param b[4] # \\u002a/ " + PAYLOAD);
        CompiledModel m = Nabla.compile("m.nabla", model, CompileOptions.defaults());
        assertOnlyInComments(m.javaSource());
    }

    @Test
    void namesThatAreJavaWordsAreRenamed() {
        String model = "model System {\n    input class[2]\n    target int[1]\n    param Runtime[1, 2]\n"
                + "    param halt[1]\n    return = Runtime @ class + halt\n    output String = return\n"
                + "    loss mse(return, int)\n}\n";
        CompiledModel m = Nabla.compile("m.nabla", model, CompileOptions.defaults());
        assertEquals(List.of("class"), m.signature().inputs().stream().map(t -> t.name()).toList());
        assertTrue(Double.isFinite(Models.trainsOneStep(model, CompileOptions.defaults())));
    }

    @Test
    void trainBlockStringsDoNotReachTheGeneratedSource() {
        String model = Models.withValue("W @ x + b") + "train M {\n    data csv(\"" + "a\\\" + " + PAYLOAD
                .replace("\"", "") + "\", label: \"*/ y\")\n}\n";
        CompiledModel m = Nabla.compile("m.nabla", model, CompileOptions.defaults());
        assertFalse(m.javaSource().contains("halt"), "no trace of the strings");
    }

    /** The payload may appear, but only on lines that are comments. */
    private static void assertOnlyInComments(String java) {
        boolean inBlock = false;
        for (String line : java.split("\n", -1)) {
            String t = line.trim();
            boolean comment = inBlock || t.startsWith("//") || t.startsWith("/*") || t.startsWith("*");
            if (t.contains("/*")) inBlock = true;
            if (t.contains("*/")) inBlock = false;
            if (line.contains("halt(3)")) assertTrue(comment, () -> "the payload outside a comment: " + line);
            assertFalse(line.contains("\\u"), () -> "a unicode escape in the generated source: " + line);
            assertFalse(line.contains("\r"), () -> "a carriage return in the generated source: " + line);
        }
    }
}
