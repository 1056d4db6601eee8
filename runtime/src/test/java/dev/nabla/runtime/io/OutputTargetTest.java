package dev.nabla.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are replaced atomically by renaming a temporary file over them, so a target that is not a regular
 * file must be refused: the rename would turn a named pipe or a device into a regular file.
 */
class OutputTargetTest {
    @TempDir
    Path dir;

    private static final Map<String, TensorEntry> TENSORS = Map.of("W", TensorEntry.f32(new float[] {1, 2}, 2));

    @Test
    void checkpointToANamedPipeIsRefusedAndThePipeStays() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("w.safetensors"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.write(fifo, TENSORS, Map.of()));
        assertEquals(fifo + ": cannot write: it is a named pipe (FIFO), not a regular file, so it is not replaced",
                e.getMessage());
        assertTrue(SpecialFiles.isFifo(fifo), "still a named pipe");
        assertEquals(List.of(fifo), TestDirs.listing(dir), "no temporary file left");
    }

    @Test
    void checkpointToALinkToDevNullIsRefusedAndTheLinkStays() throws Exception {
        Path link = SpecialFiles.linkToDevice(dir.resolve("null.safetensors"), "/dev/null");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.write(link, TENSORS, Map.of()));
        assertTrue(e.getMessage().startsWith(link + ": cannot write: it is a character device, not a regular file"),
                e.getMessage());
        assertTrue(Files.isSymbolicLink(link), "the link is not replaced by a file");
        assertTrue(SpecialFiles.isCharacterDevice(Path.of("/dev/null")));
        assertEquals(List.of(link), TestDirs.listing(dir));
    }

    @Test
    void bytesToALinkToDevFullAreRefused() throws Exception {
        Path link = SpecialFiles.linkToDevice(dir.resolve("full.html"), "/dev/full");
        AtomicFileWriter.NotARegularFileException e = assertThrows(AtomicFileWriter.NotARegularFileException.class,
                () -> AtomicFileWriter.write(link, "<html>".getBytes(StandardCharsets.UTF_8)));
        assertEquals("it is a character device, not a regular file, so it is not replaced", e.getReason());
        assertEquals(link.toString(), e.getFile());
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aDirectoryInThePlaceOfTheTargetIsRefused() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("model.safetensors"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.write(sub, TENSORS, Map.of()));
        assertEquals(sub + ": cannot write: it is a directory, not a regular file, so it is not replaced", e.getMessage());
        assertTrue(Files.isDirectory(sub));
    }

    @Test
    void regularFilesAndLinksToRegularFilesAreStillReplaced() throws Exception {
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "old");
        AtomicFileWriter.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(file));
        Path fresh = dir.resolve("b.txt");
        AtomicFileWriter.write(fresh, "first".getBytes(StandardCharsets.UTF_8));
        assertEquals("first", Files.readString(fresh));
        assertTrue(Files.isRegularFile(fresh, LinkOption.NOFOLLOW_LINKS));
        assertFalse(TestDirs.listing(dir).stream().anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
}
