package dev.nabla.runtime.schedule;

/**
 * PyTorch's {@code CosineAnnealingLR}:
 * {@code lr(t) = etaMin + (baseLr - etaMin) * (1 + cos(pi * t / tMax)) / 2}.
 *
 * <p><b>Beyond {@code tMax}.</b> PyTorch does not stop at {@code etaMin} and does not restart (that is
 * {@code CosineAnnealingWarmRestarts}): its recursive update keeps following the cosine, so the rate climbs
 * back to {@code baseLr} at {@code 2 * tMax} and repeats with period {@code 2 * tMax}. The recursion
 * ({@code lr_t = etaMin + (1 + cos(pi t/T)) / (1 + cos(pi (t-1)/T)) * (lr_{t-1} - etaMin)}, with the special
 * step {@code lr_t = lr_{t-1} + (baseLr - etaMin)(1 - cos(pi/T))/2} whenever {@code (t - 1 - T) mod 2T = 0},
 * where the ratio would divide by zero) equals the unclamped closed form above for every {@code t}, so this
 * class evaluates the closed form for all {@code t >= 0}, beyond {@code tMax} included. The golden value at
 * {@code t = tMax + 1} equals the one at {@code tMax - 1}, as the closed form predicts.
 *
 * <p><b>Rounding.</b> The closed form is exact to a few units in the last place; PyTorch's recursion
 * accumulates rounding over the steps (relative differences of about 1e-12 after ten periods), so the two
 * agree within absolute 1e-12 + relative 1e-10 but are not always bit-identical. Three details keep the
 * values exact where PyTorch's are: {@code t = 0} returns {@code baseLr} itself (PyTorch's constructor leaves
 * the rate untouched, while {@code etaMin + (baseLr - etaMin)} may round off by one unit in the last place);
 * {@code t = tMax} gives exactly {@code etaMin}, as in PyTorch; and the result is clamped to the interval
 * between {@code etaMin} and {@code baseLr}, which only absorbs such one-ulp rounding (at {@code t = 2 tMax},
 * for instance).
 */
public final class CosineAnnealingSchedule implements LearningRateSchedule {
    private final int tMax;
    private final double etaMin;

    /**
     * @param tMax   epochs (or steps) of the half period from {@code baseLr} down to {@code etaMin}, at least 1
     * @param etaMin the minimum learning rate, finite and {@code >= 0} (PyTorch's default is 0)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public CosineAnnealingSchedule(int tMax, double etaMin) {
        this.tMax = Checks.atLeast("t_max", tMax, 1);
        this.etaMin = Checks.nonNegative("eta_min", etaMin);
    }

    @Override
    public double lr(double baseLr, long t) {
        if (Checks.index(t) == 0) return baseLr;
        double lr = etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
        return Math.max(Math.min(etaMin, baseLr), Math.min(Math.max(etaMin, baseLr), lr));
    }

    /** Epochs (or steps) from {@code baseLr} down to {@code etaMin}. */
    public int tMax() { return tMax; }

    /** The minimum learning rate. */
    public double etaMin() { return etaMin; }

    @Override
    public String description() {
        return "cosine annealing (t_max=" + tMax + ", eta_min=" + Checks.format(etaMin) + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
