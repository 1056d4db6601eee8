package dev.nabla.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed while writing (kill -9 during {@code --save}) leaves its hidden temporary file; the next
 * write of the same target removes such leftovers, and only those: files of the writer's own pattern
 * for that target, old enough and not locked by a live writer.
 */
class StaleTemporaryFilesTest {
    @TempDir
    Path dir;

    private static final Map<String, TensorEntry> TENSORS = Map.of("W", TensorEntry.f32(new float[] {1, 2}, 2));
    private static final FileTime LONG_AGO = FileTime.from(Instant.now().minusSeconds(3600));

    private Path file(String name, FileTime modified) throws Exception {
        Path p = Files.write(dir.resolve(name), new byte[4096]);
        Files.setLastModifiedTime(p, modified);
        return p;
    }

    @Test
    void writingATargetRemovesItsOldUnlockedTemporaries() throws Exception {
        Path target = dir.resolve("w.safetensors");
        Path stale1 = file(".w.safetensors.0123456789abcdef.tmp", LONG_AGO);
        Path stale2 = file(".w.safetensors.fedcba9876543210.tmp", LONG_AGO);
        Safetensors.write(target, TENSORS, Map.of());
        assertFalse(Files.exists(stale1));
        assertFalse(Files.exists(stale2));
        assertEquals(List.of(target), TestDirs.listing(dir));
    }

    @Test
    void otherFilesAndRecentTemporariesStay() throws Exception {
        Path target = dir.resolve("w.safetensors");
        List<Path> kept = List.of(
                file(".w.safetensors.0123456789abcdef.tmp", FileTime.from(Instant.now())), // a live writer's, just written
                file(".x.safetensors.0123456789abcdef.tmp", LONG_AGO),  // another target's
                file(".w.safetensors.tmp", LONG_AGO),                     // not the pattern
                file(".w.safetensors.0123456789ABCDEF.tmp", LONG_AGO),  // upper case: not this writer's
                file(".w.safetensors.0123456789abcde.tmp", LONG_AGO),   // 15 digits
                file("w.safetensors.0123456789abcdef.tmp", LONG_AGO),   // not hidden
                file(".w.safetensors.0123456789abcdef.tmp.bak", LONG_AGO));
        Safetensors.write(target, TENSORS, Map.of());
        for (Path p : kept) assertTrue(Files.exists(p), p + " must stay");
    }

    @Test
    void aTemporaryLockedByAWriterOfThisProcessStays() throws Exception {
        Path stale = file(".w.safetensors.00000000000000aa.tmp", LONG_AGO);
        try (FileChannel c = FileChannel.open(stale, StandardOpenOption.WRITE); FileLock lock = c.lock()) {
            Safetensors.write(dir.resolve("w.safetensors"), TENSORS, Map.of());
            assertTrue(Files.exists(stale), "locked: a writer is still at work");
            assertTrue(lock.isValid());
        }
        Safetensors.write(dir.resolve("w.safetensors"), TENSORS, Map.of());
        assertFalse(Files.exists(stale), "unlocked and old: removed");
    }

    /**
     * The real case: another process holds the lock while it writes, then is killed with SIGKILL (as by
     * {@code kill -9}); its file stays while it lives and goes on the first write after it died.
     */
    @Test
    void aTemporaryOfAKilledWriterIsRemovedByTheNextWrite() throws Exception {
        Path temp = file(".w.safetensors.00000000000000bb.tmp", LONG_AGO);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), temp.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine(), "the writer process reports its lock");
            Files.setLastModifiedTime(temp, LONG_AGO);
            Safetensors.write(dir.resolve("w.safetensors"), TENSORS, Map.of());
            assertTrue(Files.exists(temp), "the writer still lives and holds its lock");
        } finally {
            writer.destroyForcibly(); // SIGKILL on Unix: no clean-up of its own
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        }
        Safetensors.write(dir.resolve("w.safetensors"), TENSORS, Map.of());
        assertFalse(Files.exists(temp), "the killed writer's temporary file is gone");
        assertEquals(List.of(dir.resolve("w.safetensors")), TestDirs.listing(dir));
    }

    /** A stand-in for a writer in another process: locks the file, says so, and waits to be killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
            FileLock lock = c.lock();
            System.out.println(lock.isValid() ? "locked" : "not locked");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
