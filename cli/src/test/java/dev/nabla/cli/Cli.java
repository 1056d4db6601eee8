package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.nabla.runtime.data.Dataset;
import dev.nabla.runtime.io.Checkpoint;
import dev.nabla.runtime.io.CheckpointException;
import dev.nabla.runtime.io.Safetensors;
import dev.nabla.runtime.io.TensorEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the {@code nabla} command line in this JVM through {@link Main#run} with captured streams, and
 * helps the end-to-end tests find the samples, the shared public data sets and the fixtures, read JSON
 * logs, summaries and checkpoints, and rebuild the validation split of a run.
 */
final class Cli {
    private Cli() {}

    /** What one command did: its exit code and everything it printed. */
    record Result(String command, int code, String out, String err) {
        /** Exit code 0, and nothing that looks like a stack trace. */
        Result assertOk() {
            assertEquals(Main.OK, code, () -> "expected exit code 0 from " + this);
            assertNoStackTrace();
            return this;
        }

        /**
         * Exit code 1, a message on standard error that contains every fragment, and no stack trace.
         */
        Result assertUserError(String... fragments) {
            assertEquals(Main.USER_ERROR, code, () -> "expected exit code 1 from " + this);
            assertFalse(err.isBlank(), () -> "no message on standard error from " + this);
            for (String f : fragments) {
                assertTrue(err.contains(f), () -> "standard error should contain '" + f + "' in " + this);
            }
            assertNoStackTrace();
            return this;
        }

        Result assertNoStackTrace() {
            assertFalse(err.contains("Exception"), () -> "standard error mentions an exception: " + this);
            assertFalse(err.contains("\tat "), () -> "standard error holds a stack trace: " + this);
            assertFalse(out.contains("\tat "), () -> "standard output holds a stack trace: " + this);
            assertFalse(err.contains("internal error"), () -> "an internal error: " + this);
            return this;
        }

        List<String> outLines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "`nabla " + command + "` -> exit " + code + "\n--- stdout ---\n" + abbreviate(out) + "\n--- stderr ---\n"
                    + abbreviate(err);
        }

        private static String abbreviate(String s) {
            return s.length() <= 6000 ? s : s.substring(0, 3000) + "\n[...]\n" + s.substring(s.length() - 3000);
        }
    }

    /** Runs {@code nabla ARGS} (paths and numbers are turned into strings). */
    static Result run(Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) a[i] = String.valueOf(args[i]);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Main.run(a, o, e);
        }
        return new Result(String.join(" ", a), code, out.toString(), err.toString());
    }

    // ---------------------------------------------------------------- locations

    /** The repository root: the parent of the cli module, where surefire runs the tests. */
    static Path repositoryRoot() {
        return Paths.get("").toAbsolutePath().getParent();
    }

    /** A file of a bundled sample, e.g. {@code sample("spirals", "spirals.nabla")}. */
    static Path sample(String name, String file) {
        Path p = repositoryRoot().resolve("samples").resolve(name).resolve(file);
        assertTrue(Files.isRegularFile(p), () -> "sample file missing: " + p);
        return p;
    }

    /** The public data sets next to the repository (never copied into the project). */
    static Path datasets() {
        return Paths.get("").toAbsolutePath().getParent().resolveSibling("shared").resolve("datasets");
    }

    /** Copies fixture files from {@code src/test/resources/e2e/} into {@code dir}; returns the first. */
    static Path fixture(Path dir, String... files) {
        Path first = null;
        for (String f : files) {
            try (InputStream in = Cli.class.getResourceAsStream("/e2e/" + f)) {
                assertNotNull(in, "missing test fixture e2e/" + f);
                Path to = dir.resolve(f);
                Files.copy(in, to);
                if (first == null) first = to;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return first;
    }

    /** Copies a sample's model file and CSV data into {@code dir}, to be edited; returns the model file. */
    static Path copySample(String name, Path dir) throws IOException {
        Files.copy(sample(name, name + ".csv"), dir.resolve(name + ".csv"));
        return Files.copy(sample(name, name + ".nabla"), dir.resolve(name + ".nabla"));
    }

    // ---------------------------------------------------------------- output parsing

    /** Every line of standard output as a JSON object, failing on a line that is not one. */
    static List<JsonObject> jsonLines(String out) {
        List<JsonObject> l = new ArrayList<>();
        for (String line : out.lines().toList()) {
            try {
                JsonElement e = JsonParser.parseString(line);
                assertTrue(e.isJsonObject(), () -> "not a JSON object: " + line);
                l.add(e.getAsJsonObject());
            } catch (JsonSyntaxException ex) {
                fail("standard output line is not JSON: " + line + " (" + ex.getMessage() + ")");
            }
        }
        assertFalse(l.isEmpty(), "no JSON lines on standard output");
        return l;
    }

    /** The last JSON line of a {@code --log-format json} run, which must be the {@code done} event. */
    static JsonObject done(Result r) {
        List<JsonObject> l = jsonLines(r.out());
        JsonObject last = l.get(l.size() - 1);
        assertEquals("done", last.get("event").getAsString(), () -> "the last JSON line is not 'done': " + r);
        return last;
    }

    /** The {@code epoch} events of a JSON log, in order. */
    static List<JsonObject> epochEvents(Result r) {
        return jsonLines(r.out()).stream().filter(o -> o.get("event").getAsString().equals("epoch")).toList();
    }

    /**
     * The metrics of the final text summary line
     * {@code Trained M for N epochs in S s (R examples/s): loss 0.1, accuracy 0.9, ...}.
     */
    static Map<String, Double> summary(Result r) {
        String line = r.outLines().stream().filter(l -> l.startsWith("Trained ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no 'Trained ...' summary line in " + r));
        int at = line.indexOf("): ");
        assertTrue(at > 0, () -> "summary line without metrics: " + line);
        Map<String, Double> m = new LinkedHashMap<>();
        for (String part : line.substring(at + 3).split(", ")) {
            String[] kv = part.trim().split(" ");
            assertEquals(2, kv.length, () -> "metric '" + part + "' in the summary line: " + line);
            m.put(kv[0], Double.parseDouble(kv[1]));
        }
        return m;
    }

    static double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        assertNotNull(e, () -> "no '" + key + "' in " + o);
        assertFalse(e.isJsonNull(), () -> "'" + key + "' is null in " + o);
        return e.getAsDouble();
    }

    // ---------------------------------------------------------------- checkpoints

    static Checkpoint checkpoint(Path file) {
        try {
            return Safetensors.read(file);
        } catch (CheckpointException e) {
            throw new AssertionError("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** The values of one tensor as doubles (F32 or F64). */
    static double[] tensor(Checkpoint c, String name) {
        TensorEntry e = c.tensors().get(name);
        assertNotNull(e, () -> "no tensor '" + name + "' in the checkpoint: " + c.tensors().keySet());
        return switch (e.dtype()) {
            case F64 -> e.toDoubleArray();
            case F32 -> {
                float[] f = e.toFloatArray();
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) d[i] = f[i];
                yield d;
            }
            default -> throw new AssertionError("tensor '" + name + "' is " + e.dtype());
        };
    }

    // ---------------------------------------------------------------- data

    /**
     * Writes to {@code to} the header and the rows of {@code csv} that a run with this validation fraction
     * and seed holds out, as the original text lines (no precision lost), so that {@code eval} on the file
     * must reproduce the run's validation metrics. The rows are found by splitting a data set whose only
     * feature is the row number with {@link Dataset#split}, the very split {@code nabla train} uses.
     */
    static Path validationRows(Path csv, double fraction, long seed, Path to) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> rows = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        float[][] index = new float[rows.size()][];
        for (int i = 0; i < index.length; i++) index[i] = new float[] {i};
        Dataset.Split split = Dataset.unlabeled(index, new String[] {"row"}).split(fraction, seed);
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (float[] f : split.validation().features()) sb.append(rows.get((int) f[0])).append('\n');
        Files.writeString(to, sb.toString(), StandardCharsets.UTF_8);
        return to;
    }

    /** The file names in a folder, sorted. */
    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Asserts that two numbers agree to a relative tolerance. */
    static void assertClose(double expected, double actual, double relTol, String what) {
        double scale = Math.max(Math.abs(expected), 1e-12);
        assertTrue(Math.abs(expected - actual) <= relTol * scale,
                () -> what + ": expected " + expected + " but got " + actual + " (relative tolerance " + relTol + ")");
    }
}
