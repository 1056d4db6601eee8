package dev.nabla.cli.report;

import dev.nabla.runtime.io.AtomicFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a file all at once: to a temporary file in the same folder, then moved over the target
 * ({@link AtomicFileWriter}, as checkpoints are written). A target that exists and is not a regular file
 * (a directory, a device such as {@code /dev/null}, a named pipe) is refused rather than replaced, and
 * temporary files that a killed run left for the same target are removed.
 */
final class AtomicWrite {
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
        try {
            AtomicFileWriter.write(target, content);
        } catch (AtomicFileWriter.NotARegularFileException e) {
            throw new IOException("cannot write " + target + ": " + e.getReason(), e);
        }
    }
}
