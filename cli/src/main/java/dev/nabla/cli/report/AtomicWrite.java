package dev.nabla.cli.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/** Writes a file all at once: to a temporary file in the same folder, then moved over the target. */
final class AtomicWrite {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicWrite() {}

    /**
     * Replaces {@code target} with {@code content}. On failure the target is untouched (or still absent) and
     * the temporary file is removed. The new file gets the default permissions (as for any new file of this
     * process), not those of a private temporary file.
     */
    static void write(Path target, byte[] content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IOException("cannot write " + target + ": " + folder
                    + (folder != null && Files.exists(folder) ? " is not a folder" : " does not exist"));
        }
        // not Files.createTempFile: its file is private to the owner, and the plot or report would stay so
        Path temp = folder.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        Files.createFile(temp); // fails, leaving nothing to clean up, if the name is taken
        try {
            Files.write(temp, content);
            move(temp, absolute);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
