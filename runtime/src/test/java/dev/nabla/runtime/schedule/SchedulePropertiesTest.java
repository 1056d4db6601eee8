package dev.nabla.runtime.schedule;

import static dev.nabla.runtime.schedule.Tolerance.close;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;

/** Properties every schedule keeps, for any hyper-parameters in range. */
class SchedulePropertiesTest {

    // ---- warm-up ----------------------------------------------------------------------------------------

    @Property
    boolean warmupEndsExactlyAtTheBaseLr(@ForAll @Scale(12) @DoubleRange(min = 1e-6, max = 10) double base,
                                         @ForAll @IntRange(min = 1, max = 100) int iters,
                                         @ForAll @Scale(12) @DoubleRange(min = 1e-3, max = 1) double startFactor,
                                         @ForAll("afterWarmup") LearningRateSchedule next) {
        WarmupSchedule warmup = new WarmupSchedule(iters, startFactor, next);
        return warmup.lr(base, iters) == base;
    }

    @Property
    boolean linearWarmupReachesExactlyTheBaseLrAndStays(@ForAll @Scale(12) @DoubleRange(min = 1e-6, max = 10) double base,
                                                        @ForAll @IntRange(min = 1, max = 100) int iters,
                                                        @ForAll @Scale(12) @DoubleRange(min = 1e-3, max = 1) double startFactor,
                                                        @ForAll @IntRange(min = 0, max = 1000) int after) {
        return new LinearSchedule(startFactor, 1.0, iters).lr(base, iters + after) == base;
    }

    @Property
    boolean warmupRisesStrictlyFromStartFactorTimesBase(@ForAll @Scale(12) @DoubleRange(min = 1e-6, max = 10) double base,
                                                        @ForAll @IntRange(min = 1, max = 100) int iters,
                                                        @ForAll @Scale(12) @DoubleRange(min = 1e-3, max = 0.999) double startFactor) {
        WarmupSchedule warmup = new WarmupSchedule(iters, startFactor, ConstantSchedule.INSTANCE);
        if (warmup.lr(base, 0) != base * startFactor) return false;
        for (int t = 1; t <= iters; t++) {
            if (!(warmup.lr(base, t) > warmup.lr(base, t - 1))) return false;
            if (warmup.lr(base, t) > base) return false;
        }
        return true;
    }

    @Property
    boolean afterTheWarmupTheNextScheduleRestartsAtZero(@ForAll @Scale(12) @DoubleRange(min = 1e-6, max = 10) double base,
                                                        @ForAll @IntRange(min = 1, max = 50) int iters,
                                                        @ForAll("afterWarmup") LearningRateSchedule next,
                                                        @ForAll @IntRange(min = 0, max = 500) int k) {
        return new WarmupSchedule(iters, 0.25, next).lr(base, iters + k) == next.lr(base, k);
    }

    @Provide
    Arbitrary<LearningRateSchedule> afterWarmup() {
        return Arbitraries.oneOf(
                Arbitraries.just(ConstantSchedule.INSTANCE),
                Arbitraries.integers().between(1, 300).flatMap(tMax -> Arbitraries.doubles().between(0, 1e-2).ofScale(8)
                        .map(eta -> new CosineAnnealingSchedule(tMax, eta))),
                Arbitraries.integers().between(1, 50).flatMap(size -> Arbitraries.doubles().between(0.01, 1).ofScale(6)
                        .map(gamma -> new StepSchedule(size, gamma))),
                Arbitraries.doubles().between(0.5, 1).ofScale(6).map(ExponentialSchedule::new));
    }

    // ---- cosine -----------------------------------------------------------------------------------------

    @Property
    boolean cosineStaysWithinEtaMinAndBaseLrBeyondTMax(@ForAll @Scale(12) @DoubleRange(min = 1e-6, max = 10) double base,
                                                       @ForAll @IntRange(min = 1, max = 500) int tMax,
                                                       @ForAll @Scale(12) @DoubleRange(min = 0, max = 1) double etaFraction,
                                                       @ForAll @LongRange(min = 0, max = 1_000_000) long t) {
        double etaMin = base * etaFraction;
        double lr = new CosineAnnealingSchedule(tMax, etaMin).lr(base, t);
        return etaMin <= lr && lr <= base;
    }

