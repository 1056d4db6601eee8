package dev.nabla.compiler.check;

import dev.nabla.compiler.ast.TrainDecl;
import dev.nabla.compiler.ast.TrainDecl.Value;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.Diagnostics;
import dev.nabla.compiler.diag.Span;
import dev.nabla.runtime.data.CsvOptions;
import dev.nabla.runtime.schedule.ScheduleSpec;
import dev.nabla.runtime.schedule.Schedules;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a {@code train} block: known settings, values of the right kind and range. */
public final class TrainChecker {
    static final List<String> KEYS = List.of("data", "batch", "epochs", "lr", "optimizer", "seed", "shuffle",
            "validation", "schedule", "early_stop", "clip_norm", "clip_value", "on_missing", "threads");

    /** Metrics early stopping can watch. */
    static final List<String> MONITORS = List.of("val_loss", "val_accuracy", "val_mae", "val_rmse", "loss", "accuracy",
            "mae", "rmse");

    private TrainChecker() {}

    public static TrainSettings check(TrainDecl t, Diagnostics d) {
        TrainSettings.DataSource data = null;
        Integer batch = null, epochs = null, threads = null;
        Double lr = null, validation = null, clipNorm = null, clipValue = null;
        TrainSettings.OptimizerSpec opt = null;
        TrainSettings.Schedule schedule = null;
        TrainSettings.EarlyStop early = null;
        String onMissing = null;
        Long seed = null;
        Boolean shuffle = null;
        Map<String, TrainDecl.Setting> seen = new LinkedHashMap<>();
        for (TrainDecl.Setting s : t.settings()) {
            TrainDecl.Setting prev = seen.put(s.key(), s);
            if (prev != null) {
                d.report(Diagnostic.error(s.keySpan(), "'" + s.key() + "' is set twice").withRelated(prev.span(), "first set here"));
                continue;
            }
            Value v = s.value();
            switch (s.key()) {
                case "data" -> data = data(v, d);
                case "batch" -> batch = positiveInt(v, "batch", d);
                case "epochs" -> epochs = positiveInt(v, "epochs", d);
                case "threads" -> threads = positiveInt(v, "threads", d);
                case "lr" -> lr = positive(v, "lr", d);
                case "clip_norm" -> clipNorm = positive(v, "clip_norm", d);
                case "clip_value" -> clipValue = positive(v, "clip_value", d);
                case "seed" -> {
                    Integer i = wholeNumber(v, "seed", d);
                    seed = i == null ? null : (long) i;
                }
                case "shuffle" -> shuffle = bool(v, "shuffle", d);
                case "on_missing" -> onMissing = word(v, "on_missing", List.of("error", "drop"), d);
                case "validation" -> {
                    Double f = number(v, "validation", d);
                    if (f != null && !(f >= 0 && f < 1)) {
                        d.error(v.span(), "validation is the fraction of examples held out, from 0 up to (not including) 1; got " + f);
                    } else {
                        validation = f;
                    }
                }
                case "optimizer" -> opt = optimizer(v, d);
                case "schedule" -> schedule = schedule(v, d);
                case "early_stop" -> early = earlyStop(v, d);
                default -> d.error(s.keySpan(), "unknown train setting '" + s.key() + "'" + Suggest.hint(s.key(), KEYS)
                        + " (known: " + String.join(", ", KEYS) + ")");
            }
        }
        return new TrainSettings(data, batch, epochs, lr, opt, seed, shuffle, validation, schedule, early, clipNorm,
                clipValue, onMissing, threads);
    }

