package dev.nabla.compiler;

import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.runtime.GeneratedModel;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.Predictor;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.io.CheckpointException;
import dev.nabla.runtime.io.ModelCheckpoints;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.Trainer;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A model compiled at run time by {@link Nabla#compile}: its generated class, loaded and ready, and the
 * factory of everything an application needs from it: fresh {@linkplain #newModel(int) model instances},
 * a {@linkplain #trainer(TrainOptions) trainer}, a thread-safe {@linkplain #predictor(TrainableModel)
 * predictor}, and {@linkplain #load(Path) instances with saved weights}.
 *
 * <p><b>Threads and lifecycle.</b> A {@code CompiledModel} is immutable and thread-safe: share it, keep
 * it as long as the application needs the model, and create instances from it on any thread. The
 * instances are not: a {@link TrainableModel} holds its parameters and the buffers of one batch, and
 * exactly one thread may use it at a time (train it on one thread, then hand it over, for example to
 * {@link #predictor(TrainableModel)}). A {@link Predictor} is thread-safe. Nothing here holds native
 * resources, so nothing needs closing; the generated class lives as long as its class loader is
 * reachable.
 */
public final class CompiledModel {
    /** The batch capacity of instances made by {@link #load(Path)}. */
    public static final int DEFAULT_BATCH_CAPACITY = 64;

    private final Compilation compilation;
    private final Class<? extends GeneratedModel> modelClass;
    private final Constructor<? extends GeneratedModel> constructor;
    private final ModelSignature signature;

    CompiledModel(Compilation compilation, Class<?> modelClass) {
        this.compilation = compilation;
        this.modelClass = modelClass.asSubclass(GeneratedModel.class);
        try {
            this.constructor = this.modelClass.getConstructor(int.class);
            this.signature = (ModelSignature) this.modelClass.getField("SIGNATURE").get(null);
        } catch (ReflectiveOperationException e) {
            throw Nabla.internalError(compilation.source(), e);
        }
    }

    /** The model's name as declared ({@code model Iris { ... }}). */
    public String name() { return signature().modelName(); }

    /** Inputs, targets, parameters and outputs by name and shape; the same as the generated {@code SIGNATURE}. */
    public ModelSignature signature() { return signature; }

    /** The generated class (a subclass of {@link GeneratedModel} with a public {@code (int maxBatch)} constructor). */
    public Class<? extends GeneratedModel> modelClass() { return modelClass; }

    /** The generated Java source: the same text the Maven plugin writes for this model and package. */
    public String javaSource() { return compilation.java().source(); }

    /** Warnings and notes the compiler reported (errors would have thrown). */
    public List<Diagnostic> warnings() { return compilation.diagnostics(); }

    /** The compilation behind this model, with every pipeline stage (for tools; most applications need none). */
    public Compilation compilation() { return compilation; }

    /**
     * Epochs, batch size, shuffling and seed from the model file's {@code train} block, with
     * {@link TrainOptions#defaults()} for the settings it does not give (or when it has none). The
     * learning rate, optimizer and gradient clipping of the train block are compiled into the model itself.
     * Its data, validation split, schedule, early stopping and threads depend on the data and are not
     * applied here: add them with {@link TrainOptions#withSchedule} and {@link TrainOptions#withEarlyStop}.
     */
    public TrainOptions trainOptions() {
        return training(TrainingPlan.Overrides.NONE).trainOptions();
    }

    /**
     * Every setting of a training run: those in {@code overrides}, else the model file's train block, else the
     * defaults ({@link TrainingPlan}).
     */
    public TrainingPlan training(TrainingPlan.Overrides overrides) {
        return TrainingPlan.resolve(compilation.trainSettings(), overrides);
    }

    /**
     * A new instance with buffers for up to {@code maxBatch} examples, its parameters initialized from
     * the seed of {@link #trainOptions()}. Not thread-safe: one thread at a time.
     */
    public TrainableModel newModel(int maxBatch) {
        return newModel(maxBatch, trainOptions().seed());
    }

    /** A new instance for up to {@code maxBatch} examples, its parameters initialized from {@code seed}. */
    public TrainableModel newModel(int maxBatch, long seed) {
        GeneratedModel m = instantiate(maxBatch);
        m.initialize(seed);
        return m;
    }

    /** A trainer over a new instance, with the options of the model file's train block ({@link #trainOptions()}). */
    public Trainer trainer() {
        return trainer(trainOptions());
    }

    /**
     * A trainer over a new instance whose batch capacity is {@code options.batchSize()} and whose
     * parameters are initialized from {@code options.seed()}; {@link Trainer#model()} is the instance.
     * A trainer and its model belong to one thread at a time.
     */
    public Trainer trainer(TrainOptions options) {
        Objects.requireNonNull(options, "options");
        return new Trainer(newModel(options.batchSize(), options.seed()), options);
    }

    /**
     * A thread-safe predictor over a snapshot of {@code trained}'s parameters (taken now: later training of
     * {@code trained} does not change it). {@code trained} must not be in use by another thread during this
     * call.
     */
    public Predictor predictor(TrainableModel trained) {
        return Predictor.of(trained);
    }

    /**
     * A new instance (batch capacity {@value #DEFAULT_BATCH_CAPACITY}) holding the parameters of a
     * safetensors checkpoint written by {@link Predictor#save}, by
     * {@link ModelCheckpoints#save ModelCheckpoints.save} or by {@code nabla train --save}; optimizer state
     * and step count start fresh. Every parameter must be in the file under its name and with its
     * shape. As with {@code nabla predict}, a checkpoint saved from a different text of the model is accepted
     * when the parameters fit: compare {@link ModelCheckpoints#SOURCE_HASH} in the file's metadata with
     * {@code signature().sourceHash()} to be stricter.
     *
     * @throws CheckpointException if the file cannot be read or does not fit this model
     */
    public TrainableModel load(Path weights) throws CheckpointException {
        Objects.requireNonNull(weights, "weights");
        TrainableModel m = newModel(DEFAULT_BATCH_CAPACITY, 0);
        ModelCheckpoints.load(m, weights, false);
        return m;
    }

    private GeneratedModel instantiate(int maxBatch) {
        try {
            return constructor.newInstance(maxBatch);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r; // e.g. a batch capacity below 1
            if (cause instanceof Error err) throw err;
            throw Nabla.internalError(compilation.source(), cause);
        } catch (ReflectiveOperationException e) {
            throw Nabla.internalError(compilation.source(), e);
        }
    }

    @Override
    public String toString() {
        return "CompiledModel[" + modelClass.getName() + ", " + signature.parameterCount() + " parameters]";
    }
}
