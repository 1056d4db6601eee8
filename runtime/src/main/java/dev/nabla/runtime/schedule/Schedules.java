package dev.nabla.runtime.schedule;

import java.util.List;
import java.util.Map;

/**
 * Creates schedules by name from a model's train block, e.g. {@code schedule cosine(t_max: 200, eta_min: 0.001)}.
 * Names and parameters follow PyTorch's {@code torch.optim.lr_scheduler}, in snake_case:
 *
 * <table>
 *   <caption>Schedules and their parameters</caption>
 *   <tr><th>name</th><th>parameters (defaults)</th><th>PyTorch</th></tr>
 *   <tr><td>{@code constant}</td><td>none</td><td>no scheduler</td></tr>
 *   <tr><td>{@code step}</td><td>{@code step_size} (required), {@code gamma} (0.1)</td><td>{@code StepLR}</td></tr>
 *   <tr><td>{@code exponential}</td><td>{@code gamma} (required)</td><td>{@code ExponentialLR}</td></tr>
 *   <tr><td>{@code cosine}</td><td>{@code t_max} (the run length), {@code eta_min} (0)</td><td>{@code CosineAnnealingLR}</td></tr>
 *   <tr><td>{@code linear}</td><td>{@code start_factor} (1/3), {@code end_factor} (1), {@code total_iters} (5)</td><td>{@code LinearLR}</td></tr>
 *   <tr><td>{@code onecycle}</td><td>{@code max_lr} (required), {@code total_steps} (the run length),
 *       {@code pct_start} (0.3), {@code anneal_strategy} ({@code cos}; or {@code linear}), {@code div_factor} (25),
 *       {@code final_div_factor} (1e4), {@code three_phase} (false)</td><td>{@code OneCycleLR}</td></tr>
 *   <tr><td>{@code warmup}</td><td>{@code total_iters} (5), {@code start_factor} (1/3), {@code then} (a schedule;
 *       {@code constant})</td><td>{@code SequentialLR([LinearLR, then], milestones=[total_iters])}</td></tr>
 * </table>
 *
 * <p>The run length is the number of epochs of the run, or of optimizer steps when the schedule runs per
 * step; the caller passes it in. Inside {@code warmup}, the {@code then} schedule's t restarts at 0 after the
 * warm-up (see {@link WarmupSchedule}), so its run length, and with it the default {@code t_max} or
 * {@code total_steps}, is the run length minus {@code total_iters}.
 *
 * <p>Every mistake throws an {@link IllegalArgumentException} whose message names the schedule, says what is
 * wrong and what is accepted, and suggests the closest name for a misspelling, e.g.
 * {@code unknown schedule 'cosin'; did you mean 'cosine'? Accepted schedules: constant, step, ...}.
 */
public final class Schedules {
    private Schedules() {}

    /**
     * The schedule a spec describes.
     *
     * @param spec      name and hyper-parameters, as written in the model file
     * @param runLength epochs of the run (steps, for a per-step schedule), at least 1: the default of
     *                  {@code t_max} and {@code total_steps}
     * @throws IllegalArgumentException for an unknown name or parameter, a missing required parameter, a value
     *                                  of the wrong type or out of range
     */
    public static LearningRateSchedule create(ScheduleSpec spec, int runLength) {
        if (spec == null) throw new IllegalArgumentException("no schedule given; accepted schedules: " + String.join(", ", names()));
        if (runLength < 1) {
            throw new IllegalArgumentException("the run length must be at least 1 (epochs, or steps for a per-step"
                    + " schedule), got " + runLength);
        }
        return build(spec, RunLength.of(runLength), "");
    }

    /**
     * The schedule {@code name(params...)}; see {@link #create(ScheduleSpec, int)}.
     *
     * @param params hyper-parameters by name ({@code null} or empty for none); value types as in {@link ScheduleSpec}
     */
    public static LearningRateSchedule create(String name, Map<String, ?> params, int runLength) {
        return create(ScheduleSpec.of(name, params), runLength);
    }

    /** The accepted schedule names: constant, step, exponential, cosine, linear, onecycle, warmup. */
    public static List<String> names() {
        return ScheduleKind.names();
    }

    /**
     * The parameter names schedule {@code name} accepts, in documentation order.
     *
     * @throws IllegalArgumentException if there is no such schedule
     */
    public static List<String> parameterNames(String name) {
        return kind(name, "").parameterNames();
    }

    /** Builds a spec whose errors name the schedule and, for a nested one, where it sits ({@code context}). */
    static LearningRateSchedule build(ScheduleSpec spec, RunLength run, String context) {
        ScheduleKind kind = kind(spec.name(), context);
        ScheduleParameters params = null;
        try {
            params = new ScheduleParameters(kind, spec.params(), run);
            return kind.build(params);
        } catch (ScheduleException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String note = params == null ? "" : params.runDefaultsNote(e.getMessage());
            throw new ScheduleException("schedule '" + spec.name() + "'" + context + ": " + e.getMessage() + note);
        }
    }

    private static ScheduleKind kind(String name, String context) {
        return ScheduleKind.byName(name).orElseThrow(() -> new ScheduleException("unknown schedule '" + name + "'"
                + context + Suggestions.didYouMean(name, names()) + "; accepted schedules: " + String.join(", ", names())));
    }
}
