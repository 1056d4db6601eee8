package dev.nabla.compiler.check;

import dev.nabla.compiler.ast.TrainDecl;
import dev.nabla.compiler.ast.TrainDecl.Value;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.Diagnostics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a {@code train} block: known settings, values of the right kind and range. */
public final class TrainChecker {
    private TrainChecker() {}

    static final List<String> KEYS = List.of("data", "batch", "epochs", "lr", "optimizer", "seed", "shuffle", "validation");

    /** Hyper-parameters each optimizer takes (PyTorch's names). */
    static final Map<String, Set<String>> OPTIMIZERS = optimizers();

    private static Map<String, Set<String>> optimizers() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (var e : dev.nabla.compiler.codegen.Optimizers.DEFAULTS.entrySet()) m.put(e.getKey(), e.getValue().keySet());
        return m;
    }

    /** Hyper-parameters written as true/false. */
    static final Set<String> FLAGS = Set.of("nesterov", "centered");

    public static TrainSettings check(TrainDecl t, Diagnostics d) {
        TrainSettings.DataSource data = null;
        Integer batch = null, epochs = null;
        Double lr = null, validation = null;
        TrainSettings.OptimizerSpec opt = null;
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
                case "lr" -> lr = positive(v, "lr", d);
                case "seed" -> {
                    Integer i = wholeNumber(v, "seed", d);
                    seed = i == null ? null : (long) i;
                }
                case "shuffle" -> shuffle = bool(v, "shuffle", d);
                case "validation" -> {
                    Double f = number(v, "validation", d);
                    if (f != null && !(f >= 0 && f < 1)) {
                        d.error(v.span(), "validation is the fraction of examples held out, from 0 up to (not including) 1; got " + f);
                    } else {
                        validation = f;
                    }
                }
                case "optimizer" -> opt = optimizer(v, d);
                default -> d.error(s.keySpan(), "unknown train setting '" + s.key() + "'" + Suggest.hint(s.key(), KEYS)
                        + " (known: " + String.join(", ", KEYS) + ")");
            }
        }
        return new TrainSettings(data, batch, epochs, lr, opt, seed, shuffle, validation);
    }

    private static TrainSettings.DataSource data(Value v, Diagnostics d) {
        if (!(v instanceof Value.Call c) || !c.name().equals("csv")) {
            d.error(v.span(), "data takes a source such as csv(\"train.csv\", label: \"y\")");
            return null;
        }
        String path = null, label = null;
        boolean standardize = false;
        int positional = 0;
        for (Value.Named a : c.args()) {
            String key = a.key() != null ? a.key() : positional++ == 0 ? "path" : null;
            if (key == null) {
                d.error(a.value().span(), "csv takes one positional argument, the file; name the others (label: ...)");
                return null;
            }
            switch (key) {
                case "path", "file" -> path = string(a.value(), "the csv file", d);
                case "label" -> label = string(a.value(), "label", d);
                case "standardize" -> {
                    Boolean b = bool(a.value(), "standardize", d);
                    standardize = b != null && b;
                }
                default -> {
                    d.error(a.keySpan(), "csv has no option '" + key + "'"
                            + Suggest.hint(key, List.of("label", "standardize")) + " (it takes: file, label, standardize)");
                    return null;
                }
            }
        }
        if (path == null) {
            d.error(c.span(), "csv needs the file to read, as in csv(\"train.csv\", label: \"y\")");
            return null;
        }
        return new TrainSettings.DataSource("csv", path, label, standardize, c.span());
    }

    private static TrainSettings.OptimizerSpec optimizer(Value v, Diagnostics d) {
        String name;
        List<Value.Named> args = List.of();
        if (v instanceof Value.Word w) {
            name = w.word();
        } else if (v instanceof Value.Call c) {
            name = c.name();
            args = c.args();
        } else {
            d.error(v.span(), "optimizer takes a name such as sgd or sgd(lr: 0.1)");
            return null;
        }
        Set<String> known = OPTIMIZERS.get(name);
        if (known == null) {
            d.error(v.span(), "unknown optimizer '" + name + "'" + Suggest.hint(name, OPTIMIZERS.keySet())
                    + " (known: " + String.join(", ", OPTIMIZERS.keySet().stream().sorted().toList()) + ")");
            return null;
        }
        Map<String, Double> hyper = new LinkedHashMap<>();
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
            Double x;
            if (FLAGS.contains(a.key())) {
                Boolean b = bool(a.value(), a.key(), d);
                x = b == null ? null : b ? 1.0 : 0.0;
            } else {
                x = number(a.value(), a.key(), d);
                if (x != null && x < 0) {
                    d.error(a.value().span(), a.key() + " must not be negative");
                    return null;
                }
            }
            if (x == null) return null;
            hyper.put(a.key(), x);
        }
        return new TrainSettings.OptimizerSpec(name, hyper, v.span());
    }

    private static Double number(Value v, String what, Diagnostics d) {
        if (v instanceof Value.Number n) return n.value();
        d.error(v.span(), what + " must be a number");
        return null;
    }

    private static Double positive(Value v, String what, Diagnostics d) {
        Double x = number(v, what, d);
        if (x != null && !(x > 0)) {
            d.error(v.span(), what + " must be greater than 0, got " + ((Value.Number) v).text());
            return null;
        }
        return x;
    }

    private static Integer wholeNumber(Value v, String what, Diagnostics d) {
        Double x = number(v, what, d);
        if (x == null) return null;
        if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
            d.error(v.span(), what + " must be a whole number, got " + ((Value.Number) v).text());
            return null;
        }
        return x.intValue();
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
        d.error(v.span(), what + " must be true or false");
        return null;
    }

    private static String string(Value v, String what, Diagnostics d) {
        if (v instanceof Value.Str s) return s.value();
        d.error(v.span(), what + " must be a string in double quotes");
        return null;
    }
}
