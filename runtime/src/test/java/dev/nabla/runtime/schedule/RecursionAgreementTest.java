package dev.nabla.runtime.schedule;

import static dev.nabla.runtime.schedule.Tolerance.close;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/**
 * The closed forms agree with PyTorch's recursive updates, replayed by {@link PyTorchRecursions}, within
 * absolute 1e-12 + relative 1e-10 over long runs: beyond {@code t_max} for cosine annealing (several periods)
 * and across the milestone of a warm-up followed by another schedule.
 */
class RecursionAgreementTest {

    @Property
    boolean stepMatchesStepLr(@ForAll @Scale(12) @DoubleRange(min = 1e-5, max = 10) double base,
                              @ForAll @IntRange(min = 1, max = 40) int stepSize,
                              @ForAll @Scale(12) @DoubleRange(min = 0.05, max = 1.0) double gamma) {
        return agrees(new StepSchedule(stepSize, gamma),
                PyTorchRecursions.run(PyTorchRecursions.stepLr(stepSize, gamma), base, 400), base);
    }

    @Property
    boolean exponentialMatchesExponentialLr(@ForAll @Scale(12) @DoubleRange(min = 1e-5, max = 10) double base,
                                            @ForAll @Scale(12) @DoubleRange(min = 0.9, max = 1.0) double gamma) {
        return agrees(new ExponentialSchedule(gamma),
                PyTorchRecursions.run(PyTorchRecursions.exponentialLr(gamma), base, 2000), base);
    }

    @Property
    boolean cosineMatchesCosineAnnealingLrOverSeveralPeriods(@ForAll @Scale(12) @DoubleRange(min = 1e-5, max = 10) double base,
                                                             @ForAll @IntRange(min = 1, max = 300) int tMax,
                                                             @ForAll @Scale(12) @DoubleRange(min = 0, max = 1) double etaFraction) {
        double etaMin = base * etaFraction;
        int n = 6 * tMax + 3;
        return agrees(new CosineAnnealingSchedule(tMax, etaMin),
                PyTorchRecursions.run(PyTorchRecursions.cosineAnnealingLr(base, tMax, etaMin), base, n), base);
    }

    @Property
    boolean linearMatchesLinearLr(@ForAll @Scale(12) @DoubleRange(min = 1e-5, max = 10) double base,
                                  @ForAll @Scale(12) @DoubleRange(min = 0.01, max = 1) double start,
                                  @ForAll @Scale(12) @DoubleRange(min = 0, max = 1) double end,
                                  @ForAll @IntRange(min = 1, max = 100) int totalIters) {
        return agrees(new LinearSchedule(start, end, totalIters),
                PyTorchRecursions.run(PyTorchRecursions.linearLr(start, end, totalIters), base, totalIters + 50), base);
    }

    @Property
    boolean warmupThenCosineMatchesSequentialLr(@ForAll @Scale(12) @DoubleRange(min = 1e-5, max = 10) double base,
                                                @ForAll @IntRange(min = 1, max = 20) int iters,
                                                @ForAll @Scale(12) @DoubleRange(min = 0.01, max = 1) double start,
                                                @ForAll @IntRange(min = 1, max = 100) int tMax,
                                                @ForAll @Scale(12) @DoubleRange(min = 0, max = 1) double etaFraction) {
        double etaMin = base * etaFraction;
        double[] pytorch = PyTorchRecursions.sequential(PyTorchRecursions.linearLr(start, 1.0, iters),
                PyTorchRecursions.cosineAnnealingLr(base, tMax, etaMin), iters, base, iters + 3 * tMax);
        return agrees(new WarmupSchedule(iters, start, new CosineAnnealingSchedule(tMax, etaMin)), pytorch, base);
    }

    @Property
    boolean warmupThenStepMatchesSequentialLr(@ForAll @Scale(12) @DoubleRange(min = 1e-5, max = 10) double base,
                                              @ForAll @IntRange(min = 1, max = 20) int iters,
                                              @ForAll @Scale(12) @DoubleRange(min = 0.01, max = 1) double start,
                                              @ForAll @IntRange(min = 1, max = 30) int stepSize,
                                              @ForAll @Scale(12) @DoubleRange(min = 0.05, max = 1) double gamma) {
        double[] pytorch = PyTorchRecursions.sequential(PyTorchRecursions.linearLr(start, 1.0, iters),
                PyTorchRecursions.stepLr(stepSize, gamma), iters, base, iters + 200);
        return agrees(new WarmupSchedule(iters, start, new StepSchedule(stepSize, gamma)), pytorch, base);
    }

    @Property
    boolean warmupThenExponentialMatchesSequentialLr(@ForAll @Scale(12) @DoubleRange(min = 1e-5, max = 10) double base,
                                                     @ForAll @IntRange(min = 1, max = 20) int iters,
                                                     @ForAll @Scale(12) @DoubleRange(min = 0.01, max = 1) double start,
                                                     @ForAll @Scale(12) @DoubleRange(min = 0.9, max = 1) double gamma) {
        double[] pytorch = PyTorchRecursions.sequential(PyTorchRecursions.linearLr(start, 1.0, iters),
                PyTorchRecursions.exponentialLr(gamma), iters, base, iters + 300);
        return agrees(new WarmupSchedule(iters, start, new ExponentialSchedule(gamma)), pytorch, base);
    }

    private static boolean agrees(LearningRateSchedule schedule, double[] pytorch, double base) {
        for (int t = 0; t < pytorch.length; t++) {
            if (!close(pytorch[t], schedule.lr(base, t))) {
                throw new AssertionError(schedule.description() + " at t=" + t + ": PyTorch's recursion gives "
                        + pytorch[t] + ", the closed form " + schedule.lr(base, t));
            }
        }
        return true;
    }
}
