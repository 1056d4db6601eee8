package dev.nabla.compiler;

import dev.nabla.compiler.check.TrainSettings;
import dev.nabla.runtime.data.MissingPolicy;
import dev.nabla.runtime.train.TrainOptions;

/**
 * The settings of a training run, each resolved in this one place: what the caller gives (a command-line
 * flag, an argument of the Java API), else the model's {@code train} block, else Nabla's default. The
 * command line, {@link CompiledModel#trainOptions()}, the classes the Maven plugin generates and the Spark
 * trainer all go through here, so that they train alike.
 *
 * @param epochs     passes over the training data (default {@value #DEFAULT_EPOCHS})
 * @param batch      examples per step (default {@value #DEFAULT_BATCH})
 * @param seed       seed of initialization, validation split and shuffling (default {@value #DEFAULT_SEED})
 * @param shuffle    whether the order of examples changes every epoch (default true)
 * @param validation fraction of the examples held out for validation (default 0)
 * @param onMissing  what a missing value in the data does (default: an error)
 * @param threads    threads of each training step (default 1)
 * @param lr         a learning rate that replaces the compiled one, or null to keep it
 * @param schedule   the learning-rate schedule of the train block, or null
 * @param earlyStop  early stopping of the train block, or null
 */
public record TrainingPlan(int epochs, int batch, long seed, boolean shuffle, double validation, MissingPolicy onMissing,
                           int threads, Double lr, TrainSettings.Schedule schedule, TrainSettings.EarlyStop earlyStop) {
    public static final int DEFAULT_EPOCHS = 10;
    public static final int DEFAULT_BATCH = 32;
    public static final long DEFAULT_SEED = 42;

    /** What a caller sets; null leaves a setting to the train block or the default. */
    public record Overrides(Integer epochs, Integer batch, Long seed, Double validation, MissingPolicy onMissing,
                            Integer threads, Double lr) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null);
    }

    /** The plan for a train block (or {@link TrainSettings#NONE}) with the caller's overrides. */
    public static TrainingPlan resolve(TrainSettings block, Overrides flags) {
        TrainSettings t = block == null ? TrainSettings.NONE : block;
        Overrides o = flags == null ? Overrides.NONE : flags;
        MissingPolicy missing = o.onMissing() != null ? o.onMissing()
                : "drop".equals(t.onMissing()) ? MissingPolicy.DROP : MissingPolicy.ERROR;
        return new TrainingPlan(
                first(o.epochs(), t.epochs(), DEFAULT_EPOCHS),
                first(o.batch(), t.batch(), DEFAULT_BATCH),
                first(o.seed(), t.seed(), DEFAULT_SEED),
                t.shuffle() == null || t.shuffle(),
                first(o.validation(), t.validation(), 0.0),
                missing,
                first(o.threads(), t.threads(), 1),
                o.lr(),
                t.schedule(),
                t.earlyStop());
    }

    private static <T> T first(T flag, T block, T fallback) {
        return flag != null ? flag : block != null ? block : fallback;
    }

    /** Epochs, batch size, shuffling and seed as the trainer takes them (schedule and early stopping added by the caller). */
    public TrainOptions trainOptions() { return new TrainOptions(epochs, batch, shuffle, seed); }

    /** The early stopping of the plan in the trainer's terms, or null. */
    public TrainOptions.EarlyStopping earlyStopping() {
        if (earlyStop == null) return null;
        return new TrainOptions.EarlyStopping(earlyStop.monitor(), earlyStop.patience(), earlyStop.minDelta(),
                earlyStop.restoreBest());
    }
}
