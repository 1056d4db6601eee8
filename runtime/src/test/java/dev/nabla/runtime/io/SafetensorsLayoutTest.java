package dev.nabla.runtime.io;

import static dev.nabla.runtime.io.FileBytes.concat;
import static dev.nabla.runtime.io.FileBytes.f32;
import static dev.nabla.runtime.io.FileBytes.f64;
import static dev.nabla.runtime.io.FileBytes.i32;
import static dev.nabla.runtime.io.FileBytes.i64;
import static dev.nabla.runtime.io.FileBytes.padded;
import static dev.nabla.runtime.io.FileBytes.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of the format, checked against files assembled by hand from the specification rather than
 * against the writer: the length field, the JSON, the space padding to 8 bytes, the offsets, the data.
 */
class SafetensorsLayoutTest {
    @TempDir
    Path dir;

    @Test
    void writerProducesTheSpecifiedBytes() throws Exception {
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        tensors.put("W1", TensorEntry.f32(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        tensors.put("b1", TensorEntry.f64(new double[] {0.5, -1}, 2));
        tensors.put("n", TensorEntry.i32(new int[] {7}));
        tensors.put("step", TensorEntry.i64(new long[] {1L << 40}, 1));
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, tensors, Map.of("epoch", "123"));

        // Header order is the order given; in the data the 8-byte dtypes come first (b1, step), then
        // the 4-byte ones (W1, n), each in the order given.
        String json = "{\"__metadata__\":{\"epoch\":\"123\"},"
                + "\"W1\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[24,48]},"
                + "\"b1\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"n\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[48,52]},"
                + "\"step\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
        String header = padded(json);
        byte[] expected = concat(u64(header.length()), header.getBytes(StandardCharsets.UTF_8),
                f64(0.5, -1), i64(1L << 40), f32(1, 2, 3, 4, 5, 6), i32(7));

        assertEquals(257 + 7, header.length(), "257 bytes of JSON need 7 spaces of padding");
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void lengthFieldPaddingAndDataStart() throws Exception {
        Path file = dir.resolve("one.safetensors");
        Safetensors.write(file, Map.of("w", TensorEntry.i32(new int[] {-1, 2}, 2)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        String json = "{\"w\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

        long n = FileBytes.readU64(bytes, 0);
        assertEquals(56, n, "54 bytes of JSON padded to 56");
        assertEquals(json + "  ", new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertEquals(8 + n + 8, bytes.length);
        assertArrayEquals(i32(-1, 2), java.util.Arrays.copyOfRange(bytes, 8 + (int) n, bytes.length));
    }

    @Test
    void emptyCheckpointIsEightBytesOfBracesAndSpaces() throws Exception {
        Path file = dir.resolve("empty.safetensors");
        Safetensors.write(file, Map.of(), Map.of());
        assertArrayEquals(concat(u64(8), "{}      ".getBytes(StandardCharsets.US_ASCII)), Files.readAllBytes(file));
    }

    @Test
    void everyNameLengthIsPaddedWithSpacesToEightBytes() throws Exception {
        for (int length = 0; length <= 16; length++) {
            String name = "é".repeat(length % 3) + "x".repeat(length);
            Path file = dir.resolve("pad" + length + ".safetensors");
            Safetensors.write(file, Map.of(name, TensorEntry.f64(new double[] {length}, 1)), Map.of());
            byte[] bytes = Files.readAllBytes(file);
            int n = (int) FileBytes.readU64(bytes, 0);
            String header = new String(bytes, 8, n, StandardCharsets.UTF_8);

            assertEquals(0, (8 + n) % 8, "data of name length " + length + " starts aligned");
            String json = header.stripTrailing();
            assertEquals(padded(json), header, "only trailing spaces, fewer than 8");
            assertEquals('}', json.charAt(json.length() - 1));
            assertArrayEquals(f64(length), java.util.Arrays.copyOfRange(bytes, 8 + n, bytes.length));
        }
    }

    @Test
    void readsAHandAssembledFileInHeaderOrder() throws Exception {
        // Not padded (the reference loader accepts that), keys out of data order, fields in another
        // order, whitespace and an escaped name: all allowed by the format.
        String json = "{\n  \"b\\u00e9\": {\"data_offsets\": [8, 16], \"shape\": [2], \"dtype\": \"F32\"},\n"
                + "  \"a\": {\"dtype\": \"I64\", \"shape\": [], \"data_offsets\": [0, 8]},\n"
                + "  \"__metadata__\": {\"format\": \"pt\"},\n"
                + "  \"none\": {\"dtype\": \"F64\", \"shape\": [0, 3], \"data_offsets\": [16, 16]}\n}";
        Path file = dir.resolve("hand.safetensors");
        Files.write(file, FileBytes.file(json, concat(i64(-5), f32(1.5f, -2.5f))));

        Checkpoint c = Safetensors.read(file);

        assertEquals(List.of("bé", "a", "none"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new float[] {1.5f, -2.5f}, c.tensors().get("bé").toFloatArray());
        assertArrayEquals(new long[] {-5}, c.tensors().get("a").toLongArray());
        assertArrayEquals(new long[0], c.tensors().get("a").shape());
        assertArrayEquals(new long[] {0, 3}, c.tensors().get("none").shape());
        assertEquals(Map.of("format", "pt"), c.metadata());
    }

    @Test
    void readsNullMetadataAsEmpty() throws Exception {
        Path file = dir.resolve("null.safetensors");
        Files.write(file, FileBytes.file(padded("{\"__metadata__\":null}"), new byte[0]));
        assertEquals(new Checkpoint(Map.of(), Map.of()), Safetensors.read(file));
    }
}
