package dev.nabla.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyDtypeWithMetadataComesBackInOrder() throws Exception {
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        tensors.put("W1", TensorEntry.f32(new float[] {1, -2, 3.25f, Float.NaN, Float.POSITIVE_INFINITY, -0f}, 2, 3));
        tensors.put("b1", TensorEntry.f64(new double[] {Math.PI, -Double.MIN_VALUE, Double.NEGATIVE_INFINITY}, 3));
        tensors.put("steps", TensorEntry.i64(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3, 1));
        tensors.put("labels", TensorEntry.i32(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 2));
        tensors.put("lr", TensorEntry.f32(new float[] {0.01f}));
        tensors.put("empty", TensorEntry.f64(new double[0], 0, 4));
        tensors.put("layer.0/ünï 😀", TensorEntry.i32(new int[] {3}, 1));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("seed", "42");
        metadata.put("note", "ünïcödé \"quoted\" \\ back\nslash ✓ 😀 \u0001");
        Path file = dir.resolve("model.safetensors");

        Safetensors.write(file, tensors, metadata);
        Checkpoint back = Safetensors.read(file);

        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()));
        assertEquals(tensors, back.tensors());
        assertEquals(metadata, back.metadata());
        assertEquals(List.copyOf(metadata.keySet()), List.copyOf(back.metadata().keySet()));
        assertArrayEquals(tensors.get("W1").toFloatArray(), back.tensors().get("W1").toFloatArray());
        assertArrayEquals(tensors.get("b1").toDoubleArray(), back.tensors().get("b1").toDoubleArray());
        assertArrayEquals(tensors.get("steps").toLongArray(), back.tensors().get("steps").toLongArray());
        assertArrayEquals(tensors.get("labels").toIntArray(), back.tensors().get("labels").toIntArray());
        TensorEntry lr = back.tensors().get("lr");
        assertEquals(0, lr.rank());
        assertArrayEquals(new float[] {0.01f}, lr.toFloatArray());
        assertArrayEquals(new long[] {0, 4}, back.tensors().get("empty").shape());
    }

    @Test
    void nanPayloadsSurviveBitForBit() throws Exception {
        float oddNan = Float.intBitsToFloat(0x7fc0_1234);
        Path file = dir.resolve("nan.safetensors");
        Safetensors.write(file, Map.of("x", TensorEntry.f32(new float[] {oddNan}, 1)), Map.of());
        float back = Safetensors.read(file).tensors().get("x").toFloatArray()[0];
        assertEquals(0x7fc0_1234, Float.floatToRawIntBits(back));
    }

    @Test
    void emptyMetadataWritesNoMetadataEntryAndReadsBackEmpty() throws Exception {
        Path file = dir.resolve("plain.safetensors");
        Safetensors.write(file, Map.of("w", TensorEntry.i32(new int[] {5}, 1)), Map.of());

        String header = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertFalse(header.contains("__metadata__"));
        Checkpoint back = Safetensors.read(file);
        assertEquals(Map.of(), back.metadata());
        assertArrayEquals(new int[] {5}, back.tensors().get("w").toIntArray());
    }

    @Test
    void metadataWithoutTensors() throws Exception {
        Path file = dir.resolve("meta.safetensors");
        Safetensors.write(file, new Checkpoint(Map.of(), Map.of("only", "metadata")));
        assertEquals(new Checkpoint(Map.of(), Map.of("only", "metadata")), Safetensors.read(file));
    }

    @Test
    void writingAgainReplacesTheCheckpoint() throws Exception {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("a", TensorEntry.f32(new float[] {1, 2, 3}, 3)), Map.of("epoch", "1"));
        Safetensors.write(file, Map.of("b", TensorEntry.i64(new long[] {9}, 1)), Map.of("epoch", "2"));

        Checkpoint back = Safetensors.read(file);
        assertEquals(Map.of("b", TensorEntry.i64(new long[] {9}, 1)), back.tensors());
        assertEquals(Map.of("epoch", "2"), back.metadata());
        assertEquals(List.of(file), TestDirs.listing(dir));
    }

    @Test
    void pathsWithDotDotWork() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        Path file = dir.resolve("sub").resolve("..").resolve("rel.safetensors");
        Safetensors.write(file, Map.of("a", TensorEntry.i32(new int[] {1}, 1)), Map.of());
        assertEquals(1, Safetensors.read(dir.resolve("rel.safetensors")).tensors().size());
    }
}
