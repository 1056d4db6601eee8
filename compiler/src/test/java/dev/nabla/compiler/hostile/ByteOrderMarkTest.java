package dev.nabla.compiler.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.diag.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A UTF-8 byte-order mark at the start of a model file, as some editors write, is not part of the model. */
class ByteOrderMarkTest {
    @TempDir
    Path dir;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Test
    void aModelFileStartingWithAByteOrderMarkCompiles() throws Exception {
        byte[] text = Models.withValue("W @ x + b").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, withBom, 0, BOM.length);
        System.arraycopy(text, 0, withBom, BOM.length, text.length);
        Path file = Files.write(dir.resolve("m.nabla"), withBom);
        CompiledModel m = Nabla.compile(file);
        assertEquals("M", m.name());
        assertEquals(Nabla.compile(Models.withValue("W @ x + b")).signature().sourceHash(), m.signature().sourceHash(),
                "the same model with or without the mark");
    }

    @Test
    void columnsOnTheFirstLineDoNotCountTheMark() {
        Diagnostic d = Models.error("\uFEFFmodel M { $ }");
        assertEquals(1, d.span().line());
        assertEquals(11, d.span().column());
        assertTrue(d.format().contains("\n    1 | model M { $ }\n      |           ^"), d.format());
    }

    @Test
    void aMarkAnywhereElseIsStillAnError() {
        Diagnostic d = Models.error(Models.withValue("W @ x + b").replace("param b[4]", "param b[4] \uFEFF"));
        assertEquals(5, d.span().line());
    }
}
