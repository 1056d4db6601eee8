package dev.nabla.runtime.train;

import dev.nabla.runtime.schedule.LearningRateSchedule;

/**
 * How {@link Trainer#fit} trains. Build one by name with {@link #builder()}:
 *
 * <pre>{@code
 * TrainOptions options = TrainOptions.builder().epochs(60).batchSize(16).seed(3).build();
 * }</pre>
 *
 * Unset values take the defaults of {@link #defaults()}: 10 epochs, batches of 32, shuffled, seed 42, a
 * constant learning rate, no early stopping.
 *
 * @param epochs    passes over the training examples (an upper bound when early stopping is on)
 * @param batchSize examples per step (the last batch of an epoch may be smaller)
 * @param shuffle   whether the order of examples changes every epoch
 * @param seed      seed of the shuffling (the same seed gives the same order on every run)
 * @param schedule  the learning-rate schedule (null: constant), applied to the model's learning rate at
 *                  the start of training as the base rate
 * @param perStep   whether the schedule counts optimizer steps (true) or epochs (false)
 * @param earlyStop early stopping (null: off)
 * @param initialEpoch epochs already done (when resuming): training runs epochs {@code initialEpoch + 1}
 *                  to {@code epochs}, with the shuffling and schedule those epochs would have had
 */
public record TrainOptions(int epochs, int batchSize, boolean shuffle, long seed, LearningRateSchedule schedule,
                           boolean perStep, EarlyStopping earlyStop, int initialEpoch) {
    public TrainOptions {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        if (initialEpoch < 0) throw new IllegalArgumentException("initial epoch must not be negative, got " + initialEpoch);
    }

    public TrainOptions(int epochs, int batchSize, boolean shuffle, long seed) {
        this(epochs, batchSize, shuffle, seed, null, false, null, 0);
    }

    public TrainOptions withInitialEpoch(int done) {
        return new TrainOptions(epochs, batchSize, shuffle, seed, schedule, perStep, earlyStop, done);
    }

    /** 10 epochs, batches of 32, shuffled every epoch, seed 42, constant learning rate, no early stopping. */
    public static TrainOptions defaults() { return new TrainOptions(10, 32, true, 42); }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() { return new Builder(defaults()); }

    /** A builder starting from these options. */
    public Builder toBuilder() { return new Builder(this); }

    public TrainOptions withSchedule(LearningRateSchedule s, boolean perStep) {
        return new TrainOptions(epochs, batchSize, shuffle, seed, s, perStep, earlyStop, initialEpoch);
    }

    public TrainOptions withEarlyStop(EarlyStopping e) {
        return new TrainOptions(epochs, batchSize, shuffle, seed, schedule, perStep, e, initialEpoch);
    }

    /**
     * Stop when {@code monitor} has not improved by more than {@code minDelta} for {@code patience}
     * epochs; with {@code restoreBest} the parameters of the best epoch are put back. Losses and errors
     * improve downwards, accuracy upwards.
     */
    public record EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
        public EarlyStopping {
            if (patience < 1) throw new IllegalArgumentException("patience must be at least 1, got " + patience);
            if (minDelta < 0) throw new IllegalArgumentException("min_delta must not be negative, got " + minDelta);
        }

        public boolean higherIsBetter() { return monitor.endsWith("accuracy"); }
    }

    /**
     * Builds {@link TrainOptions} by name; every setter returns the builder. {@link #build()} checks the
     * values (it throws {@link IllegalArgumentException} as the record's constructor does).
     */
    public static final class Builder {
        private int epochs;
        private int batchSize;
        private boolean shuffle;
        private long seed;
        private LearningRateSchedule schedule;
        private boolean perStep;
        private EarlyStopping earlyStop;
        private int initialEpoch;

        private Builder(TrainOptions from) {
            epochs = from.epochs;
            batchSize = from.batchSize;
            shuffle = from.shuffle;
            seed = from.seed;
            schedule = from.schedule;
            perStep = from.perStep;
            earlyStop = from.earlyStop;
            initialEpoch = from.initialEpoch;
        }

        /** Passes over the training examples (an upper bound with early stopping); at least 1. */
        public Builder epochs(int epochs) { this.epochs = epochs; return this; }

        /** Examples per step; at least 1 and at most the model's {@code maxBatch()}. */
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }

        /** Whether the order of the examples changes every epoch. */
        public Builder shuffle(boolean shuffle) { this.shuffle = shuffle; return this; }

        /** Seed of the shuffling. */
        public Builder seed(long seed) { this.seed = seed; return this; }

        /** A learning-rate schedule stepped after every epoch (null: constant). */
        public Builder schedule(LearningRateSchedule schedule) { return schedule(schedule, false); }

        /** A learning-rate schedule stepped after every epoch, or after every optimizer step when {@code perStep}. */
        public Builder schedule(LearningRateSchedule schedule, boolean perStep) {
            this.schedule = schedule;
            this.perStep = perStep;
            return this;
        }

        /** Early stopping (null: off). */
        public Builder earlyStop(EarlyStopping earlyStop) { this.earlyStop = earlyStop; return this; }

        /** Epochs already done, when resuming a run. */
        public Builder initialEpoch(int initialEpoch) { this.initialEpoch = initialEpoch; return this; }

        public TrainOptions build() {
            return new TrainOptions(epochs, batchSize, shuffle, seed, schedule, perStep, earlyStop, initialEpoch);
        }
    }
}
