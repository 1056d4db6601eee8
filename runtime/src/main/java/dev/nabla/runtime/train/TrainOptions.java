package dev.nabla.runtime.train;

import dev.nabla.runtime.schedule.LearningRateSchedule;

/**
 * How {@link Trainer#fit} trains.
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

    public static TrainOptions defaults() { return new TrainOptions(10, 32, true, 42); }

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
}
