package dev.nabla.runtime.schedule;

/**
 * A learning-rate schedule: the learning rate to use for epoch (or optimizer step) {@code t}, as a pure
 * function of the optimizer's base learning rate and {@code t}.
 *
 * <p>{@code t} counts from 0 and lines up with PyTorch's {@code torch.optim.lr_scheduler} as follows:
 * {@code lr(baseLr, t)} is the learning rate in effect after {@code t} calls of {@code scheduler.step()},
 * so {@code lr(baseLr, 0)} is the value the scheduler's constructor sets before the first epoch (or step).
 * Whether {@code t} counts epochs or optimizer steps is up to the caller; the schedule does not know.
 *
 * <p>PyTorch computes most schedules recursively (each {@code step()} updates the optimizer's current
 * {@code lr}, its "chainable form"). The implementations here evaluate closed forms instead; each class
 * says in its documentation how its values relate to PyTorch's recursion (they agree up to floating-point
 * rounding, which is far inside absolute 1e-12 + relative 1e-10 for realistic run lengths).
 *
 * <p>Implementations are immutable and thread-safe. Create them directly or by name with {@link Schedules}.
 */
public interface LearningRateSchedule {

    /**
     * The learning rate for epoch (or step) {@code t}.
     *
     * @param baseLr the optimizer's base (initial) learning rate; some schedules ignore it (see
     *               {@link OneCycleSchedule})
     * @param t      the index of the epoch or step, counted from 0
     * @return the learning rate to use during epoch or step {@code t}
     * @throws IllegalArgumentException if {@code t} is negative or outside the schedule's range
     */
    double lr(double baseLr, long t);

    /**
     * A short human-readable description for a training log line, written with the factory's names,
     * e.g. {@code cosine annealing (t_max=200, eta_min=0.001)}.
     */
    String description();
}