    @Property
    boolean cosineStartsAtBaseLrAndReachesEtaMinExactlyAtTMax(@ForAll @Scale(12) @DoubleRange(min = 1e-6, max = 10) double base,
                                                              @ForAll @IntRange(min = 1, max = 100_000) int tMax,
                                                              @ForAll @Scale(12) @DoubleRange(min = 0, max = 1) double etaFraction) {
        double etaMin = base * etaFraction;
        CosineAnnealingSchedule cosine = new CosineAnnealingSchedule(tMax, etaMin);
        return cosine.lr(base, 0) == base && cosine.lr(base, tMax) == etaMin;
    }

    @Property
    boolean cosineBeyondTMaxMirrorsAndRepeatsWithPeriodTwoTMax(@ForAll @Scale(12) @DoubleRange(min = 1e-6, max = 10) double base,
                                                               @ForAll @IntRange(min = 1, max = 500) int tMax,
                                                               @ForAll @Scale(12) @DoubleRange(min = 0, max = 1) double etaFraction,
                                                               @ForAll @IntRange(min = 0, max = 500) int k) {
        Assume.that(k <= tMax);
        CosineAnnealingSchedule cosine = new CosineAnnealingSchedule(tMax, base * etaFraction);
        return close(cosine.lr(base, tMax - k), cosine.lr(base, tMax + k))
                && close(cosine.lr(base, k), cosine.lr(base, k + 2L * tMax));
    }

    // ---- one-cycle --------------------------------------------------------------------------------------

    @Property
    boolean oneCyclePeaksAtMaxLrWherePctStartTimesTotalStepsIsWhole(@ForAll @IntRange(min = 2, max = 2000) int totalSteps,
                                                                    @ForAll @IntRange(min = 2, max = 2000) int riseSteps,
                                                                    @ForAll @Scale(12) @DoubleRange(min = 1e-4, max = 10) double maxLr) {
        Assume.that(riseSteps < totalSteps);
        double pctStart = (double) riseSteps / totalSteps;
        Assume.that(pctStart * totalSteps == riseSteps);
        OneCycleSchedule cycle = new OneCycleSchedule(maxLr, totalSteps, pctStart, AnnealStrategy.COS, 25, 1e4, false);
        int peak = (int) Math.round(pctStart * totalSteps) - 1;
        for (int t = 0; t < totalSteps; t++) {
            if (cycle.lr(0.1, t) > maxLr) return false;
        }
        return cycle.lr(0.1, peak) == maxLr;
    }

    @Property
    boolean oneCycleLargestRateIsNextToTheFractionalPeak(@ForAll @IntRange(min = 2, max = 2000) int totalSteps,
                                                         @ForAll @Scale(4) @DoubleRange(min = 0.01, max = 0.99) double pctStart,
                                                         @ForAll("anneal") AnnealStrategy anneal) {
        Assume.that(pctStart * totalSteps > 1);
        double maxLr = 0.5;
        OneCycleSchedule cycle = new OneCycleSchedule(maxLr, totalSteps, pctStart, anneal, 25, 1e4, false);
        int argmax = 0;
        for (int t = 0; t < totalSteps; t++) {
            double lr = cycle.lr(0.1, t);
            if (lr > maxLr * (1 + 1e-15)) return false;
            if (lr > cycle.lr(0.1, argmax)) argmax = t;
        }
        double peak = pctStart * totalSteps - 1;
        return argmax == Math.floor(peak) || argmax == Math.ceil(peak);
    }

