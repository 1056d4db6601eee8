package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every output of {@code nabla train} is checked before training, and every file written is announced. */
class OutputChecksTest {
    @TempDir
    Path dir;

    Path spirals = Cli.sample("spirals", "spirals.nabla");

    @Test
    void aReportIntoAMissingFolderFailsBeforeTraining() {
        Path report = dir.resolve("nodir").resolve("r.html");
        Cli.Result r = Cli.run("train", spirals, "--report", report)
                .assertUserError("--report: cannot write " + report + ": folder " + report.getParent() + " does not exist");
        assertEquals("", r.out(), "no 'Training ...' line, no epoch:\n" + r);
    }

    @Test
    void saveAndPlotIntoAMissingFolderFailBeforeTraining() {
        Path save = dir.resolve("nodir").resolve("w.safetensors");
        assertEquals("", Cli.run("train", spirals, "--save", save).assertUserError("--save: cannot write " + save).out());
        Path plot = dir.resolve("nodir").resolve("c.svg");
        assertEquals("", Cli.run("train", spirals, "--plot", plot).assertUserError("--plot: cannot write " + plot).out());
    }

    @Test
    void relativePathsNameTheFolderAsGiven() {
        Cli.run("train", spirals, "--report", "nodir-" + System.nanoTime() + "/r.html")
                .assertUserError("--report: cannot write nodir-", "/r.html: folder nodir-", " does not exist");
    }

    @Test
    void anOutputThatIsADirectoryOrAFileAsFolderFailsBeforeTraining() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("out.html"));
        Cli.run("train", spirals, "--report", folder).assertUserError("--report: cannot write " + folder + ": it is a directory");
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Cli.run("train", spirals, "--save", file.resolve("w.safetensors")).assertUserError(file + " is not a folder");
    }

    @Test
    void twoOutputsOnOneFileAreRejected() {
        Path same = dir.resolve("x.svg");
        Cli.run("train", spirals, "--plot", same, "--report", same).assertUserError("--plot and --report name the same file " + same);
    }

    @Test
    void plotAndReportSayWhereTheyWereWritten() throws IOException {
        Path plot = dir.resolve("c.svg"), report = dir.resolve("r.html");
        Cli.Result r = Cli.run("train", spirals, "--epochs", 2, "--plot", plot, "--report", report).assertOk();
        assertTrue(r.outLines().contains("Wrote the plot to " + plot), r.toString());
        assertTrue(r.outLines().contains("Wrote the report to " + report), r.toString());
        Cli.Result quiet = Cli.run("train", spirals, "--epochs", 2, "--quiet", "--plot", plot).assertOk();
        assertTrue(quiet.outLines().contains("Wrote the plot to " + plot), quiet.toString());
        Cli.Result json = Cli.run("train", spirals, "--epochs", 2, "--log-format", "json", "--report", report).assertOk();
        List<JsonObject> files = Cli.jsonLines(json.out()).stream().filter(o -> o.get("event").getAsString().equals("file")).toList();
        assertEquals(1, files.size(), json.toString());
        assertEquals("report", files.get(0).get("kind").getAsString());
        assertEquals(report.toString(), files.get(0).get("path").getAsString());
        assertEquals(List.of("c.svg", "r.html"), Cli.listing(dir));
    }
}
