package dev.nabla.runtime.schedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A schedule as written in a model's train block: a name and named hyper-parameters, e.g.
 * {@code cosine(t_max: 200, eta_min: 0.001)} is {@code ScheduleSpec.of("cosine", Map.of("t_max", 200, "eta_min", 0.001))}.
 *
 * <p>Parameter values are {@link Number}s (whole numbers may be any integral {@code Number}, {@code 200.0}
 * included), {@link Boolean}s (or the text {@code true}/{@code false}), {@link String}s for words such as
 * {@code anneal_strategy: cos}, and {@code ScheduleSpec}s for a nested schedule such as
 * {@code warmup(total_iters: 5, then: cosine(eta_min: 0.001))}; a nested schedule without parameters may also
 * be given by its name as a {@code String}. {@link Schedules#create(ScheduleSpec, int)} checks names, types and ranges.
 *
 * @param name   the schedule's name, e.g. {@code cosine}
 * @param params the hyper-parameters by name, in the order written (an unmodifiable copy)
 */
public record ScheduleSpec(String name, Map<String, Object> params) {

    /**
     * Copies {@code params}, keeping their order; {@code null} means no parameters.
     *
     * @throws IllegalArgumentException if {@code name} is null
     */
    public ScheduleSpec {
        if (name == null) throw new IllegalArgumentException("a schedule needs a name; accepted schedules: "
                + String.join(", ", Schedules.names()));
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A schedule without parameters. */
    public static ScheduleSpec of(String name) {
        return new ScheduleSpec(name, Map.of());
    }

    /** A schedule with the given parameters. */
    public static ScheduleSpec of(String name, Map<String, ?> params) {
        return new ScheduleSpec(name, params == null ? Map.of() : new LinkedHashMap<>(params));
    }

    /** The spec as written in a model file, e.g. {@code cosine(t_max: 200, eta_min: 0.001)}. */
    @Override
    public String toString() {
        if (params.isEmpty()) return name;
        StringBuilder out = new StringBuilder(name).append('(');
        String sep = "";
        for (Map.Entry<String, Object> e : params.entrySet()) {
            out.append(sep).append(e.getKey()).append(": ").append(e.getValue());
            sep = ", ";
        }
        return out.append(')').toString();
    }
}
