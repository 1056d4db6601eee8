package dev.nabla.runtime.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hyper-parameters of one schedule spec, read with their types and defaults. Rejects unknown names on
 * construction; each reader rejects a missing required value or a value of the wrong type. Messages name the
 * parameter but not the schedule ({@link Schedules} adds that).
 */
final class ScheduleParameters {
    private final ScheduleKind kind;
    private final Map<String, Object> values;
    private final RunLength run;
    private final Map<String, String> runDefaults = new LinkedHashMap<>();

    ScheduleParameters(ScheduleKind kind, Map<String, Object> values, RunLength run) {
        this.kind = kind;
        this.values = values;
        this.run = run;
        List<String> names = kind.parameterNames();
        for (String given : values.keySet()) {
            if (!names.contains(given)) {
                String accepted = names.isEmpty() ? "; it takes no parameters"
                        : Suggestions.didYouMean(given, names) + "; accepted parameters: " + kind.parameterList();
                throw new IllegalArgumentException("unknown parameter '" + given + "'" + accepted);
            }
        }
    }

    /** The run length the defaults of {@code t_max} and {@code total_steps} come from. */
    RunLength run() {
        return run;
    }

    /** A required number. */
    double real(String name) {
        return number(name, require(name));
    }

    /** A number, {@code fallback} when absent. */
    double real(String name, double fallback) {
        return values.containsKey(name) ? number(name, values.get(name)) : fallback;
    }

    /** A required whole number. */
    int whole(String name) {
        return wholeNumber(name, require(name));
    }

    /** A whole number, {@code fallback} when absent. */
    int whole(String name, int fallback) {
        return values.containsKey(name) ? wholeNumber(name, values.get(name)) : fallback;
    }

    /** A whole number that defaults to the run length, which must then be at least 1. */
    int wholeOrRunLength(String name) {
        if (values.containsKey(name)) return wholeNumber(name, values.get(name));
        if (run.value() < 1) {
            throw new IllegalArgumentException(name + " is not given and its default, " + run.meaning()
                    + ", is below 1; give " + name + " explicitly");
        }
        runDefaults.put(name, name + " was not given and defaulted to " + run.meaning());
        return run.value();
    }

    /** {@code true} or {@code false}, {@code fallback} when absent. */
    boolean flag(String name, boolean fallback) {
        if (!values.containsKey(name)) return fallback;
        Object v = values.get(name);
        if (v instanceof Boolean b) return b;
        if ("true".equals(v)) return true;
        if ("false".equals(v)) return false;
        throw new IllegalArgumentException(name + " must be true or false, got " + show(v));
    }

    /** A word such as {@code cos}, {@code fallback} when absent. */
    String word(String name, String fallback) {
        if (!values.containsKey(name)) return fallback;
        Object v = values.get(name);
        if (v instanceof String s) return s;
        throw new IllegalArgumentException(name + " must be a word, got " + show(v));
    }

    /** A nested schedule (a spec, or a name for a schedule without parameters), {@code fallback} when absent. */
    ScheduleSpec schedule(String name, ScheduleSpec fallback) {
        if (!values.containsKey(name)) return fallback;
        Object v = values.get(name);
        if (v instanceof ScheduleSpec s) return s;
        if (v instanceof String s) return ScheduleSpec.of(s);
        throw new IllegalArgumentException(name + " must be a schedule such as cosine(t_max: 100), got " + show(v));
    }

    /**
     * Why the values an error message mentions came from the run length, to append to it; empty if the message
     * mentions no such value.
     */
    String runDefaultsNote(String message) {
        List<String> notes = runDefaults.entrySet().stream()
                .filter(e -> message.contains(e.getKey())).map(Map.Entry::getValue).toList();
        return notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
    }

    private Object require(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("missing required parameter '" + name + "'; accepted parameters: "
                    + kind.parameterList());
        }
        return values.get(name);
    }

    private static double number(String name, Object v) {
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(name + " must be a number, got " + show(v));
    }

    private static int wholeNumber(String name, Object v) {
        double d = number(name, v);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be a whole number, got " + show(v));
        }
        return (int) d;
    }

    /** A value as it would be written, with its kind when it is not a number. */
    private static String show(Object v) {
        if (v == null) return "no value";
        if (v instanceof Number n) return Checks.format(n.doubleValue());
        if (v instanceof String s) return "the word '" + s + "'";
        if (v instanceof Boolean b) return b.toString();
        if (v instanceof ScheduleSpec s) return "the schedule " + s;
        return "a " + v.getClass().getSimpleName() + " (" + v + ")";
    }
}
