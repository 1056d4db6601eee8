package dev.nabla.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.runtime.InitSpec;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TrainableModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints that are corrupt or crafted: every one is refused by {@link ModelCheckpoints#load} with a
 * {@link CheckpointException} that names the file and what is wrong, and the model keeps its values. (The
 * command line turns that exception into a message and exit code 1.)
 */
class HostileCheckpointTest {
    @TempDir
    Path dir;

    private Path file;
    private Map<String, TensorEntry> tensors;
    private Map<String, String> meta;
    private Model model;

    @BeforeEach
    void saveAGoodCheckpoint() throws Exception {
        model = new Model();
        file = dir.resolve("w.safetensors");
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(ModelCheckpoints.EPOCHS_DONE, "3");
        extra.put(ModelCheckpoints.ENCODING, "{\"version\":1,\"featureColumns\":[\"a\",\"b\",\"c\"],\"labelColumn\":\"y\","
                + "\"classNames\":[\"p\",\"q\"]}");
        extra.put(ModelCheckpoints.STANDARDIZER, "{\"version\":1,\"mean\":[0,0,0],\"std\":[1,1,1]}");
        ModelCheckpoints.save(model, file, extra);
        Checkpoint c = Safetensors.read(file);
        tensors = new LinkedHashMap<>(c.tensors());
        meta = new LinkedHashMap<>(c.metadata());
        ModelCheckpoints.load(new Model(), file, true); // the untouched file loads
    }

    /** Rewrites the checkpoint with a change and returns the message loading it gives. */
    private String refused(Consumer<Map<String, TensorEntry>> tensorChange, Consumer<Map<String, String>> metaChange) throws Exception {
        tensorChange.accept(tensors);
        metaChange.accept(meta);
        Safetensors.write(file, tensors, meta);
        Model target = new Model();
        double[] before = target.w.clone();
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelCheckpoints.load(target, file, true));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertArrayEquals(before, target.w, "the model keeps its values");
        assertEquals(0, target.step, "the step count is unchanged");
        return e.problem();
    }

    private String tensorRefused(Consumer<Map<String, TensorEntry>> change) throws Exception {
        return refused(change, m -> { });
    }

    private String metadataRefused(String key, String value) throws Exception {
        return refused(t -> { }, m -> m.put(key, value));
    }

    @Test
    void aShapeBeyondIntIsAShapeMismatch() throws Exception {
        assertEquals("'W' has shape [4294967296,0] in the checkpoint but [2,3] in the model",
                tensorRefused(t -> t.put("W", TensorEntry.f32(new float[0], 4294967296L, 0))));
    }

    @Test
    void aStepCountStoredAsF32IsRefused() throws Exception {
        assertEquals("'optimizer.step' must hold one I64 value (the optimizer's step count), but it is F32[1]",
                tensorRefused(t -> t.put(ModelCheckpoints.STEP, TensorEntry.f32(new float[] {5}, 1))));
    }

    @Test
    void aStepCountStoredAsI32IsRefused() throws Exception {
        assertEquals("'optimizer.step' must hold one I64 value (the optimizer's step count), but it is I32[]",
                tensorRefused(t -> t.put(ModelCheckpoints.STEP, TensorEntry.i32(new int[] {5}))));
    }

    @Test
    void anEmptyStepCountIsRefused() throws Exception {
        assertEquals("'optimizer.step' must hold one I64 value (the optimizer's step count), but it is I64[0]",
                tensorRefused(t -> t.put(ModelCheckpoints.STEP, TensorEntry.i64(new long[0], 0))));
    }

    @Test
    void aNegativeStepCountIsRefused() throws Exception {
        assertEquals("'optimizer.step' is -4; a step count is never negative",
                tensorRefused(t -> t.put(ModelCheckpoints.STEP, TensorEntry.i64(new long[] {-4}, 1))));
    }

    @Test
    void nanWeightsAreRefusedNamingTheTensorAndPosition() throws Exception {
        float[] w = {1, 2, 3, 4, Float.NaN, 6};
        assertEquals("'W' holds NaN at [1,1]; weights must be finite numbers (was the model saved after training diverged?)",
                tensorRefused(t -> t.put("W", TensorEntry.f32(w, 2, 3))));
    }

    @Test
    void infiniteWeightsAreRefused() throws Exception {
        assertEquals("'b' holds -Infinity at [0]; weights must be finite numbers (was the model saved after training diverged?)",
                tensorRefused(t -> t.put("b", TensorEntry.f64(new double[] {Double.NEGATIVE_INFINITY, 0}, 2))));
    }

    @Test
    void nonFiniteOptimizerStateIsRefused() throws Exception {
        float[] m = new float[6];
        m[5] = Float.POSITIVE_INFINITY;
        assertTrue(tensorRefused(t -> t.put("optimizer.W.momentum_buffer", TensorEntry.f32(m, 2, 3)))
                .startsWith("'optimizer.W.momentum_buffer' holds Infinity at [1,2]"));
    }

    @Test
    void negativeEpochsDoneIsRefused() throws Exception {
        assertEquals("metadata nabla.epochs_done is '-1'; it counts the epochs trained, a whole number from 0",
                metadataRefused(ModelCheckpoints.EPOCHS_DONE, "-1"));
    }

    @Test
    void epochsDoneThatIsNotAWholeNumberIsRefused() throws Exception {
        assertEquals("metadata nabla.epochs_done is '2.5'; it counts the epochs trained, a whole number from 0",
                metadataRefused(ModelCheckpoints.EPOCHS_DONE, "2.5"));
    }

    @Test
    void aStandardizerOfTheWrongWidthIsRefused() throws Exception {
        assertEquals("metadata nabla.standardizer scales 2 features, but input 'x' of model Tiny takes 3",
                metadataRefused(ModelCheckpoints.STANDARDIZER, "{\"version\":1,\"mean\":[0,0],\"std\":[1,1]}"));
    }

    @Test
    void anUnreadableStandardizerIsRefused() throws Exception {
        assertTrue(metadataRefused(ModelCheckpoints.STANDARDIZER, "{\"version\":1,\"mean\":[0,0,0]}")
                .startsWith("metadata nabla.standardizer: standardizer JSON: "));
    }

    @Test
    void anEncodingOfTheWrongWidthIsRefused() throws Exception {
        assertEquals("metadata nabla.encoding encodes 1 features, but input 'x' of model Tiny takes 3",
                metadataRefused(ModelCheckpoints.ENCODING, "{\"version\":1,\"featureColumns\":[\"a\"]}"));
    }

    @Test
    void anEncodingWithMoreClassesThanTheTargetIsRefused() throws Exception {
        assertEquals("metadata nabla.encoding names 4 classes, but target 'y' of model Tiny has 2",
                metadataRefused(ModelCheckpoints.ENCODING, "{\"version\":1,\"featureColumns\":[\"a\",\"b\",\"c\"],"
                        + "\"labelColumn\":\"y\",\"classNames\":[\"p\",\"q\",\"r\",\"s\"]}"));
    }

    @Test
    void aLearningRateThatIsNotPositiveAndFiniteIsRefused() throws Exception {
        assertEquals("metadata nabla.lr is 'NaN'; a learning rate is a positive finite number",
                metadataRefused(ModelCheckpoints.LR, "NaN"));
    }

    @Test
    void anInfiniteLearningRateIsRefused() throws Exception {
        assertEquals("metadata nabla.lr is 'Infinity'; a learning rate is a positive finite number",
                metadataRefused(ModelCheckpoints.LR, "Infinity"));
    }

    /** A hand-written model of the smallest kind: parameters W[2,3] and b[2], SGD with momentum. */
    private static final class Model implements TrainableModel {
        private static final ModelSignature SIGNATURE = ModelSignature.builder("Tiny").sourceHash("0").precision("float")
                .input("x", new int[] {3}).classTarget("y", 2)
                .param("W", new int[] {2, 3}, new InitSpec("zeros", 0, 0, 3, 2))
                .param("b", new int[] {2}, new InitSpec("zeros", 0, 0, 2, 2))
                .output("p", new int[] {2}).optimizer("sgd").hyper("lr", 0.1).hyper("momentum", 0.9)
                .state("W", "momentum_buffer").state("b", "momentum_buffer").build();

        final double[] w = {1, 2, 3, 4, 5, 6};
        final double[] b = {7, 8};
        final double[][] state = {new double[6], new double[2]};
        long step;
        double lr = 0.1;

        @Override public ModelSignature signature() { return SIGNATURE; }
        @Override public int maxBatch() { return 1; }
        @Override public void forward(int n) { }
        @Override public double evaluate(int n) { return 0; }
        @Override public double computeGradients(int n) { return 0; }
        @Override public double trainStep(int n) { return 0; }
        @Override public double trainStepWithOutputs(int n) { return 0; }
        @Override public void initialize(long seed) { }
        @Override public double learningRate() { return lr; }
        @Override public void setLearningRate(double lr) { this.lr = lr; }
        @Override public long stepCount() { return step; }
        @Override public void setInput(int input, int row, float[] values) { }
        @Override public void setInput(int input, int row, double[] values) { }
        @Override public void setTarget(int target, int row, float[] values) { }
        @Override public void setTarget(int target, int row, double[] values) { }
        @Override public void setClassTarget(int target, int row, int classIndex) { }
        @Override public void getOutput(int output, int row, float[] dst) { }
        @Override public void getOutput(int output, int row, double[] dst) { }
        @Override public void getParam(int param, double[] dst) { System.arraycopy(param == 0 ? w : b, 0, dst, 0, dst.length); }
        @Override public void setParam(int param, double[] src) { System.arraycopy(src, 0, param == 0 ? w : b, 0, src.length); }
        @Override public void getGradient(int param, double[] dst) { Arrays.fill(dst, 0); }
        @Override public void setGradient(int param, double[] src) { }
        @Override public void applyGradients() { }
        @Override public void getOptimizerState(int i, double[] dst) { System.arraycopy(state[i], 0, dst, 0, dst.length); }
        @Override public void setOptimizerState(int i, double[] src) { System.arraycopy(src, 0, state[i], 0, src.length); }
        @Override public void setStepCount(long steps) { step = steps; }
        @Override public TrainableModel copy() { throw new UnsupportedOperationException(); }
    }
}
