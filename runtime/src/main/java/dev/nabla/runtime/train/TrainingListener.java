package dev.nabla.runtime.train;

/** Hooks for progress output while {@link Trainer#fit} runs; every method does nothing by default. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {};

    default void epochStarted(int epoch, int epochs, int steps) {}

    default void stepFinished(int epoch, int step, double loss) {}

    default void epochFinished(History.Epoch epoch, int epochs) {}

    /** Training stopped at {@code epoch} because {@code monitor} last improved at {@code bestEpoch}. */
    default void stoppedEarly(int epoch, int bestEpoch, String monitor, double best) {}
}
