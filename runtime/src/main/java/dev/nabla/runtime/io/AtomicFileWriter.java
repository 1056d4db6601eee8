package dev.nabla.runtime.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Replaces a file all at once: the content goes to a temporary file in the same directory, is forced to
 * disk, and is then moved over the target with {@code ATOMIC_MOVE} (or {@code REPLACE_EXISTING} where the
 * file system cannot move atomically). Readers see the old file or the new one, never a mix; if anything
 * fails the target is untouched and the temporary file is deleted.
 */
final class AtomicFileWriter {
    /** Writes the whole content to a channel positioned at 0. */
    @FunctionalInterface
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NAME_ATTEMPTS = 16;

    private AtomicFileWriter() {}

    /** Replaces {@code target} with {@code content}. */
    static void write(Path target, Content content) throws IOException {
        if (target.getFileName() == null) throw new IllegalArgumentException("not a file name: " + target);
        Path directory = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Path named = target.getParent() != null ? target.getParent() : directory;
            throw new NoSuchFileException(String.valueOf(named), null, "directory " + named + " does not exist");
        }
        Path temp = createTemp(directory, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            move(temp, target);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        forceDirectory(directory);
    }

    /**
     * A new empty file named like {@code .model.safetensors.1f3a….tmp}: hidden, recognisable, and created
     * with the default permissions a file of the directory would get (unlike {@code createTempFile}).
     */
    private static Path createTemp(Path directory, String targetName) throws IOException {
        byte[] suffix = new byte[8];
        for (int attempt = 1; ; attempt++) {
            RANDOM.nextBytes(suffix);
            Path temp = directory.resolve("." + targetName + "." + HexFormat.of().formatHex(suffix) + ".tmp");
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == NAME_ATTEMPTS) throw e;
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
