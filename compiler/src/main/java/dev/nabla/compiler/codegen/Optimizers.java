package dev.nabla.compiler.codegen;

import dev.nabla.compiler.ir.Num;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optimizers Nabla fuses into the training step, with PyTorch's hyper-parameters, defaults and
 * update formulas ({@code torch.optim}): sgd (momentum, dampening, nesterov, weight_decay), adam,
 * adamw, rmsprop (alpha, momentum, centered) and adagrad (lr_decay, initial_accumulator_value).
 */
public final class Optimizers {
    private Optimizers() {}

    /** Hyper-parameters each optimizer accepts (besides lr), with PyTorch's defaults. */
    public static final Map<String, Map<String, Double>> DEFAULTS = Map.of(
            "sgd", Map.of("lr", 0.01, "momentum", 0.0, "dampening", 0.0, "nesterov", 0.0, "weight_decay", 0.0),
            "adam", Map.of("lr", 0.001, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.0),
            "adamw", Map.of("lr", 0.001, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.01),
            "rmsprop", Map.of("lr", 0.01, "alpha", 0.99, "eps", 1e-8, "weight_decay", 0.0, "momentum", 0.0,
                    "centered", 0.0),
            "adagrad", Map.of("lr", 0.01, "lr_decay", 0.0, "weight_decay", 0.0, "initial_accumulator_value", 0.0,
                    "eps", 1e-10));

    public static Set<String> names() { return DEFAULTS.keySet(); }

    /** The emitter for an optimizer and its hyper-parameters (missing ones take PyTorch's defaults). */
    public static OptimizerEmitter create(String name, Map<String, Double> hyper) {
        Map<String, Double> d = DEFAULTS.get(name);
        if (d == null) throw new IllegalArgumentException("unknown optimizer " + name);
        java.util.function.Function<String, Double> h = k -> hyper.getOrDefault(k, d.get(k));
        OptimizerEmitter e = switch (name) {
            case "sgd" -> new Sgd(h.apply("momentum"), h.apply("dampening"), h.apply("nesterov") != 0, h.apply("weight_decay"));
            case "adam" -> new Adam(h.apply("beta1"), h.apply("beta2"), h.apply("eps"), h.apply("weight_decay"), false);
            case "adamw" -> new Adam(h.apply("beta1"), h.apply("beta2"), h.apply("eps"), h.apply("weight_decay"), true);
            case "rmsprop" -> new RmsProp(h.apply("alpha"), h.apply("eps"), h.apply("weight_decay"), h.apply("momentum"),
                    h.apply("centered") != 0);
            default -> new Adagrad(h.apply("lr_decay"), h.apply("weight_decay"), h.apply("initial_accumulator_value"),
                    h.apply("eps"));
        };
        e.setLearningRate(h.apply("lr"));
        java.util.Map<String, Double> all = new java.util.LinkedHashMap<>();
        all.put("lr", h.apply("lr"));
        for (String k : new java.util.TreeSet<>(d.keySet())) if (!k.equals("lr")) all.put(k, h.apply(k));
        e.setHyperParameters(all);
        return e;
    }

    /** The gradient with weight decay added, as PyTorch's coupled (L2) weight decay does. */
    private static String decayed(Num num, String p, String g, double wd) {
        return wd == 0 ? g : "(" + g + " + " + num.lit(wd) + " * " + p + ")";
    }

    /** SGD: {@code buf = momentum buf + (1 - dampening) g} (buf = g on the first step), nesterov optional. */
    static final class Sgd extends OptimizerEmitter {
        final double momentum, dampening, weightDecay;
        final boolean nesterov;

        Sgd(double momentum, double dampening, boolean nesterov, double weightDecay) {
            this.momentum = momentum;
            this.dampening = dampening;
            this.nesterov = nesterov;
            this.weightDecay = weightDecay;
        }

        @Override public String name() { return "sgd"; }

        @Override public boolean fusableIntoGradient() { return momentum == 0 && weightDecay == 0 && !clipping(); }

        @Override protected List<String> stateNames() { return momentum == 0 ? List.of() : List.of("momentum"); }

        @Override protected List<Local> prologue(Num num) {
            return momentum == 0 ? List.of() : List.of(new Local("boolean", "first", "step == 0"));
        }

        @Override protected List<String> body(Num num, String p, String g, String[] s) {
            List<String> b = new ArrayList<>();
            String t = num.type();
            b.add("final " + t + " gd = " + decayed(num, p, g, weightDecay));
            if (momentum == 0) {
                b.add(p + " -= lr * gd");
                return b;
            }
            b.add("final " + t + " buf = first ? gd : " + lit(num, momentum) + " * " + s[0] + " + "
                    + lit(num, 1 - dampening) + " * gd");
            b.add(s[0] + " = buf");
            b.add(p + " -= lr * " + (nesterov ? "(gd + " + lit(num, momentum) + " * buf)" : "buf"));
            return b;
        }
    }

