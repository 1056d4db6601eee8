package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -} as standard input (model file, training, evaluation and prediction data) and standard output. */
class StandardStreamsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path spirals = Cli.sample("spirals", "spirals.nabla");
    static Path spiralsCsv = Cli.sample("spirals", "spirals.csv");
    static Path weights;

    @BeforeAll
    static void train() {
        weights = shared.resolve("w.safetensors");
        Cli.run("train", spirals, "--epochs", 3, "--quiet", "--save", weights).assertOk();
    }

    /** Runs {@code nabla ARGS} with {@code input} as standard input. */
    static Cli.Result runWithInput(byte[] input, Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) a[i] = String.valueOf(args[i]);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Main.run(a, new ByteArrayInputStream(input), o, e);
        }
        return new Cli.Result(String.join(" ", a), code, out.toString(), err.toString());
    }

    @Test
    void predictReadsStandardInputAndWritesStandardOutput() throws IOException {
        String fromFile = Cli.run("predict", spirals, "--weights", weights, "--input", spiralsCsv).assertOk().out();
        Cli.Result r = runWithInput(Files.readAllBytes(spiralsCsv), "predict", spirals, "--weights", weights,
                "--input", "-", "--output", "-").assertOk();
        assertEquals(fromFile, r.out());
        assertEquals(Files.readAllLines(spiralsCsv).size(), r.outLines().size(), "a header and one line per row");
    }

    @Test
    void aModelFileFromStandardInput() throws IOException {
        byte[] model = Files.readAllBytes(spirals);
        runWithInput(model, "check", "-").assertOk();
        assertEquals("-: ok\n", runWithInput(model, "check", "-").out());
        // relative data paths of the train block start from the working folder: name the data with --data
        Cli.Result r = runWithInput(model, "train", "-", "--data", spiralsCsv, "--epochs", 2, "--quiet").assertOk();
        assertTrue(r.out().startsWith("Trained Spirals for 2 epochs"), r.toString());
        Cli.Result bad = runWithInput("model M {\n  input x[2\n}\n".getBytes(StandardCharsets.UTF_8), "check", "-");
        assertEquals(Main.USER_ERROR, bad.code());
        assertTrue(bad.err().startsWith("<stdin>:2:"), "diagnostics name standard input:\n" + bad);
    }

    @Test
    void trainingAndEvaluationDataFromStandardInput() throws IOException {
        byte[] csv = Files.readAllBytes(spiralsCsv);
        Cli.Result file = Cli.run("train", spirals, "--data", spiralsCsv, "--epochs", 2, "--quiet").assertOk();
        Cli.Result stdin = runWithInput(csv, "train", spirals, "--data", "-", "--epochs", 2, "--quiet").assertOk();
        assertEquals(Cli.summary(file), Cli.summary(stdin), "the same data gives the same training");
        Cli.Result eval = runWithInput(csv, "eval", spirals, "--weights", weights, "--data", "-").assertOk();
        assertTrue(eval.out().startsWith("Evaluated on 600 examples of stdin:"), eval.toString());
    }

    @Test
    void aDataErrorOnStandardInputNamesIt() {
        byte[] csv = "x1,x2,arm\n0.1,0.2,inner\n0.1,abc,outer\n".getBytes(StandardCharsets.UTF_8);
        runWithInput(csv, "train", spirals, "--data", "-").assertUserError("stdin:3:2:", "'abc'");
        runWithInput(csv, "predict", spirals, "--weights", weights, "--input", "-").assertUserError("stdin:3:2:", "'abc'");
    }

    @Test
    void standardInputCannotBeReadTwice() throws IOException {
        runWithInput(Files.readAllBytes(spirals), "train", "-", "--data", "-")
                .assertUserError("standard input can be read only once", "the model file", "--data");
        runWithInput(Files.readAllBytes(spirals), "predict", "-", "--weights", weights, "--input", "-")
                .assertUserError("standard input can be read only once", "the model file", "--input");
    }

    @Test
    void predictionsToAFileSayHowManyAndLeaveNoTemporaryFile() throws IOException {
        Path out = dir.resolve("preds.csv");
        Cli.Result r = Cli.run("predict", spirals, "--weights", weights, "--input", spiralsCsv, "--output", out).assertOk();
        assertTrue(r.err().contains("nabla: wrote 600 predictions to " + out), r.toString());
        assertEquals(Cli.run("predict", spirals, "--weights", weights, "--input", spiralsCsv).out(), Files.readString(out));
        assertEquals(List.of("preds.csv"), Cli.listing(dir));
    }

    @Test
    void aDataErrorLeavesNoHalfWrittenOutputFile() throws IOException {
        Path out = Files.writeString(dir.resolve("preds.csv"), "old\n");
        StringBuilder csv = new StringBuilder("x1,x2,arm\n");
        for (int i = 0; i < PredictCommand.CHUNK_ROWS + 10; i++) csv.append("0.1,0.2,inner\n");
        csv.append("0.1,oops,inner\n");
        Path input = Files.writeString(dir.resolve("in.csv"), csv);
        Cli.run("predict", spirals, "--weights", weights, "--input", input, "--output", out)
                .assertUserError("in.csv:" + (PredictCommand.CHUNK_ROWS + 12) + ":2:", "'oops'");
        assertEquals("old\n", Files.readString(out), "the old predictions are kept whole");
        assertEquals(List.of("in.csv", "preds.csv"), Cli.listing(dir));
    }

    @Test
    void anOutputFolderThatDoesNotExistIsReportedBeforeAnyWork() {
        Path out = dir.resolve("missing").resolve("preds.csv");
        Cli.Result r = Cli.run("predict", spirals, "--weights", weights, "--input", spiralsCsv, "--output", out)
                .assertUserError("--output: cannot write " + out + ": folder " + out.getParent() + " does not exist");
        assertEquals("", r.out());
    }

    @Test
    void predictionsOfALongInputReadInChunksEqualThoseOfItsRows() throws IOException {
        List<String> lines = Files.readAllLines(spiralsCsv);
        List<String> once = Cli.run("predict", spirals, "--weights", weights, "--input", spiralsCsv).assertOk().outLines();
        int copies = 2 * PredictCommand.CHUNK_ROWS / (lines.size() - 1) + 2; // three chunks, the last one partial
        StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
        for (int c = 0; c < copies; c++) for (String l : lines.subList(1, lines.size())) csv.append(l).append('\n');
        Path input = Files.writeString(dir.resolve("long.csv"), csv);
        List<String> all = Cli.run("predict", spirals, "--weights", weights, "--input", input).assertOk().outLines();
        assertEquals(1 + copies * (lines.size() - 1), all.size());
        assertEquals(once.get(0), all.get(0));
        for (int i = 1; i < all.size(); i++) {
            assertEquals(once.get(1 + (i - 1) % (lines.size() - 1)), all.get(i), "prediction of row " + i);
        }
    }

    @Test
    void droppedRowsAreCountedAcrossChunks() throws IOException {
        StringBuilder csv = new StringBuilder("x1,x2,arm\n");
        int rows = PredictCommand.CHUNK_ROWS * 2 + 3;
        for (int i = 0; i < rows; i++) csv.append(i % 1000 == 7 ? "NA" : "0.1").append(",0.2,inner\n");
        Path input = Files.writeString(dir.resolve("gaps.csv"), csv);
        int missing = 0;
        for (int i = 0; i < rows; i++) if (i % 1000 == 7) missing++;
        Cli.Result r = Cli.run("predict", spirals, "--weights", weights, "--input", input, "--on-missing", "drop").assertOk();
        assertEquals(1 + rows - missing, r.outLines().size());
        assertTrue(r.err().contains("dropped " + missing + " rows with missing values from gaps.csv; the predictions are for the other "
                + (rows - missing) + " rows"), r.toString());
        Cli.run("predict", spirals, "--weights", weights, "--input", input).assertUserError("gaps.csv:9:1:", "missing value");
    }

    @Test
    void inputThatIsNotUtf8IsAnErrorWithItsLine() throws IOException {
        byte[] head = "x1,x2,arm\n0.1,0.2,inner\n0.1,0.2,".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xE9, 't', 'e', '\n'};
        Path input = dir.resolve("latin1.csv");
        Files.write(input, head);
        Files.write(input, bad, java.nio.file.StandardOpenOption.APPEND);
        Cli.run("predict", spirals, "--weights", weights, "--input", input).assertUserError("latin1.csv:3: not UTF-8 text");
    }
}
