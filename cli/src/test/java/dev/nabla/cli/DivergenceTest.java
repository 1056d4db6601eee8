package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.runtime.io.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NaN stop: a regression on targets in the thousands with plain SGD far above its stable learning
 * rate (fixture e2e/diverge.nabla) overflows after a few epochs. The run must end with exit code 1 and a
 * message naming the epoch and step, and {@code --save} must leave the weights of the last good epoch.
 */
class DivergenceTest {
    static final Pattern WHERE = Pattern.compile("the loss became (NaN|-?Infinity) at epoch (\\d+), step (\\d+) of (\\d+)");

    @TempDir
    Path dir;

    Path model;

    @BeforeEach
    void fixture() {
        model = Cli.fixture(dir, "diverge.nabla", "diverge.csv");
    }

    @Test
    void aDivergingLossStopsWithExit1NamingTheEpochAndStep() {
        Cli.Result r = Cli.run("train", model).assertUserError("smaller learning rate");
        Matcher m = WHERE.matcher(r.err());
        assertTrue(m.find(), "no 'the loss became ... at epoch E, step S of N' in:\n" + r);
        int epoch = Integer.parseInt(m.group(2)), step = Integer.parseInt(m.group(3)), steps = Integer.parseInt(m.group(4));
        assertTrue(epoch > 1 && epoch < 50, "epoch " + epoch);
        assertEquals(10, steps, "320 examples in batches of 32");
        assertTrue(step >= 1 && step <= steps, "step " + step);
        assertTrue(r.err().startsWith("nabla: "), r.toString());
        assertFalse(r.out().contains("Trained Diverge"), "no success summary after a failed run:\n" + r);
        long epochLines = r.outLines().stream().filter(l -> l.startsWith("Epoch ")).count();
        assertEquals(epoch - 1, epochLines, "the finished epochs are logged before the failure");
    }

    @Test
    void withSaveTheCheckpointHoldsTheFiniteWeightsOfTheLastGoodEpoch() {
        Path weights = dir.resolve("diverge.safetensors");
        Cli.Result r = Cli.run("train", model, "--save", weights).assertUserError("the last good weights are in " + weights);
        Matcher m = WHERE.matcher(r.err());
        assertTrue(m.find(), r.toString());
        int failed = Integer.parseInt(m.group(2));
        assertTrue(Files.isRegularFile(weights), "no checkpoint left by the failed run");

        Checkpoint c = Cli.checkpoint(weights);
        assertEquals(Integer.toString(failed - 1), c.metadata().get("nabla.epochs_done"), "the last good epoch");
        for (String name : c.tensors().keySet()) {
            if (name.equals("optimizer.step")) continue;
            for (double v : Cli.tensor(c, name)) assertTrue(Double.isFinite(v), name + " holds " + v);
        }

        // the very weights a clean run of the good epochs saves
        Path clean = dir.resolve("clean.safetensors");
        Cli.run("train", model, "--epochs", failed - 1, "--quiet", "--save", clean).assertOk();
        Checkpoint good = Cli.checkpoint(clean);
        assertEquals(good.tensors().keySet(), c.tensors().keySet());
        for (String name : good.tensors().keySet()) {
            assertEquals(good.tensors().get(name), c.tensors().get(name), "tensor " + name);
        }
    }
}
