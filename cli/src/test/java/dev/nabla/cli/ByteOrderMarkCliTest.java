package dev.nabla.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file saved with a UTF-8 byte-order mark (as some editors on Windows do) works with every command. */
class ByteOrderMarkCliTest {
    @TempDir
    Path dir;

    @Test
    void aModelFileWithAByteOrderMarkChecksAndTrains() throws Exception {
        Path model = Cli.copySample("spirals", dir);
        byte[] text = Files.readAllBytes(model);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Files.write(model, withBom);
        Cli.run("check", model).assertOk();
        Cli.run("train", model, "--epochs", 1, "--quiet").assertOk();
    }

    @Test
    void columnsOfErrorsOnTheFirstLineDoNotCountTheMark() throws Exception {
        Path model = Files.write(dir.resolve("bad.nabla"), "\uFEFFmodel M { $ }\n".getBytes(StandardCharsets.UTF_8));
        Cli.run("check", model).assertUserError("bad.nabla:1:11: error: unexpected character '$'");
    }
}
