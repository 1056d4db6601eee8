package dev.nabla.runtime.schedule;

/**
 * PyTorch's {@code LinearLR}: the base learning rate times a factor that moves linearly from
 * {@code startFactor} at {@code t = 0} to {@code endFactor} at {@code t = totalIters} and stays there,
 * {@code lr(t) = baseLr * (startFactor + (endFactor - startFactor) * min(t, totalIters) / totalIters)}.
 *
 * <p>With PyTorch's defaults (start factor 1/3, end factor 1, 5 iterations) this is a linear warm-up that
 * ends at the base learning rate, exactly: from {@code totalIters} on this class returns
 * {@code baseLr * endFactor} directly (the closed form's value; evaluating
 * {@code startFactor + (endFactor - startFactor) * totalIters / totalIters} could round off). PyTorch's recursive form multiplies the current rate by
 * {@code 1 + (end - start) / (totalIters * start + (t - 1) * (end - start))} at each step and so ends a few
 * units in the last place away (the golden file has 0.10000000000000003 for a base of 0.1); this class uses
 * the closed form, which agrees with PyTorch within absolute 1e-12 + relative 1e-10.
 */
public final class LinearSchedule implements LearningRateSchedule {
    /** PyTorch's default start factor, 1/3. */
    public static final double DEFAULT_START_FACTOR = 1.0 / 3;
    /** PyTorch's default end factor, 1. */
    public static final double DEFAULT_END_FACTOR = 1.0;
    /** PyTorch's default number of iterations, 5. */
    public static final int DEFAULT_TOTAL_ITERS = 5;

    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /** PyTorch's defaults: start factor 1/3, end factor 1, 5 iterations. */
    public LinearSchedule() {
        this(DEFAULT_START_FACTOR, DEFAULT_END_FACTOR, DEFAULT_TOTAL_ITERS);
    }

    /**
     * @param startFactor factor at {@code t = 0}, in {@code (0, 1]} as PyTorch requires
     * @param endFactor   factor from {@code t = totalIters} on, in {@code [0, 1]} as PyTorch requires
     * @param totalIters  epochs (or steps) of the ramp, at least 1
     * @throws IllegalArgumentException if an argument is out of range
     */
    public LinearSchedule(double startFactor, double endFactor, int totalIters) {
        this.startFactor = Checks.within("start_factor", startFactor, 0, true, 1, false);
        this.endFactor = Checks.within("end_factor", endFactor, 0, false, 1, false);
        this.totalIters = Checks.atLeast("total_iters", totalIters, 1);
    }

    @Override
    public double lr(double baseLr, long t) {
        if (Checks.index(t) >= totalIters) return baseLr * endFactor;
        return baseLr * (startFactor + (endFactor - startFactor) * t / totalIters);
    }

    /** Factor at {@code t = 0}. */
    public double startFactor() { return startFactor; }

    /** Factor from {@code t = totalIters} on. */
    public double endFactor() { return endFactor; }

    /** Epochs (or steps) of the ramp. */
    public int totalIters() { return totalIters; }

    @Override
    public String description() {
        return "linear ramp (start_factor=" + Checks.format(startFactor) + ", end_factor=" + Checks.format(endFactor)
                + ", total_iters=" + totalIters + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