    /** Adam, and AdamW with decoupled weight decay, in PyTorch's arithmetic. */
    static final class Adam extends OptimizerEmitter {
        final double beta1, beta2, eps, weightDecay;
        final boolean decoupled;

        Adam(double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.decoupled = decoupled;
        }

        @Override public String name() { return decoupled ? "adamw" : "adam"; }

        @Override protected List<String> stateNames() { return List.of("m", "v"); }

        @Override protected List<Local> prologue(Num num) {
            String t = num.type();
            String cast = num.isFloat() ? "(float) " : "";
            List<Local> l = new ArrayList<>();
            l.add(new Local("double", "bc1", "1.0 - Math.pow(" + beta1 + ", step + 1)"));
            l.add(new Local("double", "bc2", "1.0 - Math.pow(" + beta2 + ", step + 1)"));
            l.add(new Local(t, "stepSize", cast + "(lr / bc1)"));
            l.add(new Local(t, "bc2Sqrt", cast + "Math.sqrt(bc2)"));
            if (decoupled && weightDecay != 0) l.add(new Local(t, "keep", cast + "(1.0 - lr * " + weightDecay + ")"));
            return l;
        }

        @Override protected List<String> body(Num num, String p, String g, String[] s) {
            List<String> b = new ArrayList<>();
            String t = num.type();
            if (decoupled && weightDecay != 0) b.add(p + " *= keep");
            b.add("final " + t + " gd = " + (decoupled ? g : decayed(num, p, g, weightDecay)));
            b.add(s[0] + " = " + lit(num, beta1) + " * " + s[0] + " + " + lit(num, 1 - beta1) + " * gd");
            b.add(s[1] + " = " + lit(num, beta2) + " * " + s[1] + " + " + lit(num, 1 - beta2) + " * gd * gd");
            b.add(p + " -= stepSize * " + s[0] + " / (" + num.call("Math.sqrt", s[1]) + " / bc2Sqrt + " + lit(num, eps) + ")");
            return b;
        }
    }

    /** RMSprop, optionally centered and with momentum, in PyTorch's arithmetic. */
    static final class RmsProp extends OptimizerEmitter {
        final double alpha, eps, weightDecay, momentum;
        final boolean centered;

        RmsProp(double alpha, double eps, double weightDecay, double momentum, boolean centered) {
            this.alpha = alpha;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.momentum = momentum;
            this.centered = centered;
        }

        @Override public String name() { return "rmsprop"; }

        @Override protected List<String> stateNames() {
            List<String> s = new ArrayList<>(List.of("square_avg"));
            if (centered) s.add("grad_avg");
            if (momentum != 0) s.add("momentum");
            return s;
        }

        @Override protected List<Local> prologue(Num num) { return List.of(); }

        @Override protected List<String> body(Num num, String p, String g, String[] s) {
            List<String> b = new ArrayList<>();
            String t = num.type();
            b.add("final " + t + " gd = " + decayed(num, p, g, weightDecay));
            b.add(s[0] + " = " + lit(num, alpha) + " * " + s[0] + " + " + lit(num, 1 - alpha) + " * gd * gd");
            String avg;
            int next = 1;
            if (centered) {
                String ga = s[next++];
                b.add(ga + " = " + lit(num, alpha) + " * " + ga + " + " + lit(num, 1 - alpha) + " * gd");
                avg = num.call("Math.sqrt", s[0] + " - " + ga + " * " + ga) + " + " + lit(num, eps);
            } else {
                avg = num.call("Math.sqrt", s[0]) + " + " + lit(num, eps);
            }
            b.add("final " + t + " avg = " + avg);
            if (momentum != 0) {
                String buf = s[next];
                b.add(buf + " = " + lit(num, momentum) + " * " + buf + " + gd / avg");
                b.add(p + " -= lr * " + buf);
            } else {
                b.add(p + " -= lr * gd / avg");
            }
            return b;
        }
    }

    /** Adagrad with PyTorch's learning-rate decay and initial accumulator. */
    static final class Adagrad extends OptimizerEmitter {
        final double lrDecay, weightDecay, initial, eps;

        Adagrad(double lrDecay, double weightDecay, double initial, double eps) {
            this.lrDecay = lrDecay;
            this.weightDecay = weightDecay;
            this.initial = initial;
            this.eps = eps;
        }

        @Override public String name() { return "adagrad"; }

        @Override protected List<String> stateNames() { return List.of("sum"); }

        @Override protected List<Local> prologue(Num num) {
            String cast = num.isFloat() ? "(float) " : "";
            return List.of(new Local(num.type(), "clr", cast + "(lr / (1.0 + step * " + lrDecay + "))"));
        }

        @Override protected List<String> body(Num num, String p, String g, String[] s) {
            String t = num.type();
            return List.of(
                    "final " + t + " gd = " + decayed(num, p, g, weightDecay),
                    s[0] + " += gd * gd",
                    p + " -= clr * gd / (" + num.call("Math.sqrt", s[0]) + " + " + lit(num, eps) + ")");
        }

        @Override protected double initialValue(int i) { return initial; }
    }
}
