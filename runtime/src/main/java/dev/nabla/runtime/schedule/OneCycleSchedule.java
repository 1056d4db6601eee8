package dev.nabla.runtime.schedule;

/**
 * PyTorch's {@code OneCycleLR} (the learning rate only; momentum cycling belongs to the optimizer).
 *
 * <p>The rate starts at {@code initialLr = maxLr / divFactor} (the optimizer's base learning rate is
 * ignored, as in PyTorch, which overwrites it), rises to {@code maxLr}, and falls to
 * {@code minLr = initialLr / finalDivFactor}. The phases end at the fractional step indices PyTorch uses:
 * <ul>
 *   <li>two phases: {@code pctStart * totalSteps - 1} (initial to max) and {@code totalSteps - 1} (max to min);</li>
 *   <li>three phases: {@code pctStart * totalSteps - 1} (initial to max), {@code 2 * pctStart * totalSteps - 2}
 *       (max back to initial) and {@code totalSteps - 1} (initial to min).</li>
 * </ul>
 * Step {@code t} lies in the first phase whose end is {@code >= t} (the last phase otherwise) and gets
 * {@code anneal(phaseStartLr, phaseEndLr, (t - phaseStart) / (phaseEnd - phaseStart))}. This is exactly
 * PyTorch's computation, which is already a closed form of the step number.
 *
 * <p>The peak is therefore at the fractional index {@code pctStart * totalSteps - 1}: the rate equals
 * {@code maxLr} at an integer step only when {@code pctStart * totalSteps} is a whole number; otherwise the
 * largest rate is at the floor or the ceiling of that index and stays below {@code maxLr} (with 13 steps and
 * 0.3, step 3 gets 0.49985 for a max of 0.5).
 *
 * <p>Like PyTorch, which raises an error when stepped more than {@code totalSteps} times, {@code lr} accepts
 * {@code 0 <= t <= totalSteps} ({@code t = totalSteps} extrapolates the last phase slightly, as PyTorch does
 * after the final step) and rejects larger {@code t}.
 */
public final class OneCycleSchedule implements LearningRateSchedule {
    /** PyTorch's default fraction of the cycle spent increasing the rate, 0.3. */
    public static final double DEFAULT_PCT_START = 0.3;
    /** PyTorch's default {@code div_factor}, 25. */
    public static final double DEFAULT_DIV_FACTOR = 25;
    /** PyTorch's default {@code final_div_factor}, 1e4. */
    public static final double DEFAULT_FINAL_DIV_FACTOR = 1e4;

    private final double maxLr;
    private final int totalSteps;
    private final double pctStart;
    private final AnnealStrategy anneal;
    private final double divFactor;
    private final double finalDivFactor;
    private final boolean threePhase;
    private final double[] phaseEnds;
    private final double[] phaseStartLrs;
    private final double[] phaseEndLrs;

    /** PyTorch's defaults: {@code pct_start} 0.3, cosine annealing, div factor 25, final div factor 1e4, two phases. */
    public OneCycleSchedule(double maxLr, int totalSteps) {
        this(maxLr, totalSteps, DEFAULT_PCT_START, AnnealStrategy.COS, DEFAULT_DIV_FACTOR, DEFAULT_FINAL_DIV_FACTOR, false);
    }

