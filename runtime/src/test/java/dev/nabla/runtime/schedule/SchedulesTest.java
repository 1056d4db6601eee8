package dev.nabla.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link Schedules}: names, defaults, value types and every error message. */
class SchedulesTest {
    private static final int EPOCHS = 200;

    private static LearningRateSchedule create(String name, Object... keyValues) {
        return Schedules.create(ScheduleSpec.of(name, params(keyValues)), EPOCHS);
    }

    private static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) params.put((String) keyValues[i], keyValues[i + 1]);
        return params;
    }

    private static String error(String name, Object... keyValues) {
        return assertThrows(IllegalArgumentException.class, () -> create(name, keyValues)).getMessage();
    }

    @Test
    void namesAndParameters() {
        assertEquals(List.of("constant", "step", "exponential", "cosine", "linear", "onecycle", "warmup"), Schedules.names());
        assertEquals(List.of("t_max", "eta_min"), Schedules.parameterNames("cosine"));
        assertEquals(List.of("max_lr", "total_steps", "pct_start", "anneal_strategy", "div_factor", "final_div_factor",
                "three_phase"), Schedules.parameterNames("onecycle"));
        assertEquals(List.of("total_iters", "start_factor", "then"), Schedules.parameterNames("warmup"));
        assertEquals(List.of(), Schedules.parameterNames("constant"));
    }

    @Nested
    class Defaults {
        @Test
        void constant() {
            assertSame(ConstantSchedule.INSTANCE, create("constant"));
            assertEquals(0.1, create("constant").lr(0.1, 1000));
        }

        @Test
        void stepDecaysByATenthByDefault() {
            StepSchedule step = assertInstanceOf(StepSchedule.class, create("step", "step_size", 30));
            assertEquals(30, step.stepSize());
            assertEquals(0.1, step.gamma());
        }

        @Test
        void exponential() {
            assertEquals(0.95, assertInstanceOf(ExponentialSchedule.class, create("exponential", "gamma", 0.95)).gamma());
        }

        @Test
        void cosineAnnealsOverTheWholeRunToZero() {
            CosineAnnealingSchedule cosine = assertInstanceOf(CosineAnnealingSchedule.class, create("cosine"));
            assertEquals(EPOCHS, cosine.tMax());
            assertEquals(0.0, cosine.etaMin());
            assertEquals(0.0, cosine.lr(0.1, EPOCHS));
        }

        @Test
        void cosineWithExplicitParameters() {
            CosineAnnealingSchedule cosine = assertInstanceOf(CosineAnnealingSchedule.class,
                    create("cosine", "t_max", 50, "eta_min", 0.001));
            assertEquals(50, cosine.tMax());
            assertEquals(0.001, cosine.etaMin());
        }

        @Test
        void linearHasPyTorchsDefaults() {
            LinearSchedule linear = assertInstanceOf(LinearSchedule.class, create("linear"));
            assertEquals(1.0 / 3, linear.startFactor());
            assertEquals(1.0, linear.endFactor());
            assertEquals(5, linear.totalIters());
        }

        @Test
        void oneCycleHasPyTorchsDefaultsAndSpansTheRun() {
            OneCycleSchedule cycle = assertInstanceOf(OneCycleSchedule.class, create("onecycle", "max_lr", 0.5));
            assertEquals(0.5, cycle.maxLr());
            assertEquals(EPOCHS, cycle.totalSteps());
            assertEquals(0.3, cycle.pctStart());
            assertEquals(AnnealStrategy.COS, cycle.anneal());
            assertEquals(25.0, cycle.divFactor());
            assertEquals(1e4, cycle.finalDivFactor());
            assertEquals(false, cycle.threePhase());
            assertEquals(0.02, cycle.initialLr());
            assertEquals(2e-6, cycle.minLr());
        }

        @Test
        void oneCycleWithEveryParameter() {
            OneCycleSchedule cycle = assertInstanceOf(OneCycleSchedule.class, create("onecycle", "max_lr", 1, "total_steps", 100,
                    "pct_start", 0.25, "anneal_strategy", "linear", "div_factor", 10, "final_div_factor", 100,
                    "three_phase", true));
            assertEquals(100, cycle.totalSteps());
            assertEquals(AnnealStrategy.LINEAR, cycle.anneal());
            assertEquals(true, cycle.threePhase());
            assertEquals(0.001, cycle.minLr(), 1e-18);
            assertEquals(true, assertInstanceOf(OneCycleSchedule.class,
                    create("onecycle", "max_lr", 1, "three_phase", "true")).threePhase());
        }

        @Test
        void warmupIsFiveIterationsFromAThirdThenConstant() {
            WarmupSchedule warmup = assertInstanceOf(WarmupSchedule.class, create("warmup"));
            assertEquals(5, warmup.totalIters());
            assertEquals(1.0 / 3, warmup.startFactor());
            assertSame(ConstantSchedule.INSTANCE, warmup.next());
        }

        @Test
        void theScheduleAfterAWarmupSpansTheRestOfTheRun() {
            WarmupSchedule warmup = assertInstanceOf(WarmupSchedule.class,
                    create("warmup", "total_iters", 10, "then", ScheduleSpec.of("cosine", Map.of("eta_min", 0.001))));
            CosineAnnealingSchedule cosine = assertInstanceOf(CosineAnnealingSchedule.class, warmup.next());
            assertEquals(EPOCHS - 10, cosine.tMax());
            assertEquals(0.001, warmup.lr(0.1, EPOCHS));
            OneCycleSchedule cycle = assertInstanceOf(OneCycleSchedule.class, ((WarmupSchedule)
                    create("warmup", "then", ScheduleSpec.of("onecycle", Map.of("max_lr", 1)))).next());
            assertEquals(EPOCHS - 5, cycle.totalSteps());
        }

        @Test
        void aNestedScheduleWithoutParametersMayBeGivenByName() {
            WarmupSchedule warmup = assertInstanceOf(WarmupSchedule.class, create("warmup", "then", "cosine"));
            assertEquals(EPOCHS - 5, assertInstanceOf(CosineAnnealingSchedule.class, warmup.next()).tMax());
        }

        @Test
        void wholeNumbersMayBeWrittenAsDecimals() {
            assertEquals(200, ((CosineAnnealingSchedule) create("cosine", "t_max", 200.0)).tMax());
            assertEquals(7, ((StepSchedule) create("step", "step_size", 7L)).stepSize());
        }
    }

    @Nested
    class Descriptions {
        @Test
        void everyScheduleDescribesItselfWithTheFactorysNames() {
            assertEquals("constant learning rate", create("constant").description());
            assertEquals("step decay (step_size=30, gamma=0.1)", create("step", "step_size", 30).description());
            assertEquals("exponential decay (gamma=0.95)", create("exponential", "gamma", 0.95).description());
            assertEquals("cosine annealing (t_max=200, eta_min=0.001)", create("cosine", "eta_min", 0.001).description());
            assertEquals("linear ramp (start_factor=0.3333333333333333, end_factor=1, total_iters=5)",
                    create("linear").description());
            assertEquals("one-cycle (max_lr=0.5, total_steps=200, pct_start=0.3, anneal_strategy=cos, div_factor=25,"
                    + " final_div_factor=10000, three_phase=false)", create("onecycle", "max_lr", 0.5).description());
            assertEquals("linear warm-up (total_iters=5, start_factor=0.3333333333333333), then cosine annealing"
                    + " (t_max=195, eta_min=0)", create("warmup", "then", "cosine").description());
            assertEquals("exponential decay (gamma=1.0E-8)", create("exponential", "gamma", 1e-8).description());
        }

        @Test
        void aSpecPrintsAsWritten() {
            assertEquals("warmup(total_iters: 5, then: cosine(t_max: 100))", ScheduleSpec.of("warmup",
                    params("total_iters", 5, "then", ScheduleSpec.of("cosine", Map.of("t_max", 100)))).toString());
        }
    }

    @Nested
    class Errors {
        @Test
        void unknownScheduleSuggestsTheClosestName() {
            String accepted = "; accepted schedules: constant, step, exponential, cosine, linear, onecycle, warmup";
            assertEquals("unknown schedule 'cosin' (did you mean 'cosine'?)" + accepted, error("cosin"));
            assertEquals("unknown schedule 'one_cycle' (did you mean 'onecycle'?)" + accepted, error("one_cycle"));
            assertEquals("unknown schedule 'Exponentail' (did you mean 'exponential'?)" + accepted, error("Exponentail"));
            assertEquals("unknown schedule 'linear_warmup' (did you mean 'linear'?)" + accepted, error("linear_warmup"));
            assertEquals("unknown schedule 'plateau'" + accepted, error("plateau"));
            assertEquals("unknown schedule 'cosin' in the 'then' of 'warmup' (did you mean 'cosine'?)" + accepted,
                    error("warmup", "then", "cosin"));
            assertEquals("no schedule given" + accepted, assertThrows(IllegalArgumentException.class,
                    () -> Schedules.create(null, 10)).getMessage());
            assertEquals("unknown schedule 'stpe' (did you mean 'step'?)" + accepted, assertThrows(
                    IllegalArgumentException.class, () -> Schedules.parameterNames("stpe")).getMessage());
        }

        @Test
        void unknownParameterSuggestsTheClosestNameAndListsTheAcceptedOnes() {
            assertEquals("schedule 'cosine': unknown parameter 'tmax' (did you mean 't_max'?); accepted parameters:"
                    + " t_max (default: the run length), eta_min (default 0)", error("cosine", "tmax", 10));
            assertEquals("schedule 'cosine': unknown parameter 'T_max' (did you mean 't_max'?); accepted parameters:"
                    + " t_max (default: the run length), eta_min (default 0)", error("cosine", "T_max", 10));
            assertEquals("schedule 'step': unknown parameter 'gama' (did you mean 'gamma'?); accepted parameters:"
                    + " step_size (required), gamma (default 0.1)", error("step", "step_size", 3, "gama", 0.5));
            assertEquals("schedule 'warmup': unknown parameter 'iters' (did you mean 'total_iters'?); accepted parameters:"
                    + " total_iters (default 5), start_factor (default 1/3), then (the schedule after the warm-up,"
                    + " its t restarting at 0; default constant)", error("warmup", "iters", 5));
            assertEquals("schedule 'linear': unknown parameter 'lr'; accepted parameters: start_factor (default 1/3),"
                    + " end_factor (default 1), total_iters (default 5)", error("linear", "lr", 5));
            assertEquals("schedule 'constant': unknown parameter 'gamma'; it takes no parameters",
                    error("constant", "gamma", 0.5));
        }

        @Test
        void missingRequiredParameters() {
            assertEquals("schedule 'step': missing required parameter 'step_size'; accepted parameters:"
                    + " step_size (required), gamma (default 0.1)", error("step", "gamma", 0.5));
            assertEquals("schedule 'exponential': missing required parameter 'gamma'; accepted parameters:"
                    + " gamma (required)", error("exponential"));
            assertEquals("schedule 'onecycle': missing required parameter 'max_lr'; accepted parameters:"
                    + " max_lr (required), total_steps (default: the run length), pct_start (default 0.3),"
                    + " anneal_strategy (cos or linear, default cos), div_factor (default 25),"
                    + " final_div_factor (default 10000), three_phase (default false)", error("onecycle"));
        }

        @Test
        void valuesOfTheWrongType() {
            assertEquals("schedule 'step': step_size must be a whole number, got 2.5", error("step", "step_size", 2.5));
            assertEquals("schedule 'step': gamma must be a number, got the word 'half'",
                    error("step", "step_size", 2, "gamma", "half"));
            assertEquals("schedule 'cosine': t_max must be a number, got no value", error("cosine", "t_max", null));
            assertEquals("schedule 'onecycle': three_phase must be true or false, got 1",
                    error("onecycle", "max_lr", 1, "three_phase", 1));
            assertEquals("schedule 'onecycle': anneal_strategy must be a word, got 1",
                    error("onecycle", "max_lr", 1, "anneal_strategy", 1));
            assertEquals("schedule 'warmup': then must be a schedule such as cosine(t_max: 100), got 3",
                    error("warmup", "then", 3));
            assertEquals("schedule 'cosine': t_max must be a number, got the schedule step(step_size: 2)",
                    error("cosine", "t_max", ScheduleSpec.of("step", Map.of("step_size", 2))));
            assertEquals("schedule 'cosine': t_max must be a whole number, got 3000000000",
                    error("cosine", "t_max", 3_000_000_000L));
        }

        @Test
        void outOfRangeValuesSayWhatIsAccepted() {
            assertEquals("schedule 'step': gamma must be a finite number > 0, got 0", error("step", "step_size", 3, "gamma", 0));
            assertEquals("schedule 'step': step_size must be a whole number >= 1, got 0", error("step", "step_size", 0));
            assertEquals("schedule 'exponential': gamma must be a finite number > 0, got -0.5", error("exponential", "gamma", -0.5));
            assertEquals("schedule 'exponential': gamma must be a finite number > 0, got NaN",
                    error("exponential", "gamma", Double.NaN));
            assertEquals("schedule 'exponential': gamma must be a finite number > 0, got Infinity",
                    error("exponential", "gamma", Double.POSITIVE_INFINITY));
            assertEquals("schedule 'cosine': t_max must be a whole number >= 1, got 0", error("cosine", "t_max", 0));
            assertEquals("schedule 'cosine': eta_min must be a finite number >= 0, got -0.001", error("cosine", "eta_min", -0.001));
            assertEquals("schedule 'linear': start_factor must be in (0, 1], got 0", error("linear", "start_factor", 0));
            assertEquals("schedule 'linear': start_factor must be in (0, 1], got 1.5", error("linear", "start_factor", 1.5));
            assertEquals("schedule 'linear': end_factor must be in [0, 1], got 1.1", error("linear", "end_factor", 1.1));
            assertEquals("schedule 'linear': total_iters must be a whole number >= 1, got 0", error("linear", "total_iters", 0));
            assertEquals("schedule 'warmup': total_iters must be a whole number >= 1, got -1", error("warmup", "total_iters", -1));
            assertEquals("schedule 'warmup': start_factor must be in (0, 1], got 2", error("warmup", "start_factor", 2));
        }

        @Test
        void oneCycleRanges() {
            assertEquals("schedule 'onecycle': max_lr must be a finite number > 0, got 0", error("onecycle", "max_lr", 0));
            assertEquals("schedule 'onecycle': pct_start must be in (0, 1), got 0", error("onecycle", "max_lr", 1, "pct_start", 0));
            assertEquals("schedule 'onecycle': pct_start must be in (0, 1), got 1", error("onecycle", "max_lr", 1, "pct_start", 1));
            assertEquals("schedule 'onecycle': total_steps must be a whole number >= 2, got 1",
                    error("onecycle", "max_lr", 1, "total_steps", 1));
            assertEquals("schedule 'onecycle': div_factor must be a finite number > 0, got 0",
                    error("onecycle", "max_lr", 1, "div_factor", 0));
            assertEquals("schedule 'onecycle': final_div_factor must be a finite number > 0, got -1",
                    error("onecycle", "max_lr", 1, "final_div_factor", -1));
            assertEquals("schedule 'onecycle': anneal_strategy must be one of 'cos', 'linear', got 'cosine'"
                    + " (did you mean 'cos'?)", error("onecycle", "max_lr", 1, "anneal_strategy", "cosine"));
            assertEquals("schedule 'onecycle': anneal_strategy must be one of 'cos', 'linear', got 'exp'",
                    error("onecycle", "max_lr", 1, "anneal_strategy", "exp"));
            assertEquals("schedule 'onecycle': pct_start * total_steps must be > 1 so that the rise to max_lr spans at"
                    + " least one step, got 0.1 * 10 = 1; increase total_steps or pct_start",
                    error("onecycle", "max_lr", 1, "total_steps", 10, "pct_start", 0.1));
            assertEquals("schedule 'onecycle': with three_phase, 2 * pct_start * total_steps - 2 must be < total_steps - 1"
                    + " so that the final annealing phase is not empty, got 2 * 0.6 * 10 - 2 = 10; use pct_start < 0.55",
                    error("onecycle", "max_lr", 1, "total_steps", 10, "pct_start", 0.6, "three_phase", true));
        }

        @Test
        void defaultsFromTheRunLengthAreExplainedWhenTheyDoNotFit() {
            assertEquals("schedule 'onecycle': pct_start * total_steps must be > 1 so that the rise to max_lr spans at"
                    + " least one step, got 0.3 * 3 = 0.9; increase total_steps or pct_start (total_steps was not given"
                    + " and defaulted to the run length (3))", assertThrows(IllegalArgumentException.class,
                    () -> Schedules.create("onecycle", Map.of("max_lr", 1), 3)).getMessage());
            assertEquals("schedule 'cosine' in the 'then' of 'warmup': t_max is not given and its default, the run"
                    + " length minus the warm-up (5 - 5 = 0), is below 1; give t_max explicitly",
                    assertThrows(IllegalArgumentException.class, () -> Schedules.create("warmup",
                            Map.of("then", "cosine"), 5)).getMessage());
            assertEquals("schedule 'step' in the 'then' of 'warmup': gamma must be a finite number > 0, got 0",
                    error("warmup", "then", ScheduleSpec.of("step", Map.of("step_size", 1, "gamma", 0))));
            assertEquals("the run length must be at least 1 (epochs, or steps for a per-step schedule), got 0",
                    assertThrows(IllegalArgumentException.class, () -> Schedules.create("cosine", Map.of(), 0)).getMessage());
        }

        @Test
        void aWarmupLongerThanTheRunIsFineWhenTheNextScheduleNeedsNoLength() {
            WarmupSchedule warmup = assertInstanceOf(WarmupSchedule.class,
                    Schedules.create("warmup", Map.of("total_iters", 10, "then", "constant"), 5));
            assertEquals(0.1, warmup.lr(0.1, 10));
        }

        @Test
        void indexOutOfRange() {
            LearningRateSchedule cycle = create("onecycle", "max_lr", 1, "total_steps", 10);
            assertEquals(4e-6, cycle.lr(0.1, 9), 1e-18);
            cycle.lr(0.1, 10);
            assertEquals("one-cycle schedule asked for t = 11, past total_steps = 10 (PyTorch raises an error here too);"
                    + " set total_steps to the number of steps of the run",
                    assertThrows(IllegalArgumentException.class, () -> cycle.lr(0.1, 11)).getMessage());
            assertEquals("t must be >= 0 (it counts epochs or steps from 0), got -1",
                    assertThrows(IllegalArgumentException.class, () -> create("cosine").lr(0.1, -1)).getMessage());
        }
    }
}
