package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --log-format json}: one JSON object per standard output line, each with an event, ending with done. */
class JsonLogTest {
    @TempDir
    Path dir;

    @Test
    void everyLineIsAJsonEventAndTheLastIsDoneWithTheFinalMetrics() {
        Path weights = dir.resolve("w.safetensors");
        Cli.Result r = Cli.run("train", Cli.sample("spirals", "spirals.nabla"), "--epochs", 6, "--log-format", "json",
                "--save", weights).assertOk();
        List<JsonObject> lines = Cli.jsonLines(r.out());
        for (JsonObject o : lines) assertTrue(o.has("event") && o.get("event").isJsonPrimitive(), "no event in " + o);
        assertEquals(7, lines.size(), "6 epoch events and done:\n" + r);

        List<JsonObject> epochs = Cli.epochEvents(r);
        assertEquals(6, epochs.size());
        for (int i = 0; i < epochs.size(); i++) {
            JsonObject e = epochs.get(i);
            assertEquals(i + 1, e.get("epoch").getAsInt());
            assertEquals(6, e.get("epochs").getAsInt());
            for (String k : List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds")) {
                assertTrue(Double.isFinite(Cli.number(e, k)), k + " in " + e);
            }
        }
        JsonObject done = Cli.done(r);
        assertEquals("Spirals", done.get("model").getAsString());
        assertEquals(6, done.get("epochs").getAsInt());
        JsonObject last = epochs.get(5);
        for (String k : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
            assertEquals(Cli.number(last, k), Cli.number(done, k), 0.0, "done." + k + " is the last epoch's");
        }
        double acc = Cli.number(done, "val_accuracy");
        assertTrue(acc >= 0 && acc <= 1, "val_accuracy " + acc);
    }

    @Test
    void jsonAndTextRunsReportTheSameNumbers() {
        Path spirals = Cli.sample("spirals", "spirals.nabla");
        JsonObject done = Cli.done(Cli.run("train", spirals, "--epochs", 4, "--log-format", "json").assertOk());
        Map<String, Double> text = Cli.summary(Cli.run("train", spirals, "--epochs", 4, "--quiet").assertOk());
        for (Map.Entry<String, Double> e : text.entrySet()) {
            assertEquals(TrainingLog.format(Cli.number(done, e.getKey())), TrainingLog.format(e.getValue()), e.getKey());
        }
    }

    @Test
    void anEarlyStopIsAnEventToo() {
        Path model = Cli.fixture(dir, "plateau.nabla", "plateau.csv");
        Cli.Result r = Cli.run("train", model, "--log-format", "json").assertOk();
        List<String> events = Cli.jsonLines(r.out()).stream().map(o -> o.get("event").getAsString()).toList();
        assertEquals("early_stop", events.get(events.size() - 2), events.toString());
        assertEquals("done", events.get(events.size() - 1));
    }

    @Test
    void aFailedRunKeepsStandardOutputJson() {
        Path model = Cli.fixture(dir, "diverge.nabla", "diverge.csv");
        Cli.Result r = Cli.run("train", model, "--log-format", "json").assertUserError("the loss became");
        List<JsonObject> lines = Cli.jsonLines(r.out());
        for (JsonObject o : lines) assertEquals("epoch", o.get("event").getAsString());
    }
}
