package dev.nabla.cli;

import dev.nabla.runtime.io.Checkpoint;
import dev.nabla.runtime.io.Safetensors;
import dev.nabla.runtime.io.TensorEntry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt or crafted checkpoints given to {@code predict}, {@code eval} and {@code train --resume} end in
 * exit code 1 with a message naming the file and the problem, never in an internal error.
 */
class HostileCheckpointCliTest {
    @TempDir
    Path dir;

    private final Path spirals = Cli.sample("spirals", "spirals.nabla");
    private final Path data = Cli.sample("spirals", "spirals.csv");
    private Path weights;

    @BeforeEach
    void train() {
        weights = dir.resolve("w.safetensors");
        Cli.run("train", spirals, "--epochs", 1, "--quiet", "--save", weights).assertOk();
    }

    private void rewrite(Consumer<Map<String, TensorEntry>> tensors, Consumer<Map<String, String>> meta) throws Exception {
        Checkpoint c = Cli.checkpoint(weights);
        Map<String, TensorEntry> t = new LinkedHashMap<>(c.tensors());
        Map<String, String> m = new LinkedHashMap<>(c.metadata());
        tensors.accept(t);
        meta.accept(m);
        Safetensors.write(weights, t, m);
    }

    private Cli.Result predict() {
        return Cli.run("predict", spirals, "--weights", weights, "--input", data, "--output", dir.resolve("p.csv"));
    }

    @Test
    void aTensorShapeBeyondIntIsAUserError() throws Exception {
        rewrite(t -> t.put("W1", TensorEntry.f32(new float[0], 4294967296L, 0)), m -> { });
        predict().assertUserError(weights.toString(), "'W1' has shape [4294967296,0] in the checkpoint but [32,2] in the model");
    }

    @Test
    void aStepCountStoredAsF32IsAUserErrorOnResume() throws Exception {
        rewrite(t -> t.put("optimizer.step", TensorEntry.f32(new float[] {3}, 1)), m -> { });
        Cli.run("train", spirals, "--epochs", 2, "--quiet", "--resume", weights)
                .assertUserError(weights.toString(), "'optimizer.step' must hold one I64 value");
    }

    @Test
    void aNegativeStepCountIsAUserErrorOnResume() throws Exception {
        rewrite(t -> t.put("optimizer.step", TensorEntry.i64(new long[] {-1}, 1)), m -> { });
        Cli.run("train", spirals, "--epochs", 2, "--quiet", "--resume", weights)
                .assertUserError(weights.toString(), "'optimizer.step' is -1");
    }

    @Test
    void negativeEpochsDoneIsAUserErrorOnResume() throws Exception {
        rewrite(t -> { }, m -> m.put("nabla.epochs_done", "-1"));
        Cli.run("train", spirals, "--epochs", 2, "--quiet", "--resume", weights)
                .assertUserError(weights.toString(), "nabla.epochs_done is '-1'");
    }

    @Test
    void aStandardizerOfTheWrongWidthIsAUserError() throws Exception {
        rewrite(t -> { }, m -> m.put("nabla.standardizer", "{\"version\":1,\"mean\":[0,0,0],\"std\":[1,1,1]}"));
        predict().assertUserError(weights.toString(), "nabla.standardizer scales 3 features, but input 'p' of model Spirals takes 2");
        Cli.run("eval", spirals, "--weights", weights, "--data", data)
                .assertUserError(weights.toString(), "nabla.standardizer scales 3 features");
    }

    @Test
    void nanWeightsAreAUserError() throws Exception {
        rewrite(t -> {
            float[] b = t.get("b2").toFloatArray();
            b[5] = Float.NaN;
            t.put("b2", TensorEntry.f32(b, b.length));
        }, m -> { });
        predict().assertUserError(weights.toString(), "'b2' holds NaN at [5]");
    }
}
