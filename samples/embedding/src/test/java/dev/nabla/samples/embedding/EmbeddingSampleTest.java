package dev.nabla.samples.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the sample end to end and holds it to stated accuracies. */
class EmbeddingSampleTest {
    @Test
    void bothWaysTrainToHighAccuracy(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EmbeddingSample.Results r = EmbeddingSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(printed);

        assertTrue(r.buildTimeAccuracy() >= 0.95, "build-time model: " + r.buildTimeAccuracy());
        assertTrue(r.runTimeAccuracy() >= 0.95, "run-time model: " + r.runTimeAccuracy());
        assertEquals(r.runTimeAccuracy(), r.reloadedAccuracy(), "weights changed in a save and load");
        assertTrue(Files.size(dir.resolve("circles.safetensors")) > 0);
        assertTrue(Files.size(dir.resolve("xor.safetensors")) > 0);
        assertEquals("model.nabla:8:24: error: unknown name 'x'", r.compileError().replaceFirst(";.*", ""));
        assertTrue(printed.contains("build time: dev.nabla.samples.embedding.CirclesModel"), printed);
    }
}
