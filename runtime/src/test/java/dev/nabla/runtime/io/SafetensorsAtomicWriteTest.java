package dev.nabla.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write leaves an existing checkpoint as it was and no temporary file behind. */
class SafetensorsAtomicWriteTest {
    @TempDir
    Path dir;

    private Path target;
    private byte[] original;

    @BeforeEach
    void writeOriginal() throws Exception {
        target = dir.resolve("model.safetensors");
        Safetensors.write(target, Map.of("W1", TensorEntry.f32(new float[] {1, 2, 3, 4}, 2, 2)), Map.of("epoch", "1"));
        original = Files.readAllBytes(target);
    }

    @Test
    void failureMidwayThroughTheDataKeepsTheOriginal() throws Exception {
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        tensors.put("W1", TensorEntry.f32(new float[64], 16, 4));
        tensors.put("W2", TensorEntry.f32(new float[64], 4, 16));
        HeaderEncoder.Encoded encoded = HeaderEncoder.encode(tensors, Map.of());
        int failAfter = 8 + encoded.header().length + 100;

        IOException e = assertThrows(IOException.class, () -> AtomicFileWriter.write(target,
                channel -> SafetensorsWriter.writeTo(new DiskFullAfter(channel, failAfter), encoded)));

        assertEquals("No space left on device", e.getMessage());
        assertOriginalIntact();
    }

    @Test
    void exceptionThrownByTheContentKeepsTheOriginal() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AtomicFileWriter.write(target,
                channel -> {
                    channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                    throw new IllegalStateException("entry data unavailable");
                }));
        assertEquals("entry data unavailable", e.getMessage());
        assertOriginalIntact();
    }

    @Test
    void aDirectoryInTheWayFailsTheMoveAndLeavesNoTemporaryFile() throws Exception {
        Path blocked = dir.resolve("blocked.safetensors");
        Files.createDirectory(blocked);
        Files.writeString(blocked.resolve("keep.txt"), "keep");

        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Safetensors.write(blocked, Map.of("x", TensorEntry.i32(new int[] {1}, 1)), Map.of()));

        assertTrue(e.problem().startsWith("cannot write: "), e.getMessage());
        assertEquals(blocked, e.file());
        assertEquals("keep", Files.readString(blocked.resolve("keep.txt")));
        assertEquals(List.of(blocked, target), TestDirs.listing(dir));
        assertTrue(e.getCause() instanceof IOException);
    }

    @Test
    void aReadOnlyDirectoryKeepsTheOriginal() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(canCreateFileIn(dir), "the user ignores permissions (root)");
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> Safetensors.write(target, Map.of("x", TensorEntry.i32(new int[] {1}, 1)), Map.of()));
            assertEquals(target + ": cannot write: permission denied", e.getMessage());
        } finally {
            Files.setPosixFilePermissions(dir, before);
        }
        assertOriginalIntact();
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = dir.resolve("nowhere").resolve("model.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Safetensors.write(missing, Map.of(), Map.of()));
        assertEquals(missing + ": cannot write: directory " + missing.getParent() + " does not exist", e.getMessage());
    }

    @Test
    void invalidArgumentsAreRejectedBeforeTouchingTheDisk() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(target,
                Map.of("__metadata__", TensorEntry.i32(new int[] {1}, 1)), Map.of()));
        assertEquals("a tensor cannot be named __metadata__: the format reserves that key for metadata", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(target,
                Map.of("bad\uD800", TensorEntry.i32(new int[] {1}, 1)), Map.of()));
        assertEquals("tensor name 'bad\uD800' holds an unpaired surrogate, which UTF-8 cannot encode", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(target, Map.of(), Map.of("k", "\uDC00")));
        assertEquals("metadata value for 'k' '\uDC00' holds an unpaired surrogate, which UTF-8 cannot encode",
                e.getMessage());
        assertOriginalIntact();
    }

    @Test
    void theNewFileGetsOrdinaryPermissionsNotThoseOfAPrivateTempFile() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path written = dir.resolve("fresh.safetensors");
        Safetensors.write(written, Map.of(), Map.of());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    }

    private void assertOriginalIntact() throws IOException {
        assertArrayEquals(original, Files.readAllBytes(target));
        assertEquals(List.of(target), TestDirs.listing(dir));
    }

    private static boolean canCreateFileIn(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A channel that accepts {@code limit} bytes and then fails like a full disk. */
    private static final class DiskFullAfter implements WritableByteChannel {
        private final WritableByteChannel inner;
        private long left;

        DiskFullAfter(WritableByteChannel inner, long limit) {
            this.inner = inner;
            this.left = limit;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (left == 0) throw new IOException("No space left on device");
            ByteBuffer slice = src.slice();
            slice.limit((int) Math.min(slice.remaining(), left));
            int written = inner.write(slice);
            src.position(src.position() + written);
            left -= written;
            return written;
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
