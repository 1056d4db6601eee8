package dev.nabla.runtime.schedule;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The schedules {@link Schedules} knows: each one's name, parameters with their defaults, and how to build it. */
enum ScheduleKind {
    CONSTANT("constant") {
        @Override
        LearningRateSchedule build(ScheduleParameters p) {
            return ConstantSchedule.INSTANCE;
        }
    },
    STEP("step", new Param("step_size", "required"), new Param("gamma", "default 0.1")) {
        @Override
        LearningRateSchedule build(ScheduleParameters p) {
            return new StepSchedule(p.whole("step_size"), p.real("gamma", 0.1));
        }
    },
    EXPONENTIAL("exponential", new Param("gamma", "required")) {
        @Override
        LearningRateSchedule build(ScheduleParameters p) {
            return new ExponentialSchedule(p.real("gamma"));
        }
    },
    COSINE("cosine", new Param("t_max", "default: the run length"), new Param("eta_min", "default 0")) {
        @Override
        LearningRateSchedule build(ScheduleParameters p) {
            return new CosineAnnealingSchedule(p.wholeOrRunLength("t_max"), p.real("eta_min", 0.0));
        }
    },
    LINEAR("linear", new Param("start_factor", "default 1/3"), new Param("end_factor", "default 1"),
            new Param("total_iters", "default 5")) {
        @Override
        LearningRateSchedule build(ScheduleParameters p) {
            return new LinearSchedule(p.real("start_factor", LinearSchedule.DEFAULT_START_FACTOR),
                    p.real("end_factor", LinearSchedule.DEFAULT_END_FACTOR),
                    p.whole("total_iters", LinearSchedule.DEFAULT_TOTAL_ITERS));
        }
    },
    ONECYCLE("onecycle", new Param("max_lr", "required"), new Param("total_steps", "default: the run length"),
            new Param("pct_start", "default 0.3"), new Param("anneal_strategy", "cos or linear, default cos"),
            new Param("div_factor", "default 25"), new Param("final_div_factor", "default 10000"),
            new Param("three_phase", "default false")) {
        @Override
        LearningRateSchedule build(ScheduleParameters p) {
            double maxLr = p.real("max_lr");
            int totalSteps = p.wholeOrRunLength("total_steps");
            double pctStart = p.real("pct_start", OneCycleSchedule.DEFAULT_PCT_START);
            AnnealStrategy anneal = AnnealStrategy.byName(p.word("anneal_strategy", AnnealStrategy.COS.pytorchName()));
            return new OneCycleSchedule(maxLr, totalSteps, pctStart, anneal,
                    p.real("div_factor", OneCycleSchedule.DEFAULT_DIV_FACTOR),
                    p.real("final_div_factor", OneCycleSchedule.DEFAULT_FINAL_DIV_FACTOR),
                    p.flag("three_phase", false));
        }
    },
    WARMUP("warmup", new Param("total_iters", "default 5"), new Param("start_factor", "default 1/3"),
            new Param("then", "the schedule after the warm-up, its t restarting at 0; default constant")) {
        @Override
        LearningRateSchedule build(ScheduleParameters p) {
            int totalIters = Checks.atLeast("total_iters", p.whole("total_iters", LinearSchedule.DEFAULT_TOTAL_ITERS), 1);
            double startFactor = p.real("start_factor", LinearSchedule.DEFAULT_START_FACTOR);
            ScheduleSpec then = p.schedule("then", ScheduleSpec.of(CONSTANT.scheduleName));
            LearningRateSchedule next = Schedules.build(then, p.run().after(totalIters), " in the 'then' of 'warmup'");
            return new WarmupSchedule(totalIters, startFactor, next);
        }
    };

    /** A parameter's name and what to say about it in a list of accepted parameters. */
    record Param(String name, String about) {}

    private final String scheduleName;
    private final List<Param> params;

    ScheduleKind(String scheduleName, Param... params) {
        this.scheduleName = scheduleName;
        this.params = List.of(params);
    }

    /** Builds the schedule from checked parameters; out-of-range values throw {@link IllegalArgumentException}. */
    abstract LearningRateSchedule build(ScheduleParameters p);

    /** The name in a model file. */
    String scheduleName() {
        return scheduleName;
    }

    /** The accepted parameter names, in documentation order. */
    List<String> parameterNames() {
        return params.stream().map(Param::name).collect(Collectors.toList());
    }

    /** The accepted parameters with their defaults, for messages. */
    String parameterList() {
        return params.stream().map(p -> p.name() + " (" + p.about() + ")").collect(Collectors.joining(", "));
    }

    /** All schedule names. */
    static List<String> names() {
        return Arrays.stream(values()).map(k -> k.scheduleName).collect(Collectors.toList());
    }

    /** The kind called {@code name}, if any. */
    static Optional<ScheduleKind> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.scheduleName.equals(name)).findFirst();
    }
}
