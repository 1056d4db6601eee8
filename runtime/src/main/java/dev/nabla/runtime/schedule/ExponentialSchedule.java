package dev.nabla.runtime.schedule;

/**
 * PyTorch's {@code ExponentialLR}: {@code lr(t) = baseLr * gamma^t}.
 *
 * <p>This is PyTorch's closed form. PyTorch's recursive form multiplies the current rate by {@code gamma}
 * at every step, which accumulates up to about {@code t} units in the last place of rounding
 * (relative 1e-12 after ten thousand steps).
 */
public final class ExponentialSchedule implements LearningRateSchedule {
    private final double gamma;

    /**
     * @param gamma multiplicative factor per epoch (or step), finite and {@code > 0}
     * @throws IllegalArgumentException if {@code gamma} is out of range
     */
    public ExponentialSchedule(double gamma) {
        this.gamma = Checks.positive("gamma", gamma);
    }

    @Override
    public double lr(double baseLr, long t) {
        return baseLr * Math.pow(gamma, Checks.index(t));
    }

    /** Multiplicative factor per epoch (or step). */
    public double gamma() { return gamma; }

    @Override
    public String description() {
        return "exponential decay (gamma=" + Checks.format(gamma) + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