    @Property
    boolean oneCycleRisesThenFallsFromMaxLrOverDivFactorToItsMinimum(@ForAll @IntRange(min = 4, max = 2000) int totalSteps,
                                                                     @ForAll @Scale(4) @DoubleRange(min = 0.05, max = 0.95) double pctStart,
                                                                     @ForAll @Scale(6) @DoubleRange(min = 1.5, max = 100) double divFactor,
                                                                     @ForAll @Scale(2) @DoubleRange(min = 2, max = 1e5) double finalDivFactor,
                                                                     @ForAll("anneal") AnnealStrategy anneal) {
        Assume.that(pctStart * totalSteps > 1);
        double maxLr = 0.5;
        OneCycleSchedule cycle = new OneCycleSchedule(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor, false);
        double peak = pctStart * totalSteps - 1;
        for (int t = 1; t < totalSteps; t++) {
            double previous = cycle.lr(0.1, t - 1);
            double current = cycle.lr(0.1, t);
            boolean ok = t <= peak ? current > previous : (t - 1 < peak || current < previous);
            if (!ok) return false;
        }
        return close(maxLr / divFactor, cycle.lr(0.1, 0))
                && close(maxLr / divFactor / finalDivFactor, cycle.lr(0.1, totalSteps - 1));
    }

    @Property
    boolean oneCycleIgnoresTheBaseLr(@ForAll @IntRange(min = 8, max = 500) int totalSteps,
                                     @ForAll @Scale(12) @DoubleRange(min = 1e-6, max = 10) double base,
                                     @ForAll @IntRange(min = 0, max = 500) int t,
                                     @ForAll boolean threePhase) {
        Assume.that(t <= totalSteps);
        OneCycleSchedule cycle = new OneCycleSchedule(1.0, totalSteps, 0.25, AnnealStrategy.COS, 25, 1e4, threePhase);
        return cycle.lr(base, t) == cycle.lr(0.1, t);
    }

    @Property
    boolean threePhaseOneCycleReturnsToInitialLrBeforeAnnealing(@ForAll @IntRange(min = 10, max = 2000) int totalSteps,
                                                                @ForAll @IntRange(min = 2, max = 1000) int riseSteps) {
        Assume.that(2 * riseSteps < totalSteps + 1);
        double pctStart = (double) riseSteps / totalSteps;
        Assume.that(pctStart * totalSteps == riseSteps);
        OneCycleSchedule cycle = new OneCycleSchedule(0.5, totalSteps, pctStart, AnnealStrategy.COS, 25, 1e4, true);
        return cycle.lr(0.1, riseSteps - 1) == 0.5
                && close(0.5 / 25, cycle.lr(0.1, 2 * riseSteps - 2))
                && close(0.5 / 25 / 1e4, cycle.lr(0.1, totalSteps - 1));
    }

    @Provide
    Arbitrary<AnnealStrategy> anneal() {
        return Arbitraries.of(AnnealStrategy.class);
    }

    // ---- step and exponential ---------------------------------------------------------------------------

    @Property
    boolean stepIsConstantWithinEachIntervalAndDecaysByGammaBetween(@ForAll @Scale(12) @DoubleRange(min = 1e-6, max = 10) double base,
                                                                    @ForAll @IntRange(min = 1, max = 100) int stepSize,
                                                                    @ForAll @Scale(6) @DoubleRange(min = 0.01, max = 2) double gamma,
                                                                    @ForAll @IntRange(min = 0, max = 100) int k) {
        StepSchedule step = new StepSchedule(stepSize, gamma);
        long first = (long) k * stepSize;
        for (long t = first; t < first + stepSize; t++) {
            if (step.lr(base, t) != step.lr(base, first)) return false;
        }
        return close(step.lr(base, first) * gamma, step.lr(base, first + stepSize)) && step.lr(base, 0) == base;
    }

    @Property
    boolean exponentialMultipliesByGammaEachStep(@ForAll @Scale(12) @DoubleRange(min = 1e-6, max = 10) double base,
                                                 @ForAll @Scale(6) @DoubleRange(min = 0.5, max = 1) double gamma,
                                                 @ForAll @IntRange(min = 0, max = 1000) int t) {
        ExponentialSchedule exponential = new ExponentialSchedule(gamma);
        return close(exponential.lr(base, t) * gamma, exponential.lr(base, t + 1)) && exponential.lr(base, 0) == base;
    }

    // ---- all --------------------------------------------------------------------------------------------

    @Property
    boolean everyScheduleRejectsANegativeT(@ForAll("afterWarmup") LearningRateSchedule schedule,
                                           @ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long t) {
        try {
            schedule.lr(0.1, t);
            return false;
        } catch (IllegalArgumentException e) {
            return e.getMessage().equals("t must be >= 0 (it counts epochs or steps from 0), got " + t);
        }
    }
}
