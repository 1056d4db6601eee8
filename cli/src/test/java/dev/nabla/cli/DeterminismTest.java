package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.runtime.io.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Training from the command line is reproducible to the byte, and resuming equals training straight. */
class DeterminismTest {
    @TempDir
    Path dir;

    Path spirals = Cli.sample("spirals", "spirals.nabla");

    @Test
    void theSameSeedGivesByteIdenticalCheckpoints() throws IOException {
        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors");
        Cli.run("train", spirals, "--epochs", 20, "--quiet", "--save", a).assertOk();
        Cli.run("train", spirals, "--epochs", 20, "--quiet", "--save", b).assertOk();
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "two runs with the same seed");
    }

    @Test
    void anotherSeedGivesOtherWeights() {
        Path a = dir.resolve("seed7.safetensors"), b = dir.resolve("seed8.safetensors");
        Cli.run("train", spirals, "--epochs", 5, "--quiet", "--save", a).assertOk();
        Cli.run("train", spirals, "--epochs", 5, "--quiet", "--seed", 8, "--save", b).assertOk();
        Checkpoint ca = Cli.checkpoint(a), cb = Cli.checkpoint(b);
        assertEquals("7", ca.metadata().get("nabla.seed"), "the train block's seed");
        assertEquals("8", cb.metadata().get("nabla.seed"), "the --seed flag");
        for (String p : new String[] {"W1", "W2", "W3"}) {
            double[] wa = Cli.tensor(ca, p), wb = Cli.tensor(cb, p);
            assertEquals(wa.length, wb.length);
            assertFalse(Arrays.equals(wa, wb), p + " is the same with seeds 7 and 8");
        }
    }

    @Test
    void resumingAfter5EpochsAndContinuingTo10EqualsTraining10Straight() throws IOException {
        Path straight = dir.resolve("straight.safetensors"), resumed = dir.resolve("resumed.safetensors");
        Cli.run("train", spirals, "--epochs", 10, "--quiet", "--save", straight).assertOk();

        Cli.run("train", spirals, "--epochs", 5, "--quiet", "--save", resumed).assertOk();
        assertEquals("5", Cli.checkpoint(resumed).metadata().get("nabla.epochs_done"));
        Cli.Result r = Cli.run("train", spirals, "--epochs", 10, "--resume", resumed, "--save", resumed).assertOk();
        assertTrue(r.out().contains("Epoch  6/10"), "the resumed run continues the epoch count:\n" + r);
        assertFalse(r.out().contains("Epoch  5/10"), "the resumed run repeats epoch 5:\n" + r);

        assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(resumed), "5 + 5 resumed epochs vs 10 straight");
    }

    @Test
    void dataParallelTrainingIsReproducibleAndResumable() throws IOException {
        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors"), resumed = dir.resolve("resumed.safetensors");
        Cli.run("train", spirals, "--epochs", 10, "--threads", 2, "--quiet", "--save", a).assertOk();
        Cli.run("train", spirals, "--epochs", 10, "--threads", 2, "--quiet", "--save", b).assertOk();
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "two runs on 2 threads with the same seed");
        Cli.run("train", spirals, "--epochs", 5, "--threads", 2, "--quiet", "--save", resumed).assertOk();
        Cli.run("train", spirals, "--epochs", 10, "--threads", 2, "--quiet", "--resume", resumed, "--save", resumed).assertOk();
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(resumed), "5 + 5 resumed epochs vs 10 straight, 2 threads");
    }

    @Test
    void resumingAFinishedRunAsksForMoreEpochs() {
        Path w = dir.resolve("w.safetensors");
        Cli.run("train", spirals, "--epochs", 3, "--quiet", "--save", w).assertOk();
        Cli.run("train", spirals, "--epochs", 3, "--resume", w).assertUserError("has already trained 3 epochs", "--epochs");
    }

    /**
     * Resume with a learning-rate schedule whose value does not depend on the run length: the checkpoint
     * holds the scheduled rate of its last epoch, and the resumed run must restart the schedule from the
     * base rate, not from that decayed rate (which would apply the decay twice).
     */
    @ParameterizedTest
    @ValueSource(strings = {"step(step_size: 3, gamma: 0.5)", "cosine(t_max: 10)", "cosine(t_max: 100, per_step: true)"})
    void resumingUnderAScheduleEqualsTrainingStraight(String schedule) throws IOException {
        Path model = Cli.copySample("spirals", dir);
        String text = Files.readString(model).replace("    seed       7\n", "    seed       7\n    schedule   " + schedule + "\n");
        assertTrue(text.contains("schedule"), "the sample's train block changed; update this test");
        Files.writeString(model, text);
        Path straight = dir.resolve("straight.safetensors"), resumed = dir.resolve("resumed.safetensors");
        Cli.run("train", model, "--epochs", 10, "--quiet", "--save", straight).assertOk();
        Cli.run("train", model, "--epochs", 5, "--quiet", "--save", resumed).assertOk();
        Cli.run("train", model, "--epochs", 10, "--quiet", "--resume", resumed, "--save", resumed).assertOk();
        assertEquals(Cli.checkpoint(straight).metadata().get("nabla.lr"), Cli.checkpoint(resumed).metadata().get("nabla.lr"),
                "the learning rate after 10 epochs");
        assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(resumed), "5 + 5 resumed epochs vs 10 straight");
    }
}
