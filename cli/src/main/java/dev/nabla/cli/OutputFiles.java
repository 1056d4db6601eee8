package dev.nabla.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks the files a command will write before it does any work, so that a missing folder is reported in
 * a second rather than after hours of training: the folder must exist and be writable, and the name must
 * not be a folder. Messages name the flag and the file as given.
 */
final class OutputFiles {
    private OutputFiles() {}

    /** Whether a file name is {@code -}: standard input or output. */
    static boolean isStandardStream(Path file) {
        return file != null && file.toString().equals("-");
    }

    /**
     * Checks that {@code file} can be written, or does nothing when it is null.
     *
     * @param flag the option that names the file, for messages ({@code --report})
     * @throws UserError {@code --report: cannot write out/r.html: folder out does not exist}, and the like
     */
    static void check(String flag, Path file) {
        if (file == null) return;
        if (isStandardStream(file)) {
            throw new UserError(flag + ": '-' (standard output) is not possible here; give a file name");
        }
        String prefix = flag + ": cannot write " + file + ": ";
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) throw new UserError(prefix + "it is a directory; give a file name");
        Path dir = absolute.getParent();
        String shown = file.getParent() == null ? dir.toString() : file.getParent().toString();
        if (!Files.exists(dir)) throw new UserError(prefix + "folder " + shown + " does not exist");
        if (!Files.isDirectory(dir)) throw new UserError(prefix + shown + " is not a folder");
        if (!Files.isWritable(dir)) throw new UserError(prefix + "folder " + shown + " is not writable");
        try {
            dev.nabla.runtime.io.AtomicFileWriter.checkReplaceable(file);
        } catch (dev.nabla.runtime.io.AtomicFileWriter.NotARegularFileException e) {
            throw new UserError(prefix + e.getReason());
        }
    }

    /** Checks that no two of the flags name the same file ({@code --plot} and {@code --report} both x.svg). */
    static void checkDistinct(Map<String, Path> files) {
        Map<Path, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            if (e.getValue() == null) continue;
            Path key = e.getValue().toAbsolutePath().normalize();
            String before = seen.putIfAbsent(key, e.getKey());
            if (before != null) {
                throw new UserError(before + " and " + e.getKey() + " name the same file " + e.getValue()
                        + "; give each its own file");
            }
        }
    }
}
