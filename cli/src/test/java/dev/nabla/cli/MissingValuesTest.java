package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows with missing values: an error by default, dropped (and counted) with {@code --on-missing drop}. */
class MissingValuesTest {
    static final Path SPIRALS = Cli.sample("spirals", "spirals.nabla");

    @TempDir
    static Path shared;

    static Path weights, data;

    @BeforeAll
    static void setUp() throws IOException {
        weights = shared.resolve("spirals.safetensors");
        Cli.run("train", SPIRALS, "--epochs", 2, "--quiet", "--save", weights).assertOk();
        // the spirals data with an empty x2 in the 3rd data row (line 4) and an empty x1 in the 6th (line 7)
        StringBuilder sb = new StringBuilder();
        var lines = Files.readAllLines(Cli.sample("spirals", "spirals.csv"));
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (i == 3) l = l.substring(0, l.indexOf(',') + 1) + l.substring(l.lastIndexOf(','));
            if (i == 6) l = l.substring(l.indexOf(','));
            sb.append(l).append('\n');
        }
        data = Files.writeString(shared.resolve("gaps.csv"), sb.toString());
    }

    @Test
    void byDefaultAMissingValueIsAnErrorNamingFileRowAndColumn() {
        Cli.run("train", SPIRALS, "--data", data).assertUserError("gaps.csv:4:", "column 'x2'", "missing value");
        Cli.run("predict", SPIRALS, "--weights", weights, "--input", data).assertUserError("gaps.csv:4:", "column 'x2'");
        Cli.run("eval", SPIRALS, "--weights", weights, "--data", data).assertUserError("gaps.csv:4:", "column 'x2'");
    }

    @Test
    void onMissingDropTrainsAndSaysHowManyRowsItDropped() {
        Cli.Result r = Cli.run("train", SPIRALS, "--data", data, "--on-missing", "drop", "--epochs", 1).assertOk();
        assertTrue(r.err().contains("dropped 2 rows with missing values from gaps.csv"), r.toString());
        assertTrue(r.out().contains("on 478 examples (120 for validation)"), "598 rows kept:\n" + r);
    }

    @Test
    void evalWithOnMissingDropCountsOnlyTheKeptRows() {
        Cli.Result r = Cli.run("eval", SPIRALS, "--weights", weights, "--data", data, "--on-missing", "drop").assertOk();
        assertTrue(r.out().startsWith("Evaluated on 598 examples of gaps.csv:"), r.toString());
    }

    /**
     * The hint names the flag a command-line user types.
     */
    @Test
    void theMissingValueHintNamesTheFlag() {
        Cli.run("train", SPIRALS, "--data", data).assertUserError("--on-missing drop");
    }

    /**
     * With JSON logs the dropped rows are reported too, as an event.
     */
    @Test
    void onMissingDropReportsTheDroppedRowsInJsonModeToo() {
        Cli.Result r = Cli.run("train", SPIRALS, "--data", data, "--on-missing", "drop", "--epochs", 1, "--log-format", "json")
                .assertOk();
        boolean inJson = Cli.jsonLines(r.out()).stream().anyMatch(o -> o.has("dropped") && o.get("dropped").getAsInt() == 2);
        assertTrue(inJson || r.err().contains("dropped 2 rows"), "dropped rows not reported:\n" + r);
    }

    /**
     * predict with --on-missing drop writes fewer rows than it read; it should at least say so. FAILS
     * today: 598 predictions for 600 input rows and not a word about the 2 dropped ones (which rows the
     * predictions belong to can no longer be told). Fix in PredictCommand.call: report
     * DataSetup.Loaded.dropped() as train does (better: keep one output row per input row, empty for the
     * dropped ones).
     */
    @Test
    void predictWithOnMissingDropSaysThatRowsWereDropped() {
        Cli.Result r = Cli.run("predict", SPIRALS, "--weights", weights, "--input", data, "--on-missing", "drop").assertOk();
        assertEquals(1 + 598, r.outLines().size());
        assertTrue(r.err().contains("dropped 2 rows"), "no word about the dropped rows:\n" + r);
    }
}
