package dev.nabla.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Replaces a file all at once: the content goes to a temporary file in the same directory, is forced to
 * disk, and is then moved over the target with {@code ATOMIC_MOVE} (or {@code REPLACE_EXISTING} where the
 * file system cannot move atomically). Readers see the old file or the new one, never a mix; if anything
 * fails the target is untouched and the temporary file is deleted.
 *
 * <ul>
 *   <li><b>Only regular files are replaced.</b> A target that exists and is a directory, a device node,
 *       a named pipe or a socket is refused with a {@link NotARegularFileException} that says what it is:
 *       the rename would otherwise put a regular file in its place (for example {@code /dev/null} would
 *       become a file). A symbolic link is judged by what it points to.</li>
 *   <li><b>Temporary files</b> are named {@code .TARGET.<16 hex digits>.tmp} next to the target, and
 *       locked ({@link FileChannel#tryLock()}) while they are written. A process killed while writing
 *       (for example by {@code kill -9}) leaves its temporary file behind; the next write of the same
 *       target deletes such leftovers: files of exactly that pattern for that target, not modified for
 *       {@link #STALE_AFTER} and not locked by a live writer. Nothing else in the directory is
 *       touched.</li>
 * </ul>
 */
public final class AtomicFileWriter {
    /** Writes the whole content to a channel positioned at 0. */
    @FunctionalInterface
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** A leftover temporary file must be this old (since its last write) before it is deleted. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NAME_ATTEMPTS = 16;
    private static final String SUFFIX = ".tmp";

    private AtomicFileWriter() {}

    /**
     * Replaces {@code target} with {@code content}, as described above.
     *
     * @throws NotARegularFileException if the target exists and is not a regular file (the reason says what it is)
     * @throws NoSuchFileException if the target's directory does not exist
     * @throws IOException         if writing fails; the target is then unchanged
     */
    public static void write(Path target, byte[] content) throws IOException {
        Objects.requireNonNull(content, "content");
        write(target, channel -> {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) channel.write(b);
        });
    }

    /** Replaces {@code target} with {@code content}. */
    static void write(Path target, Content content) throws IOException {
        if (target.getFileName() == null) throw new IllegalArgumentException("not a file name: " + target);
        Path directory = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Path named = target.getParent() != null ? target.getParent() : directory;
            throw new NoSuchFileException(String.valueOf(named), null, "directory " + named + " does not exist");
        }
        checkReplaceable(target);
        String name = target.getFileName().toString();
        removeStaleTemporaries(directory, name);
        Temp temp = createTemp(directory, name);
        try {
            try (FileChannel channel = temp.channel()) {
                FileLock lock = tryLock(channel);
                try {
                    content.writeTo(channel);
                    channel.force(true);
                } finally {
                    if (lock != null && lock.isValid()) lock.release();
                }
            }
            checkReplaceable(target); // it may have become something else meanwhile
            move(temp.path(), target);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp.path());
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        forceDirectory(directory);
    }

    /** A temporary file, created and open for writing. */
    private record Temp(Path path, FileChannel channel) {}

    /** A target that exists and is not a regular file; {@link #getReason()} says what it is. */
    public static final class NotARegularFileException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        NotARegularFileException(Path target, String what) {
            super(target.toString(), null, "it is " + what + ", not a regular file, so it is not replaced");
        }
    }

    /**
     * Refuses a target that exists and is not a regular file, naming what it is.
     *
     * @throws NotARegularFileException whose reason says what the target is
     */
    public static void checkReplaceable(Path target) throws NotARegularFileException {
        if (!Files.exists(target) || Files.isRegularFile(target)) return;
        throw new NotARegularFileException(target, Files.isDirectory(target) ? "a directory" : describeSpecial(target));
    }

    /** "a named pipe (FIFO)", "a character device", ... from the Unix file mode where the platform gives it. */
    private static String describeSpecial(Path target) {
        try {
            Object mode = Files.getAttribute(target, "unix:mode");
            if (mode instanceof Integer m) {
                switch (m & 0170000) {
                    case 0010000: return "a named pipe (FIFO)";
                    case 0020000: return "a character device";
                    case 0060000: return "a block device";
                    case 0140000: return "a socket";
                    default: break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view here: say it in general terms
        }
        return "a special file (a device, named pipe or socket)";
    }

    /** The pattern of this writer's temporary files for the target {@code name}. */
    static Pattern temporaryPattern(String name) {
        return Pattern.compile(Pattern.quote("." + name + ".") + "[0-9a-f]{16}" + Pattern.quote(SUFFIX));
    }

    /**
     * A new empty file named like {@code .model.safetensors.1f3a….tmp}, open for writing: hidden,
     * recognisable, and created with the default permissions a file of the directory would get (unlike
     * {@code createTempFile}).
     */
    private static Temp createTemp(Path directory, String targetName) throws IOException {
        byte[] suffix = new byte[8];
        for (int attempt = 1; ; attempt++) {
            RANDOM.nextBytes(suffix);
            Path temp = directory.resolve("." + targetName + "." + HexFormat.of().formatHex(suffix) + SUFFIX);
            try {
                return new Temp(temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException e) {
                if (attempt == NAME_ATTEMPTS) throw e;
            }
        }
    }

    /** An exclusive lock on the whole file, or null where the file system has no locks. */
    private static FileLock tryLock(FileChannel channel) {
        try {
            return channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Deletes this writer's temporary files for the target {@code name} that a killed writer left behind:
     * matching {@link #temporaryPattern}, regular files, unmodified for {@link #STALE_AFTER} and not locked.
     * Best effort: a file that cannot be checked or deleted stays.
     */
    static void removeStaleTemporaries(Path directory, String name) {
        Pattern pattern = temporaryPattern(name);
        String prefix = "." + name + ".";
        FileTime before = FileTime.from(Instant.now().minus(STALE_AFTER));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                p -> p.getFileName() != null && p.getFileName().toString().startsWith(prefix))) {
            for (Path p : entries) {
                if (!pattern.matcher(p.getFileName().toString()).matches()) continue;
                try {
                    if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
                    if (Files.getLastModifiedTime(p).compareTo(before) > 0) continue;
                    deleteIfUnlocked(p);
                } catch (IOException | RuntimeException e) {
                    // best effort: leave it
                }
            }
        } catch (IOException | RuntimeException e) {
            // the directory cannot be listed: nothing to clean
        }
    }

    private static void deleteIfUnlocked(Path p) throws IOException {
        try (FileChannel channel = FileChannel.open(p, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return; // a writer of this JVM holds it
            } catch (IOException e) {
                Files.deleteIfExists(p); // no locks on this file system: the age alone decides
                return;
            }
            if (lock == null) return; // another process is writing it
            try {
                Files.deleteIfExists(p);
            } finally {
                if (lock.isValid()) lock.release();
            }
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename itself durable where the platform allows syncing a directory (not on Windows). */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Best effort: the new file is complete and in place either way.
        }
    }
}
