package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping on a model whose validation loss plateaus within a few epochs (fixture e2e/plateau.nabla:
 * {@code early_stop early(patience: 3, monitor: "val_loss")}, 200 epochs at most, validation 0.25, seed 3).
 */
class EarlyStoppingTest {
    static final Pattern EARLY_STOP = Pattern.compile(
            "Early stop at epoch (\\d+): val_loss has not improved since epoch (\\d+) \\(best ([0-9.e+-]+)\\)");

    @TempDir
    Path dir;

    Path model, csv;

    @BeforeEach
    void fixture() {
        model = Cli.fixture(dir, "plateau.nabla", "plateau.csv");
        csv = dir.resolve("plateau.csv");
    }

    @Test
    void stopsLongBeforeTheEpochLimitAndSaysSo() {
        Cli.Result r = Cli.run("train", model).assertOk();
        Matcher m = EARLY_STOP.matcher(r.out());
        assertTrue(m.find(), "no early-stop line:\n" + r);
        int stopped = Integer.parseInt(m.group(1)), best = Integer.parseInt(m.group(2));
        assertTrue(stopped < 50, "stopped only at epoch " + stopped + " of 200");
        assertEquals(3, stopped - best, "patience 3: stops 3 epochs after the best one");
        List<String> epochLines = r.outLines().stream().filter(l -> l.startsWith("Epoch ")).toList();
        assertEquals(stopped, epochLines.size(), "one line per epoch run");
        assertTrue(epochLines.get(epochLines.size() - 1).matches("Epoch +" + stopped + "/200 .*"), epochLines.toString());
        assertTrue(r.out().contains("Trained Plateau for " + stopped + " epochs"), r.toString());
    }

    @Test
    void withRestoreBestTheSavedWeightsAreThoseOfTheBestEpoch() throws IOException {
        Path weights = dir.resolve("plateau.safetensors");
        Cli.Result r = Cli.run("train", model, "--log-format", "json", "--save", weights).assertOk();
        List<JsonObject> events = Cli.jsonLines(r.out());
        JsonObject stop = events.stream().filter(e -> e.get("event").getAsString().equals("early_stop")).findFirst()
                .orElseThrow(() -> new AssertionError("no early_stop event:\n" + r));
        assertEquals("val_loss", stop.get("monitor").getAsString());
        int bestEpoch = stop.get("best_epoch").getAsInt(), stopped = stop.get("epoch").getAsInt();
        List<JsonObject> epochs = Cli.epochEvents(r);
        assertEquals(stopped, epochs.size());
        double bestLoss = Cli.number(epochs.get(bestEpoch - 1), "val_loss");
        double lastLoss = Cli.number(epochs.get(stopped - 1), "val_loss");
        assertEquals(bestLoss, Cli.number(stop, "best"), 0.0);
        assertTrue(Math.abs(lastLoss - bestLoss) > 1e-4 * bestLoss, "best and last epochs must differ for this test to tell");

        double evaluated = evalOnValidationRows(weights);
        Cli.assertClose(bestLoss, evaluated, 1e-5, "eval of the saved weights vs val_loss of the best epoch " + bestEpoch);
    }

    @Test
    void withoutRestoreBestTheSavedWeightsAreThoseOfTheLastEpoch() throws IOException {
        String text = Files.readString(model);
        String changed = text.replace("monitor: \"val_loss\")", "monitor: \"val_loss\", restore_best: false)");
        assertTrue(!changed.equals(text), "fixture changed; update this test");
        Files.writeString(model, changed);
        Path weights = dir.resolve("plateau.safetensors");
        Cli.Result r = Cli.run("train", model, "--log-format", "json", "--save", weights).assertOk();
        List<JsonObject> epochs = Cli.epochEvents(r);
        double lastLoss = Cli.number(epochs.get(epochs.size() - 1), "val_loss");
        assertTrue(epochs.size() < 200, "no early stop");
        Cli.assertClose(lastLoss, evalOnValidationRows(weights), 1e-5, "eval of the saved weights vs the last epoch");
    }

    private double evalOnValidationRows(Path weights) throws IOException {
        Path val = Cli.validationRows(csv, 0.25, 3, dir.resolve("val.csv"));
        JsonObject eval = Cli.jsonLines(Cli.run("eval", model, "--weights", weights, "--data", val, "--log-format", "json")
                .assertOk().out()).get(0);
        assertNotNull(eval.get("loss"));
        assertEquals(50, eval.get("examples").getAsInt());
        return Cli.number(eval, "loss");
    }
}
