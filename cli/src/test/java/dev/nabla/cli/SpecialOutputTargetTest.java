package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output files are written to a temporary file and renamed over the target, so a target that exists and
 * is not a regular file (a named pipe, a device) is refused with exit code 1 and a message that names it,
 * and stays what it was.
 */
class SpecialOutputTargetTest {
    @TempDir
    Path dir;

    private final Path spirals = Cli.sample("spirals", "spirals.nabla");

    private Path fifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            throw e;
        }
        assumeTrue(mk.waitFor(20, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        assumeTrue(isFifo(p), "mkfifo made no named pipe");
        return p;
    }

    private static boolean isFifo(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000) == 0010000;
    }

    /** A link to /dev/null: a regression would replace the link in the test folder, never the device. */
    private Path linkToDevNull(String name) throws IOException {
        Path dev = Path.of("/dev/null");
        assumeTrue(Files.exists(dev), "no /dev/null here");
        try {
            return Files.createSymbolicLink(dir.resolve(name), dev);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links are not available: " + e.getMessage());
            throw e;
        }
    }

    @Test
    void saveToANamedPipeIsRefused() throws Exception {
        Path fifo = fifo("w.safetensors");
        Cli.run("train", spirals, "--epochs", 1, "--quiet", "--save", fifo)
                .assertUserError(fifo.toString(), "named pipe (FIFO), not a regular file");
        assertTrue(isFifo(fifo), "the pipe is still a pipe");
    }

    @Test
    void plotToALinkToDevNullIsRefused() throws Exception {
        Path link = linkToDevNull("curves.svg");
        Cli.run("train", spirals, "--epochs", 1, "--quiet", "--plot", link)
                .assertUserError("cannot write " + link, "character device, not a regular file");
        assertTrue(Files.isSymbolicLink(link), "the link is not replaced by a file");
    }

    @Test
    void reportToANamedPipeIsRefused() throws Exception {
        Path fifo = fifo("report.html");
        Cli.run("train", spirals, "--epochs", 1, "--quiet", "--report", fifo)
                .assertUserError("cannot write " + fifo, "named pipe (FIFO), not a regular file");
        assertTrue(isFifo(fifo));
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
    }

    @Test
    void predictOutputToANamedPipeIsRefused() throws Exception {
        Path weights = dir.resolve("w.safetensors");
        Cli.run("train", spirals, "--epochs", 1, "--quiet", "--save", weights).assertOk();
        Path fifo = fifo("preds.csv");
        Cli.run("predict", spirals, "--weights", weights, "--input", Cli.sample("spirals", "spirals.csv"), "--output", fifo)
                .assertUserError(fifo.toString(), "named pipe (FIFO), not a regular file");
        assertTrue(isFifo(fifo));
    }
}
