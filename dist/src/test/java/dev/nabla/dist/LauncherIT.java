package dev.nabla.dist;

import static dev.nabla.dist.Launcher.assertContains;
import static dev.nabla.dist.Launcher.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher itself: the terminal sees the live progress, every byte of every message, and lost output fails. */
class LauncherIT {
    @TempDir
    Path work;

    static Path nabla() {
        return Launcher.distHome().resolve("bin/nabla");
    }

    /** A two-class problem of {@code rows} points and a model trained on it one example per step. */
    private Path slowModel(int rows) throws IOException {
        SplittableRandom rnd = new SplittableRandom(3);
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < rows; i++) {
            double a = rnd.nextDouble(), b = rnd.nextDouble();
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", a, b, a * a + b * b < 0.6 ? "inside" : "outside"));
        }
        Files.writeString(work.resolve("disc.csv"), csv);
        return Files.writeString(work.resolve("disc.nabla"), """
                model Disc {
                    input  x[2]
                    target y: class(2)
                    param  W1[64, 2]
                    param  b1[64]
                    param  W2[64, 64]
                    param  b2[64]
                    param  W3[2, 64]
                    param  b3[2]
                    h1 = tanh(W1 @ x + b1)
                    h2 = tanh(W2 @ h1 + b2)
                    logits = W3 @ h2 + b3
                    output p = softmax(logits)
                    loss cross_entropy(logits, y)
                }
                train Disc {
                    data      csv("disc.csv", label: "y")
                    batch     1
                    epochs    1
                    optimizer adam(lr: 0.001)
                }
                """);
    }

    @Test
    void theLiveLineAnimatesThroughTheLauncherInATerminalAndEndsInTheResultLine() throws Exception {
        assumeTrue(Launcher.installed("script"), "script (util-linux) gives the launcher a pseudo-terminal");
        Path model = slowModel(30_000);
        Path typescript = work.resolve("typescript");
        String cmd = "'" + nabla() + "' train '" + model + "'";
        Launcher.Result r = Launcher.run(work, Launcher.environment(work),
                command("script", "-q", "-e", "-c", cmd, typescript), work.resolve("script-out.txt").toFile());
        assertEquals(0, r.code(), r.toString());
        String screen = Files.readString(work.resolve("script-out.txt"), StandardCharsets.UTF_8);
        // frames are redrawn with a carriage return; some show the epoch part-way done
        Matcher frame = Pattern.compile("\rEpoch 1/1 +(\\d+)/30000 \\[").matcher(screen);
        TreeSet<Integer> partial = new TreeSet<>();
        while (frame.find()) {
            int done = Integer.parseInt(frame.group(1));
            if (done > 0 && done < 30_000) partial.add(done);
        }
        assertTrue(partial.size() >= 2, "intermediate frames through the launcher, got " + partial + " in:\n" + visible(screen));
        // the terminal ends lines with \r\n; a live line's frames are separated by \r alone
        List<String> lines = java.util.Arrays.stream(screen.split("\n")).map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l)
                .filter(l -> l.contains("Epoch 1/1")).toList();
        assertEquals(1, lines.size(), "one line for the epoch:\n" + visible(screen));
        String result = lines.get(0).substring(lines.get(0).lastIndexOf('\r') + 1);
        assertTrue(result.matches("Epoch 1/1 - \\d+\\.\\d\\ds - loss: \\S+ - accuracy: \\S+ *"), visible(result));
        assertFalse(screen.contains("WARNING"), "the JVM's note on incubating modules stays off the screen:\n" + visible(screen));
        assertContains(screen, "Trained Disc for 1 epochs", visible(screen));
    }

    @Test
    void aMessageWithANulByteReachesStandardErrorWhole() throws Exception {
        Path bad = work.resolve("nul.nabla");
        Files.write(bad, "model M {\n    input x[2]\u0000\n    target y[1]\n}\n".getBytes(StandardCharsets.UTF_8));
        Launcher.Result r = Launcher.run(work, Launcher.environment(work), command(nabla(), "check", bad));
        assertEquals(1, r.code(), r.toString());
        assertContains(r.err(), bad + ":2:15: error: unexpected character", r);
        assertContains(r.err(), "    2 |     input x[2]", r);
        assertFalse(r.err().contains("binary file"), r.toString());
        assertFalse(r.err().contains("WARNING: Using incubator modules"), r.toString());
    }

    @Test
    void outputLostOnAFullDiskIsExitCodeOne() throws Exception {
        File full = new File("/dev/full");
        assumeTrue(full.exists(), "/dev/full simulates a full disk");
        Path model = Launcher.distHome().resolve("samples/spirals/spirals.nabla");
        Path weights = work.resolve("w.safetensors");
        Map<String, String> env = Launcher.environment(work);
        Launcher.Result trained = Launcher.run(work, env, command(nabla(), "train", model, "--epochs", 1, "--save", weights));
        assertEquals(0, trained.code(), trained.toString());

        for (List<String> c : List.of(
                command(nabla(), "predict", model, "--weights", weights, "--input", model.resolveSibling("spirals.csv")),
                command(nabla(), "train", model, "--epochs", 1),
                command(nabla(), "dump", "--stage", "java", model))) {
            Launcher.Result r = Launcher.run(work, env, c, full);
            assertEquals(1, r.code(), r.toString());
            assertContains(r.err(), "nabla: cannot write to standard output: No space left on device", r);
        }
    }

    @Test
    void predictStreamsItsRowsInBoundedMemory() throws Exception {
        Path model = Launcher.distHome().resolve("samples/spirals/spirals.nabla");
        Path weights = work.resolve("w.safetensors");
        Map<String, String> env = new HashMap<>(Launcher.environment(work));
        assertEquals(0, Launcher.run(work, env, command(nabla(), "train", model, "--epochs", 1, "--save", weights)).code());
        int rows = 300_000;
        StringBuilder csv = new StringBuilder(rows * 20).append("x1,x2\n");
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < rows; i++) {
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f%n", rnd.nextDouble() - 0.5, rnd.nextDouble() - 0.5));
        }
        Path input = Files.writeString(work.resolve("many.csv"), csv);
        csv.setLength(0);
        // 48 MB of heap: holding all rows and their predictions as one text, as predict did before, does not fit
        env.put("NABLA_JAVA_OPTS", "-Xmx48m");
        Path out = work.resolve("predictions.csv");
        Launcher.Result r = Launcher.run(work, env, command(nabla(), "predict", model, "--weights", weights, "--input", input,
                "--output", out));
        assertEquals(0, r.code(), r.toString());
        assertContains(r.err(), "nabla: wrote 300000 predictions to " + out, r);
        long lines;
        try (var l = Files.lines(out)) {
            lines = l.count();
        }
        assertEquals(rows + 1, lines);
    }

    @Test
    void theRepositoryLauncherRunsTheBuiltDistributionThroughALink() throws Exception {
        Path repo = Paths.get(Launcher.property("nabla.repository")).toRealPath();
        Path link = Files.createSymbolicLink(work.resolve("nabla"), repo.resolve("nabla"));
        Path cwd = Files.createDirectories(work.resolve("somewhere"));
        Launcher.Result r = Launcher.run(cwd, Launcher.environment(work), command(link, "--version"));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("nabla " + Launcher.property("nabla.test.projectVersion")), r.toString());
        assertFalse(r.err().contains("building"), "the distribution was built: no build on this run\n" + r);
    }

    private static String visible(String s) {
        return s.replace("\r", "\\r").replace("\u001b", "\\e");
    }
}
