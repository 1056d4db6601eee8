package dev.nabla.runtime;

import dev.nabla.runtime.io.CheckpointException;
import dev.nabla.runtime.io.ModelCheckpoints;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Predictions from a trained model, <b>safe to share across threads</b>: any number of threads may call
 * {@link #predict(float[])} and the other methods at the same time.
 *
 * <p>How: a predictor holds a private snapshot of the trained parameters, taken when it is created and
 * never changed (later training of the original instance does not affect it). A call borrows an idle
 * model instance from a pool (or makes one with {@link TrainableModel#copy()} of the snapshot when every
 * instance is busy), stages its examples, runs {@link TrainableModel#forward(int)}, copies the outputs
 * out and returns the instance. So the pool grows to the largest number of concurrent calls seen and
 * each instance costs one copy of the parameters plus the buffers of one batch; calls never block each
 * other. Results do not depend on which instance served a call. Nothing needs closing.
 *
 * <p>Works with any {@link TrainableModel}: one compiled at run time ({@code CompiledModel.predictor} in the compiler)
 * and one generated at build time by the Maven plugin alike ({@code Predictor.of(new IrisModel(32))}
 * after training it). Only the model's first input is fed and its first output read. For a model trained
 * with data-parallel steps, pass the generated model that the {@link DataParallelModel} wraps.
 */
public final class Predictor {
    private final TrainableModel snapshot;
    private final ConcurrentLinkedDeque<TrainableModel> idle = new ConcurrentLinkedDeque<>();
    private final TensorSpec input;
    private final TensorSpec output;

    private Predictor(TrainableModel snapshot) {
        this.snapshot = snapshot;
        ModelSignature s = snapshot.signature();
        if (s.inputs().size() != 1) {
            throw new IllegalArgumentException("a predictor feeds models with one input; " + s.modelName() + " has "
                    + s.inputs().size());
        }
        if (s.outputs().isEmpty()) {
            throw new IllegalArgumentException("model " + s.modelName() + " declares no output; mark a value with"
                    + " 'output' to predict it");
        }
        this.input = s.inputs().get(0);
        this.output = s.outputs().get(0);
    }

    /**
     * A predictor over a snapshot of {@code trained}'s parameters, with its batch capacity. {@code trained}
     * must not be in use by another thread during this call; afterwards it is free to train on.
     */
    public static Predictor of(TrainableModel trained) {
        Objects.requireNonNull(trained, "trained");
        if (trained instanceof DataParallelModel) {
            // its copies would each start worker threads; a predictor has its own parallelism
            throw new IllegalArgumentException("pass the generated model that the DataParallelModel wraps (it holds"
                    + " the same parameters), not the DataParallelModel");
        }
        return new Predictor(trained.copy());
    }

    /** The signature of the model behind this predictor. */
    public ModelSignature signature() { return snapshot.signature(); }

    /** Values per example of the input fed (the model's first input). */
    public int inputSize() { return input.size(); }

    /** Values per example of the output returned (the model's first output), e.g. the class count. */
    public int outputSize() { return output.size(); }

    /** Examples one forward pass takes; larger batches are split into passes of this size. */
    public int batchCapacity() { return snapshot.maxBatch(); }

    /** The first output for one example, e.g. the class probabilities. */
    public float[] predict(float[] example) {
        return predict(new float[][] {example})[0];
    }

    /** The first output for each example of {@code batch}, one row per example, in order. */
    public float[][] predict(float[][] batch) {
        Objects.requireNonNull(batch, "batch");
        for (int i = 0; i < batch.length; i++) {
            if (batch[i] == null || batch[i].length != input.size()) {
                throw new IllegalArgumentException("example " + i + ": input " + input.name() + " takes "
                        + input.size() + " values, got " + (batch[i] == null ? "null" : batch[i].length));
            }
        }
        float[][] out = new float[batch.length][output.size()];
        if (batch.length == 0) return out;
        TrainableModel m = borrow();
        try {
            int cap = m.maxBatch();
            for (int from = 0; from < batch.length; from += cap) {
                int n = Math.min(cap, batch.length - from);
                for (int r = 0; r < n; r++) m.setInput(0, r, batch[from + r]);
                m.forward(n);
                for (int r = 0; r < n; r++) m.getOutput(0, r, out[from + r]);
            }
        } finally {
            idle.push(m);
        }
        return out;
    }

    /** The index of the largest value of the first output: the predicted class of a classifier. */
    public int predictClass(float[] example) {
        return argmax(predict(example));
    }

    /** {@link #predictClass} for each example of {@code batch}. */
    public int[] predictClasses(float[][] batch) {
        float[][] out = predict(batch);
        int[] classes = new int[out.length];
        for (int i = 0; i < out.length; i++) classes[i] = argmax(out[i]);
        return classes;
    }

    /**
     * Saves the snapshot's parameters atomically as a safetensors file ({@link ModelCheckpoints#save}: one
     * tensor per parameter under its name, the model's name and source hash in the metadata), which
     * {@code CompiledModel.load(Path)}, {@link ModelCheckpoints#load} and {@code nabla predict} read. The
     * optimizer state in it is that of a fresh instance.
     */
    public void save(Path file) throws CheckpointException {
        Objects.requireNonNull(file, "file");
        ModelCheckpoints.save(snapshot, file, Map.of());
    }

    private TrainableModel borrow() {
        TrainableModel m = idle.poll();
        // copy() only reads the snapshot, which nothing writes after construction: safe from any thread
        return m != null ? m : snapshot.copy();
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    @Override
    public String toString() {
        return "Predictor[" + snapshot.signature().modelName() + ", " + input + " -> " + output + "]";
    }
}
