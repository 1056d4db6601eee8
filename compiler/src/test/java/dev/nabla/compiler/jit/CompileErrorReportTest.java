package dev.nabla.compiler.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.InternalCompilerError;
import dev.nabla.compiler.codegen.GeneratedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Java that Janino rejects is a compiler bug: the report names a file with the whole source and shows a few lines, never thousands. */
class CompileErrorReportTest {
    @Test
    void aRejectedClassIsReportedWithAFileAndAShortExcerpt() throws Exception {
        StringBuilder body = new StringBuilder("package p;\npublic final class Broken {\n");
        for (int i = 0; i < 3000; i++) body.append("    int f").append(i).append(" = ").append(i).append(";\n");
        body.append("    int bad = undefinedName;\n}\n");
        GeneratedSource src = new GeneratedSource("p", "Broken", body.toString());
        InternalCompilerError e = assertThrows(InternalCompilerError.class, () -> JaninoCompiler.compileUncached(src, "broken.nabla"));
        String m = e.getMessage();
        assertTrue(m.contains("does not compile at generated line 3003"), m);
        assertTrue(m.split("\n").length < 15, "a short report, not the whole class:\n" + m);
        assertTrue(m.contains(">") && m.contains("undefinedName"), "the offending line is shown:\n" + m);
        Matcher file = Pattern.compile("the generated source is in (\\S+)").matcher(m);
        assertTrue(file.find(), m);
        Path written = Path.of(file.group(1));
        assertEquals(src.source(), Files.readString(written));
        Files.deleteIfExists(written);
    }
}
