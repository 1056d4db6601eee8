package dev.nabla.runtime.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Special files for tests: named pipes made with {@code mkfifo}, and links to device nodes. */
final class SpecialFiles {
    private SpecialFiles() {}

    /** A new named pipe at {@code path}; the test is skipped where {@code mkfifo} is not available. */
    static Path fifo(Path path) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            throw e;
        }
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        assumeTrue(done && p.exitValue() == 0, "mkfifo failed");
        assumeTrue(isFifo(path), "mkfifo did not make a named pipe");
        return path;
    }

    /** Whether {@code path} is a named pipe (by its Unix file mode). */
    static boolean isFifo(Path path) throws IOException {
        return (mode(path) & 0170000) == 0010000;
    }

    /** Whether {@code path} (not following links) is a character device. */
    static boolean isCharacterDevice(Path path) throws IOException {
        return (mode(path) & 0170000) == 0020000;
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * A symbolic link at {@code link} to the device {@code device} (such as /dev/null): writing "to" the link
     * must be refused, and a regression would replace only the link, never the device itself. Skipped
     * where the device or symbolic links are not available.
     */
    static Path linkToDevice(Path link, String device) throws IOException {
        Path d = Path.of(device);
        assumeTrue(Files.exists(d), device + " does not exist here");
        assumeTrue(isCharacterDevice(d), device + " is not a character device here");
        try {
            return Files.createSymbolicLink(link, d);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links are not available: " + e.getMessage());
            throw e;
        }
    }
}
