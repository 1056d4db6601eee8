package dev.nabla.runtime.schedule;

/**
 * The base learning rate for every epoch or step: what PyTorch does without a scheduler.
 *
 * <p>Not to be confused with PyTorch's {@code ConstantLR}, which multiplies the learning rate by a factor for
 * a number of epochs; that behaviour is {@link LinearSchedule} with equal start and end factors.
 */
public final class ConstantSchedule implements LearningRateSchedule {
    /** The only instance. */
    public static final ConstantSchedule INSTANCE = new ConstantSchedule();

    private ConstantSchedule() {}

    /** Returns {@code baseLr}. */
    @Override
    public double lr(double baseLr, long t) {
        Checks.index(t);
        return baseLr;
    }

    @Override
    public String description() {
        return "constant learning rate";
    }

    @Override
    public String toString() {
        return description();
    }
}
