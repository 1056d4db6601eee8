package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save, predict, eval: the bundled samples are trained once with {@code --save}; predictions and
 * evaluations of the saved weights must agree with each other and with the training run.
 */
class PredictEvalTest {
    @TempDir
    static Path trained;

    static Path spirals, spiralsCsv, spiralsWeights, sine, sineCsv, sineWeights;
    static JsonObject spiralsDone, sineDone;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainSamples() {
        spirals = Cli.sample("spirals", "spirals.nabla");
        spiralsCsv = Cli.sample("spirals", "spirals.csv");
        spiralsWeights = trained.resolve("spirals.safetensors");
        spiralsDone = Cli.done(Cli.run("train", spirals, "--log-format", "json", "--save", spiralsWeights).assertOk());

        sine = Cli.sample("sine", "sine.nabla");
        sineCsv = Cli.sample("sine", "sine.csv");
        sineWeights = trained.resolve("sine.safetensors");
        sineDone = Cli.done(Cli.run("train", sine, "--log-format", "json", "--save", sineWeights).assertOk());
    }

    // ---------------------------------------------------------------- classification

    @Test
    void spiralsPredictionsHaveClassNamesAndProbabilitiesSummingToOne() throws IOException {
        Cli.Result r = Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", spiralsCsv).assertOk();
        List<String> lines = r.outLines();
        assertEquals("arm,p_inner,p_outer", lines.get(0), "header: the label column, then p_<class> per class");
        List<String> input = Files.readAllLines(spiralsCsv);
        assertEquals(input.size() - 1, lines.size() - 1, "one prediction per input row");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(3, f.length, line);
            double pInner = Double.parseDouble(f[1]), pOuter = Double.parseDouble(f[2]);
            assertTrue(pInner >= 0 && pInner <= 1 && pOuter >= 0 && pOuter <= 1, line);
            assertEquals(1.0, pInner + pOuter, 1e-5, "probabilities sum to 1: " + line);
            assertEquals(pInner > pOuter ? "inner" : "outer", f[0], "the class is the most probable one: " + line);
        }
    }

    @Test
    void spiralsPredictionsAgreeWithEvalAccuracyOnTheSameRows() throws IOException {
        List<String> preds = Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", spiralsCsv).assertOk().outLines();
        List<String> rows = Files.readAllLines(spiralsCsv);
        int right = 0;
        for (int i = 1; i < rows.size(); i++) {
            String label = rows.get(i).substring(rows.get(i).lastIndexOf(',') + 1);
            if (preds.get(i).startsWith(label + ",")) right++;
        }
        double accuracy = right / (double) (rows.size() - 1);
        JsonObject eval = Cli.jsonLines(Cli.run("eval", spirals, "--weights", spiralsWeights, "--data", spiralsCsv,
                "--log-format", "json").assertOk().out()).get(0);
        assertEquals("eval", eval.get("event").getAsString());
        assertEquals(600, eval.get("examples").getAsInt());
        assertEquals(accuracy, Cli.number(eval, "accuracy"), 1e-9, "eval accuracy vs accuracy of the predictions");
        assertTrue(accuracy >= 0.95, "accuracy of the trained spirals model on its data: " + accuracy);
    }

    @Test
    void spiralsEvalOnTheValidationRowsReproducesTheTrainingRunsValidationMetrics() throws IOException {
        // spirals.nabla: validation 0.2, seed 7
        Path val = Cli.validationRows(spiralsCsv, 0.2, 7, dir.resolve("val.csv"));
        JsonObject eval = Cli.jsonLines(Cli.run("eval", spirals, "--weights", spiralsWeights, "--data", val,
                "--log-format", "json").assertOk().out()).get(0);
        assertEquals(120, eval.get("examples").getAsInt());
        Cli.assertClose(Cli.number(spiralsDone, "val_loss"), Cli.number(eval, "loss"), 1e-4, "val_loss");
        assertEquals(Cli.number(spiralsDone, "val_accuracy"), Cli.number(eval, "accuracy"), 1e-9, "val_accuracy");

        Cli.Result text = Cli.run("eval", spirals, "--weights", spiralsWeights, "--data", val).assertOk();
        String line = text.out().strip();
        assertTrue(line.startsWith("Evaluated on 120 examples of val.csv:"), line);
        assertTrue(line.contains(" loss " + TrainingLog.format(Cli.number(eval, "loss"))), line);
        assertTrue(line.contains(" accuracy " + TrainingLog.format(Cli.number(eval, "accuracy"))), line);
    }

    @Test
    void predictionsWithoutTheLabelColumnAreTheSame() throws IOException {
        List<String> in = Files.readAllLines(spiralsCsv);
        StringBuilder sb = new StringBuilder();
        for (String l : in) sb.append(l, 0, l.lastIndexOf(',')).append('\n');
        Path unlabeled = Files.writeString(dir.resolve("points.csv"), sb.toString());
        String withLabel = Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", spiralsCsv).assertOk().out();
        String without = Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", unlabeled).assertOk().out();
        assertEquals(withLabel, without);
    }

    // ---------------------------------------------------------------- regression

    @Test
    void sinePredictionsAreValuesOnePerRowAgreeingWithEval() throws IOException {
        Cli.Result r = Cli.run("predict", sine, "--weights", sineWeights, "--input", sineCsv).assertOk();
        List<String> lines = r.outLines();
        assertEquals("pred", lines.get(0), "header: the output's name");
        List<String> rows = Files.readAllLines(sineCsv);
        assertEquals(rows.size(), lines.size(), "one prediction per input row");
        double sq = 0, abs = 0;
        for (int i = 1; i < rows.size(); i++) {
            double p = Double.parseDouble(lines.get(i));
            assertTrue(Double.isFinite(p), lines.get(i));
            double y = Double.parseDouble(rows.get(i).split(",")[1]);
            sq += (p - y) * (p - y);
            abs += Math.abs(p - y);
        }
        int n = rows.size() - 1;
        JsonObject eval = Cli.jsonLines(Cli.run("eval", sine, "--weights", sineWeights, "--data", sineCsv,
                "--log-format", "json").assertOk().out()).get(0);
        assertEquals(n, eval.get("examples").getAsInt());
        assertEquals(Math.sqrt(sq / n), Cli.number(eval, "rmse"), 1e-4, "rmse of the predictions vs eval's");
        assertEquals(abs / n, Cli.number(eval, "mae"), 1e-4, "mae of the predictions vs eval's");
        assertEquals(sq / n, Cli.number(eval, "loss"), 1e-4, "loss (mse) of the predictions vs eval's");
    }

    @Test
    void sineEvalOnTheValidationRowsReproducesTheTrainingRunsValidationMetrics() throws IOException {
        // sine.nabla: validation 0.2, seed 1
        Path val = Cli.validationRows(sineCsv, 0.2, 1, dir.resolve("val.csv"));
        JsonObject eval = Cli.jsonLines(Cli.run("eval", sine, "--weights", sineWeights, "--data", val,
                "--log-format", "json").assertOk().out()).get(0);
        assertEquals(100, eval.get("examples").getAsInt());
        for (String m : List.of("loss", "mae", "rmse")) {
            Cli.assertClose(Cli.number(sineDone, "val_" + m), Cli.number(eval, m), 1e-4, "val_" + m);
        }
        String line = Cli.run("eval", sine, "--weights", sineWeights, "--data", val).assertOk().out().strip();
        assertTrue(line.startsWith("Evaluated on 100 examples of val.csv:"), line);
        for (String m : List.of("loss", "mae", "rmse")) {
            assertTrue(line.contains(" " + m + " " + TrainingLog.format(Cli.number(eval, m))), line);
        }
    }

    // ---------------------------------------------------------------- --output

    @Test
    void outputWritesTheFileAtomicallyAndLeavesNothingElse() throws IOException {
        Path out = dir.resolve("predictions.csv");
        Files.writeString(out, "old content that must be replaced entirely\n".repeat(1000));
        String stdout = Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", spiralsCsv).assertOk().out();
        Cli.Result r = Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", spiralsCsv, "--output", out).assertOk();
        assertEquals("", r.out(), "with --output nothing goes to standard output");
        assertTrue(r.err().contains("wrote 600 predictions to " + out), r.toString());
        assertEquals(stdout, Files.readString(out, StandardCharsets.UTF_8), "the file holds what stdout would");
        assertEquals(List.of("predictions.csv"), Cli.listing(dir), "no temporary file left behind");
    }

    @Test
    void outputIntoAMissingFolderIsAUserErrorAndWritesNothing() throws IOException {
        Path out = dir.resolve("no-such-folder").resolve("predictions.csv");
        Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", spiralsCsv, "--output", out)
                .assertUserError("cannot write " + out);
        assertEquals(List.of(), Cli.listing(dir), "nothing created");
    }

    @Test
    void outputOntoAFolderIsAUserErrorAndLeavesTheFolderAlone() throws IOException {
        Path target = Files.createDirectory(dir.resolve("predictions.csv"));
        Cli.Result r = Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", spiralsCsv, "--output", target)
                .assertUserError("cannot write " + target);
        assertTrue(r.err().toLowerCase(Locale.ROOT).contains("directory"), "the reason: " + r);
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of(), Cli.listing(target));
        assertEquals(List.of("predictions.csv"), Cli.listing(dir), "no temporary file left behind");
    }

    @Test
    void outputIntoAReadOnlyFolderIsAUserErrorAndKeepsTheOldFile() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path folder = Files.createDirectory(dir.resolve("locked"));
        Path out = Files.writeString(folder.resolve("predictions.csv"), "old\n");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(folder), "running as root: permissions do not stop writes");
            Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", spiralsCsv, "--output", out)
                    .assertUserError("cannot write " + out);
            assertEquals("old\n", Files.readString(out), "the old file is untouched");
            assertEquals(List.of("predictions.csv"), Cli.listing(folder));
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /**
     * The message for an output folder that does not exist should say so, not show the temporary file.
     */
    @Test
    void outputErrorNamesTheReasonNotTheTemporaryFile() throws IOException {
        Path out = dir.resolve("no-such-folder").resolve("predictions.csv");
        Cli.Result r = Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", spiralsCsv, "--output", out)
                .assertUserError("cannot write " + out, "does not exist");
        assertFalse(r.err().contains(".tmp"), "the message shows the temporary file: " + r);
    }

    /**
     * The predictions file should get the permissions of any new file of the process (like the plots and
     * reports), not those of a private temporary file.
     */
    @Test
    void outputFileGetsTheUsualPermissionsOfANewFile() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("reference")));
        Path out = dir.resolve("predictions.csv");
        Cli.run("predict", spirals, "--weights", spiralsWeights, "--input", spiralsCsv, "--output", out).assertOk();
        assertEquals(PosixFilePermissions.toString(usual), PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }
}