    /**
     * @param maxLr          peak learning rate, finite and {@code > 0}
     * @param totalSteps     length of the cycle in steps (or epochs); at least 2
     * @param pctStart       fraction of the cycle spent increasing the rate, in {@code (0, 1)}, with
     *                       {@code pctStart * totalSteps > 1} so that the rise spans at least one step
     *                       (and, with {@code threePhase}, {@code 2 * pctStart * totalSteps - 2 < totalSteps - 1})
     * @param anneal         shape of each phase
     * @param divFactor      {@code initialLr = maxLr / divFactor}, finite and {@code > 0}
     * @param finalDivFactor {@code minLr = initialLr / finalDivFactor}, finite and {@code > 0}
     * @param threePhase     whether to return to {@code initialLr} before annealing to {@code minLr}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public OneCycleSchedule(double maxLr, int totalSteps, double pctStart, AnnealStrategy anneal,
                            double divFactor, double finalDivFactor, boolean threePhase) {
        this.maxLr = Checks.positive("max_lr", maxLr);
        this.totalSteps = Checks.atLeast("total_steps", totalSteps, 2);
        this.pctStart = Checks.within("pct_start", pctStart, 0, true, 1, true);
        if (anneal == null) throw new IllegalArgumentException("anneal_strategy must be 'cos' or 'linear', got null");
        this.anneal = anneal;
        this.divFactor = Checks.positive("div_factor", divFactor);
        this.finalDivFactor = Checks.positive("final_div_factor", finalDivFactor);
        this.threePhase = threePhase;

        double riseEnd = pctStart * totalSteps - 1;
        if (!(riseEnd > 0)) {
            throw new IllegalArgumentException("pct_start * total_steps must be > 1 so that the rise to max_lr spans"
                    + " at least one step, got " + Checks.format(pctStart) + " * " + totalSteps + " = "
                    + Checks.formatRounded(pctStart * totalSteps) + "; increase total_steps or pct_start");
        }
        double initialLr = maxLr / divFactor;
        double minLr = initialLr / finalDivFactor;
        if (threePhase) {
            double fallEnd = 2 * pctStart * totalSteps - 2;
            if (!(fallEnd < totalSteps - 1)) {
                throw new IllegalArgumentException("with three_phase, 2 * pct_start * total_steps - 2 must be < total_steps - 1"
                        + " so that the final annealing phase is not empty, got 2 * " + Checks.format(pctStart) + " * "
                        + totalSteps + " - 2 = " + Checks.formatRounded(fallEnd) + "; use pct_start < "
                        + Checks.formatRounded((totalSteps + 1) / (2.0 * totalSteps)));
            }
            phaseEnds = new double[] {riseEnd, fallEnd, totalSteps - 1};
            phaseStartLrs = new double[] {initialLr, maxLr, initialLr};
            phaseEndLrs = new double[] {maxLr, initialLr, minLr};
        } else {
            phaseEnds = new double[] {riseEnd, totalSteps - 1};
            phaseStartLrs = new double[] {initialLr, maxLr};
            phaseEndLrs = new double[] {maxLr, minLr};
        }
    }

    /** Ignores {@code baseLr}: the cycle starts at {@code maxLr / divFactor} as in PyTorch. */
    @Override
    public double lr(double baseLr, long t) {
        Checks.index(t);
        if (t > totalSteps) {
            throw new IllegalArgumentException("one-cycle schedule asked for t = " + t + ", past total_steps = "
                    + totalSteps + " (PyTorch raises an error here too); set total_steps to the number of steps of the run");
        }
        double phaseStart = 0.0;
        int last = phaseEnds.length - 1;
        for (int i = 0; ; i++) {
            double phaseEnd = phaseEnds[i];
            if (t <= phaseEnd || i == last) {
                double pct = (t - phaseStart) / (phaseEnd - phaseStart);
                return anneal.anneal(phaseStartLrs[i], phaseEndLrs[i], pct);
            }
            phaseStart = phaseEnd;
        }
    }

    /** The peak learning rate. */
    public double maxLr() { return maxLr; }

    /** Length of the cycle. */
    public int totalSteps() { return totalSteps; }

    /** Fraction of the cycle spent increasing the rate. */
    public double pctStart() { return pctStart; }

    /** Shape of each phase. */
    public AnnealStrategy anneal() { return anneal; }

    /** {@code initialLr = maxLr / divFactor}. */
    public double divFactor() { return divFactor; }

    /** {@code minLr = initialLr / finalDivFactor}. */
    public double finalDivFactor() { return finalDivFactor; }

    /** Whether the cycle has three phases. */
    public boolean threePhase() { return threePhase; }

    /** The rate at {@code t = 0}, {@code maxLr / divFactor}. */
    public double initialLr() { return phaseStartLrs[0]; }

    /** The rate at {@code t = totalSteps - 1}, {@code initialLr / finalDivFactor}. */
    public double minLr() { return phaseEndLrs[phaseEndLrs.length - 1]; }

    @Override
    public String description() {
        return "one-cycle (max_lr=" + Checks.format(maxLr) + ", total_steps=" + totalSteps + ", pct_start="
                + Checks.format(pctStart) + ", anneal_strategy=" + anneal.pytorchName() + ", div_factor="
                + Checks.format(divFactor) + ", final_div_factor=" + Checks.format(finalDivFactor)
                + ", three_phase=" + threePhase + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
