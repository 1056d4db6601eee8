package dev.nabla.runtime.schedule;

/**
 * A linear warm-up followed by another schedule, as PyTorch's
 * {@code SequentialLR(optimizer, [LinearLR(optimizer, start_factor, 1.0, total_iters), next], milestones=[total_iters])}.
 *
 * <pre>
 *   lr(t) = baseLr * (startFactor + (1 - startFactor) * t / totalIters)   for 0 &lt;= t &lt; totalIters
 *   lr(t) = next.lr(baseLr, t - totalIters)                              for t &gt;= totalIters
 * </pre>
 *
 * <p><b>How the second schedule's t restarts.</b> At the milestone PyTorch's {@code SequentialLR} calls
 * {@code next.step(0)}, which sets the next scheduler's epoch counter to 0 and its rate to its closed form at
 * 0 (its own value before any step; {@code baseLr} for step, exponential, cosine and constant schedules);
 * every later {@code SequentialLR.step()} advances that counter by one from there. So epoch (or step)
 * {@code totalIters} is epoch 0 of {@code next}, {@code totalIters + 1} is its epoch 1, and so on: the next
 * schedule runs on {@code t - totalIters} and sees the same base learning rate as the warm-up. A cosine
 * schedule after a warm-up of 5 in a 200-epoch run therefore needs {@code t_max = 195} to reach
 * {@code eta_min} at the last epoch, which is the factory's default.
 *
 * <p>The warm-up itself is never evaluated at {@code t = totalIters} (where {@code LinearLR} would give
 * exactly {@code baseLr}): the next schedule's first value takes its place, which is also {@code baseLr}
 * for every schedule but {@link OneCycleSchedule} (whose cycle starts at {@code maxLr / divFactor}) and a
 * {@link LinearSchedule} (which starts at its own start factor).
 */
public final class WarmupSchedule implements LearningRateSchedule {
    private final LinearSchedule warmup;
    private final LearningRateSchedule next;

    /**
     * A warm-up with PyTorch's {@code LinearLR} defaults (start factor 1/3, 5 iterations) followed by {@code next}.
     */
    public WarmupSchedule(LearningRateSchedule next) {
        this(LinearSchedule.DEFAULT_TOTAL_ITERS, LinearSchedule.DEFAULT_START_FACTOR, next);
    }

    /**
     * @param totalIters  epochs (or steps) of warm-up, at least 1; also the milestone where {@code next} starts
     * @param startFactor fraction of the base learning rate at {@code t = 0}, in {@code (0, 1]}
     * @param next        the schedule from {@code t = totalIters} on, evaluated at {@code t - totalIters}
     * @throws IllegalArgumentException if an argument is out of range or {@code next} is null
     */
    public WarmupSchedule(int totalIters, double startFactor, LearningRateSchedule next) {
        this.warmup = new LinearSchedule(startFactor, 1.0, totalIters);
        if (next == null) throw new IllegalArgumentException("the schedule after the warm-up (then) must be given");
        this.next = next;
    }

    @Override
    public double lr(double baseLr, long t) {
        Checks.index(t);
        int milestone = warmup.totalIters();
        return t < milestone ? warmup.lr(baseLr, t) : next.lr(baseLr, t - milestone);
    }

    /** Epochs (or steps) of warm-up: the milestone where the next schedule starts at its own t = 0. */
    public int totalIters() { return warmup.totalIters(); }

    /** Fraction of the base learning rate at {@code t = 0}. */
    public double startFactor() { return warmup.startFactor(); }

    /** The schedule after the warm-up. */
    public LearningRateSchedule next() { return next; }

    @Override
    public String description() {
        return "linear warm-up (total_iters=" + warmup.totalIters() + ", start_factor="
                + Checks.format(warmup.startFactor()) + "), then " + next.description();
    }

    @Override
    public String toString() {
        return description();
    }
}