    /** Named arguments of a call value; a positional one is reported unless it is the allowed first one. */
    private static Map<String, Value.Named> named(Value.Call c, String firstPositional, Set<String> allowed, Diagnostics d) {
        Map<String, Value.Named> out = new LinkedHashMap<>();
        int positional = 0;
        for (Value.Named a : c.args()) {
            String key = a.key();
            if (key == null) {
                if (positional++ == 0 && firstPositional != null) {
                    key = firstPositional;
                } else {
                    d.error(a.value().span(), c.name() + " takes " + (firstPositional == null ? "only named arguments"
                            : "one positional argument; name the others") + ", as in " + c.name() + "("
                            + String.join(": ..., ", allowed.stream().sorted().toList()) + ": ...)");
                    return null;
                }
            }
            if (!allowed.contains(key)) {
                String kind = c.name().equals("csv") || c.name().equals("idx") ? " option '" : " argument '";
                d.error(a.keySpan() != null ? a.keySpan() : a.value().span(), c.name() + " has no" + kind + key + "'"
                        + Suggest.hint(key, allowed) + " (it takes: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                return null;
            }
            if (out.put(key, a) != null) {
                d.error(a.keySpan() != null ? a.keySpan() : a.value().span(), "argument '" + key + "' is given twice");
                return null;
            }
        }
        return out;
    }

    private static TrainSettings.DataSource data(Value v, Diagnostics d) {
        if (v instanceof Value.Call c && c.name().equals("csv")) {
            Map<String, Value.Named> a = named(c, "file", Set.of("file", "label", "features", "categorical", "standardize",
                    "encoding"), d);
            if (a == null) return null;
            if (!a.containsKey("file")) {
                d.error(c.span(), "csv needs the file to read, as in csv(\"train.csv\", label: \"y\")");
                return null;
            }
            String path = string(a.get("file").value(), "the csv file", d);
            String label = a.containsKey("label") ? string(a.get("label").value(), "label", d) : null;
            List<String> features = a.containsKey("features") ? list(a.get("features").value(), "features", d) : null;
            List<String> categorical = a.containsKey("categorical") ? list(a.get("categorical").value(), "categorical", d) : List.of();
            Boolean std = a.containsKey("standardize") ? bool(a.get("standardize").value(), "standardize", d) : Boolean.FALSE;
            Charset charset = StandardCharsets.UTF_8;
            if (a.containsKey("encoding")) {
                Value ev = a.get("encoding").value();
                String name = string(ev, "encoding", d);
                if (name == null) return null;
                try {
                    charset = CsvOptions.charsetNamed(name);
                } catch (IllegalArgumentException e) {
                    d.error(ev.span(), "csv: " + e.getMessage());
                    return null;
                }
            }
            if (path == null || std == null || categorical == null) return null;
            return new TrainSettings.Csv(path, label, features, categorical, std, charset, c.span());
        }
        if (v instanceof Value.Call c && c.name().equals("idx")) {
            Map<String, Value.Named> a = named(c, null, Set.of("images", "labels"), d);
            if (a == null) return null;
            if (!a.containsKey("images") || !a.containsKey("labels")) {
                d.error(c.span(), "idx needs both files, as in idx(images: \"train-images.gz\", labels: \"train-labels.gz\")");
                return null;
            }
            String images = string(a.get("images").value(), "images", d);
            String labels = string(a.get("labels").value(), "labels", d);
            return images == null || labels == null ? null : new TrainSettings.Idx(images, labels, c.span());
        }
        Span where = v instanceof Value.Call c ? c.nameSpan() : v.span();
        String what = v instanceof Value.Call c ? "unknown data source '" + c.name() + "'" + Suggest.hint(c.name(), List.of("csv", "idx"))
                : "data takes a source";
        d.error(where, what + "; write csv(\"train.csv\", label: \"y\") or idx(images: \"...\", labels: \"...\")");
        return null;
    }

    private static TrainSettings.OptimizerSpec optimizer(Value v, Diagnostics d) {
        String name;
        Span nameSpan;
        List<Value.Named> args = List.of();
        if (v instanceof Value.Word w) {
            name = w.word();
            nameSpan = w.span();
        } else if (v instanceof Value.Call c) {
            name = c.name();
            nameSpan = c.nameSpan();
            args = c.args();
        } else {
            d.error(v.span(), "optimizer takes a name such as sgd or adam(lr: 0.001), got " + describe(v));
            return null;
        }
        OptimizerKind kind = OptimizerKind.of(name);
        if (kind == null) {
            d.error(nameSpan, "unknown optimizer '" + name + "'" + Suggest.hint(name, OptimizerKind.keywords())
                    + " (known: " + String.join(", ", OptimizerKind.keywords().stream().sorted().toList()) + ")");
            return null;
        }
        List<String> known = kind.hyperParameterNames();
        Map<String, Double> hyper = new LinkedHashMap<>();
        Map<String, Boolean> flags = new LinkedHashMap<>();
        for (Value.Named a : args) {
            if (a.key() == null) {
                d.error(a.value().span(), "name the hyper-parameters of " + name + ", as in " + name + "(lr: 0.1)");
                return null;
            }
            if (!known.contains(a.key())) {
                d.error(a.keySpan(), name + " has no hyper-parameter '" + a.key() + "'" + Suggest.hint(a.key(), known)
                        + " (it takes: " + String.join(", ", known.stream().sorted().toList()) + ")");
                return null;
            }
            if (kind.flagDefaults().containsKey(a.key())) {
                Boolean b = bool(a.value(), a.key(), d);
                if (b == null) return null;
                flags.put(a.key(), b);
                continue;
            }
            Double x;
            {
                x = hyper(a.value(), a.key(), d);
                if (x != null && x < 0) {
                    d.error(a.value().span(), a.key() + " must not be negative");
                    return null;
                }
                if (x != null && (a.key().startsWith("beta") || a.key().equals("alpha")) && x >= 1) {
                    d.error(a.value().span(), a.key() + " must be below 1, got " + x);
                    return null;
                }
            }
            if (x == null) return null;
            hyper.put(a.key(), x);
        }
        if (flags.getOrDefault("nesterov", false) && (hyper.getOrDefault("momentum", 0.0) == 0
                || hyper.getOrDefault("dampening", 0.0) != 0)) {
            d.error(v.span(), "nesterov momentum needs momentum > 0 and dampening 0 (as in PyTorch)");
            return null;
        }
        return new TrainSettings.OptimizerSpec(kind, hyper, flags, v.span());
    }

    private static TrainSettings.Schedule schedule(Value v, Diagnostics d) {
        String name;
        Span nameSpan;
        Map<String, Object> params = new LinkedHashMap<>();
        boolean perStep = false;
        if (v instanceof Value.Word w) {
            name = w.word();
            nameSpan = w.span();
        } else if (v instanceof Value.Call c) {
            name = c.name();
            nameSpan = c.nameSpan();
            for (Value.Named a : c.args()) {
                if (a.key() == null) {
                    d.error(a.value().span(), "name the parameters of the schedule, as in " + c.name() + "(t_max: 100)");
                    return null;
                }
                if (a.key().equals("per_step")) {
                    Boolean b = bool(a.value(), "per_step", d);
                    if (b == null) return null;
                    perStep = b;
                    continue;
                }
                Object val = scheduleValue(a.value(), d);
                if (val == null) return null;
                params.put(a.key(), val);
            }
        } else {
            d.error(v.span(), "schedule takes a name such as cosine or step(step_size: 30), got " + describe(v));
            return null;
        }
        ScheduleSpec spec = new ScheduleSpec(name, params);
        try {
            Schedules.create(spec, 100); // checks names, kinds and ranges; the real run length comes later
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            if (!msg.contains("run length")) {
                d.error(Schedules.names().contains(name) ? v.span() : nameSpan, msg);
                return null;
            }
        }
        return new TrainSettings.Schedule(spec, perStep, v.span());
    }

    private static Object scheduleValue(Value v, Diagnostics d) {
        if (v instanceof Value.Number) return hyper(v, "schedule", d);
        if (v instanceof Value.Str s) return s.value();
        if (v instanceof Value.Word w) {
            if (w.word().equals("true") || w.word().equals("false")) return Boolean.valueOf(w.word());
            return w.word();
        }
        Value.Call c = (Value.Call) v;
        Map<String, Object> p = new LinkedHashMap<>();
        for (Value.Named a : c.args()) {
            if (a.key() == null) {
                d.error(a.value().span(), "name the parameters of the schedule, as in " + c.name() + "(t_max: 100)");
                return null;
            }
            Object x = scheduleValue(a.value(), d);
            if (x == null) return null;
            p.put(a.key(), x);
        }
        return new ScheduleSpec(c.name(), p);
    }

    private static TrainSettings.EarlyStop earlyStop(Value v, Diagnostics d) {
        if (!(v instanceof Value.Call c) || !c.name().equals("early")) {
            if (v instanceof Value.Number) {
                Integer p = positiveInt(v, "early_stop patience", d);
                return p == null ? null : new TrainSettings.EarlyStop(p, "val_loss", 0, true, v.span());
            }
            d.error(v.span(), "early_stop takes a patience or early(patience: 20, monitor: \"val_loss\", min_delta: 0, "
                    + "restore_best: true)");
            return null;
        }
        Map<String, Value.Named> a = named(c, "patience", Set.of("patience", "monitor", "min_delta", "restore_best"), d);
        if (a == null) return null;
        Integer patience = a.containsKey("patience") ? positiveInt(a.get("patience").value(), "patience", d) : Integer.valueOf(10);
        String monitor = "val_loss";
        if (a.containsKey("monitor")) {
            monitor = string(a.get("monitor").value(), "monitor", d);
            if (monitor != null && !MONITORS.contains(monitor)) {
                d.error(a.get("monitor").value().span(), "early_stop cannot watch '" + monitor + "'"
                        + Suggest.hint(monitor, MONITORS) + " (it watches: " + String.join(", ", MONITORS) + ")");
                return null;
            }
        }
        Double minDelta = a.containsKey("min_delta") ? hyper(a.get("min_delta").value(), "min_delta", d) : Double.valueOf(0);
        Boolean restore = a.containsKey("restore_best") ? bool(a.get("restore_best").value(), "restore_best", d) : Boolean.TRUE;
        if (patience == null || monitor == null || minDelta == null || restore == null) return null;
        if (minDelta < 0) {
            d.error(a.get("min_delta").value().span(), "min_delta must not be negative");
            return null;
        }
        return new TrainSettings.EarlyStop(patience, monitor, minDelta, restore, v.span());
    }

    static String describe(Value v) {
        if (v instanceof Value.Str s) return "the string \"" + shorten(s.value()) + "\"";
        if (v instanceof Value.Word w) return "the name " + w.word();
        if (v instanceof Value.Call c) return "a call of " + c.name() + "(...)";
        return "the number " + shorten(((Value.Number) v).text());
    }

    /** A number of the train block: finite in double (a literal such as 1e400 is not). */
    private static Double number(Value v, String what, Diagnostics d) {
        if (v instanceof Value.Number n) {
            if (!Double.isFinite(n.value())) {
                d.error(v.span(), what + ": the number " + shorten(n.text()) + " is beyond the double range (largest "
                        + Double.MAX_VALUE + ")");
                return null;
            }
            return n.value();
        }
        d.error(v.span(), what + " must be a number, got " + describe(v));
        return null;
    }

    /**
     * A hyper-parameter (learning rate, optimizer argument, clipping, schedule parameter): a number within
     * the float range too, since it scales float weights and gradients.
     */
    private static Double hyper(Value v, String what, Diagnostics d) {
        Double x = number(v, what, d);
        if (x != null && Math.abs(x) > Float.MAX_VALUE) {
            d.error(v.span(), what + ": the number " + shorten(((Value.Number) v).text()) + " is beyond the float range "
                    + "(largest " + Float.MAX_VALUE + ") of the weights it applies to");
            return null;
        }
        return x;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    private static Double positive(Value v, String what, Diagnostics d) {
        Double x = hyper(v, what, d);
        if (x != null && !(x > 0)) {
            d.error(v.span(), what + " must be greater than 0, got " + ((Value.Number) v).text());
            return null;
        }
        return x;
    }

    private static Integer wholeNumber(Value v, String what, Diagnostics d) {
        if (!(v instanceof Value.Number n)) {
            d.error(v.span(), what + " must be a whole number, got " + describe(v));
            return null;
        }
        double x = n.value();
        if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
            d.error(v.span(), what + " must be a whole number, got " + n.text());
            return null;
        }
        return (int) x;
    }

    private static Integer positiveInt(Value v, String what, Diagnostics d) {
        Integer i = wholeNumber(v, what, d);
        if (i != null && i < 1) {
            d.error(v.span(), what + " must be at least 1, got " + i);
            return null;
        }
        return i;
    }

    private static Boolean bool(Value v, String what, Diagnostics d) {
        if (v instanceof Value.Word w && (w.word().equals("true") || w.word().equals("false"))) return w.word().equals("true");
        d.error(v.span(), what + " must be true or false, got " + describe(v));
        return null;
    }

    private static String word(Value v, String what, List<String> allowed, Diagnostics d) {
        String w = v instanceof Value.Word x ? x.word() : v instanceof Value.Str s ? s.value() : null;
        if (w == null || !allowed.contains(w)) {
            d.error(v.span(), what + " must be one of " + String.join(", ", allowed) + ", got " + describe(v));
            return null;
        }
        return w;
    }

    private static String string(Value v, String what, Diagnostics d) {
        if (v instanceof Value.Str s) return s.value();
        d.error(v.span(), what + " must be a string in double quotes, got " + describe(v));
        return null;
    }

    /** A comma-separated list in one string: {@code "island, sex"}. */
    private static List<String> list(Value v, String what, Diagnostics d) {
        String s = string(v, what, d);
        if (s == null) return null;
        List<String> out = new ArrayList<>();
        for (String part : Arrays.asList(s.split(","))) {
            String t = part.trim();
            if (!t.isEmpty()) out.add(t);
        }
        if (out.isEmpty()) {
            d.error(v.span(), what + " lists no columns; write them separated by commas, as in \"a, b\"");
            return null;
        }
        return out;
    }
}
