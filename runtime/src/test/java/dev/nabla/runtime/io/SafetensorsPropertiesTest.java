package dev.nabla.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** Round trips and corruption of random checkpoints. */
class SafetensorsPropertiesTest {
    private Path dir;

    @BeforeProperty
    void createDirectory() throws IOException {
        dir = Files.createTempDirectory("nabla-safetensors-");
    }

    @AfterProperty
    void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Property(tries = 60)
    void randomCheckpointsRoundTrip(@ForAll("checkpoints") Checkpoint checkpoint) throws Exception {
        Path file = dir.resolve("random.safetensors");
        Safetensors.write(file, checkpoint);

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = FileBytes.readU64(bytes, 0);
        assertEquals(0, headerLength % 8, "the data starts 8-byte aligned");
        assertEquals(checkpoint, Safetensors.read(file));
    }

    @Property(tries = 200)
    void damageIsReportedAsCheckpointExceptionAndTruncationAlways(
            @ForAll("checkpoints") Checkpoint checkpoint,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 1, max = 255) int xor,
            @ForAll boolean truncate) throws Exception {
        Path file = dir.resolve("damaged.safetensors");
        byte[] bytes = encode(checkpoint);
        int at = where % bytes.length;
        if (truncate) {
            bytes = Arrays.copyOf(bytes, at);
        } else {
            bytes[at] ^= (byte) xor;
        }
        Files.write(file, bytes);
        if (truncate) {
            assertReported(file, assertThrows(CheckpointException.class, () -> Safetensors.read(file)));
            return;
        }
        try {
            Safetensors.read(file); // a flipped data byte, or a header byte that keeps the header valid
        } catch (CheckpointException e) {
            assertReported(file, e);
        }
    }

    private static void assertReported(Path file, CheckpointException e) {
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }

    /** The bytes {@link Safetensors#write} would produce, without the cost of forcing a file to disk. */
    private static byte[] encode(Checkpoint checkpoint) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafetensorsWriter.writeTo(Channels.newChannel(out), HeaderEncoder.encode(checkpoint.tensors(), checkpoint.metadata()));
        return out.toByteArray();
    }

    @Provide
    Arbitrary<Checkpoint> checkpoints() {
        Arbitrary<String> names = text(12).filter(s -> !s.equals("__metadata__"));
        Arbitrary<Map<String, String>> metadata = Arbitraries.maps(text(8), text(20)).ofMaxSize(4);
        Arbitrary<List<String>> nameLists = names.list().uniqueElements().ofMaxSize(6);
        return Combinators.combine(nameLists, tensors().list().ofSize(6), metadata).as((ns, ts, md) -> {
            Map<String, TensorEntry> tensors = new LinkedHashMap<>();
            for (int i = 0; i < ns.size(); i++) tensors.put(ns.get(i), ts.get(i));
            return new Checkpoint(tensors, md);
        });
    }

    /** Text with JSON escapes, control characters and non-ASCII letters (no lone surrogates). */
    private static Arbitrary<String> text(int maxLength) {
        return Arbitraries.strings().ascii().withChars("\u0000\u001f\"\\é✓\u2028").withCharRange('\u4e00', '\u4e0f')
                .ofMaxLength(maxLength);
    }

    private static Arbitrary<TensorEntry> tensors() {
        Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 4).list().ofMaxSize(3)
                .map(l -> l.stream().mapToLong(Long::longValue).toArray());
        return Combinators.combine(Arbitraries.of(DType.class), shapes).flatAs((dtype, shape) -> {
            int size = (int) Shapes.elementCount(shape) * dtype.byteSize();
            return Arbitraries.bytes().array(byte[].class).ofSize(size).map(data -> TensorEntry.of(dtype, shape, data));
        });
    }
}
