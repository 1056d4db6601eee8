package dev.nabla.runtime.schedule;

/**
 * The length of the run a schedule covers, in epochs (or steps), the default of {@code t_max} and
 * {@code total_steps}; {@code meaning} says where the number comes from, for error messages.
 */
record RunLength(int value, String meaning) {

    /** The whole run. */
    static RunLength of(int value) {
        return new RunLength(value, "the run length (" + value + ")");
    }

    /** What is left after a warm-up of {@code iters}: the next schedule's t restarts at 0 there. */
    RunLength after(int iters) {
        return new RunLength(value - iters,
                "the run length minus the warm-up (" + value + " - " + iters + " = " + (value - iters) + ")");
    }
}
