package dev.nabla.runtime.schedule;

/**
 * PyTorch's {@code StepLR}: the base learning rate times {@code gamma} once every {@code stepSize} epochs,
 * {@code lr(t) = baseLr * gamma^floor(t / stepSize)}.
 *
 * <p>This is PyTorch's closed form ({@code _get_closed_form_lr}). PyTorch's recursive form multiplies the
 * current rate by {@code gamma} at every multiple of {@code stepSize}; after {@code k} decays the two differ
 * by at most about {@code k} units in the last place.
 */
public final class StepSchedule implements LearningRateSchedule {
    private final int stepSize;
    private final double gamma;

    /**
     * @param stepSize epochs (or steps) between two decays, at least 1
     * @param gamma    multiplicative factor of each decay, finite and {@code > 0} (PyTorch's default is 0.1)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public StepSchedule(int stepSize, double gamma) {
        this.stepSize = Checks.atLeast("step_size", stepSize, 1);
        this.gamma = Checks.positive("gamma", gamma);
    }

    @Override
    public double lr(double baseLr, long t) {
        return baseLr * Math.pow(gamma, Checks.index(t) / stepSize);
    }

    /** Epochs (or steps) between two decays. */
    public int stepSize() { return stepSize; }

    /** Multiplicative factor of each decay. */
    public double gamma() { return gamma; }

    @Override
    public String description() {
        return "step decay (step_size=" + stepSize + ", gamma=" + Checks.format(gamma) + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
