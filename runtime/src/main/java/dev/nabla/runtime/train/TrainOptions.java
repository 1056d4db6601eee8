package dev.nabla.runtime.train;

/**
 * How {@link Trainer#fit} trains: epochs, batch size, shuffling and its seed.
 *
 * @param epochs    passes over the training examples
 * @param batchSize examples per step (the last batch of an epoch may be smaller)
 * @param shuffle   whether the order of examples changes every epoch
 * @param seed      seed of the shuffling (the same seed gives the same order on every run)
 */
public record TrainOptions(int epochs, int batchSize, boolean shuffle, long seed) {
    public TrainOptions {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }

    public static TrainOptions defaults() { return new TrainOptions(10, 32, true, 42); }
}
