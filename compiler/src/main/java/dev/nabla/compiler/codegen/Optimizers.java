package dev.nabla.compiler.codegen;

import dev.nabla.compiler.check.OptimizerKind;
import dev.nabla.compiler.check.TrainSettings.OptimizerSpec;
import dev.nabla.compiler.ir.Num;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizers Nabla fuses into the training step, with PyTorch's hyper-parameters, defaults and
 * update formulas ({@code torch.optim}): sgd (momentum, dampening, nesterov, weight_decay), adam,
 * adamw, rmsprop (alpha, momentum, centered) and adagrad (lr_decay, initial_accumulator_value).
 */
public final class Optimizers {
    private Optimizers() {}

    /** The emitter of an optimizer, with gradient clipping by value and by norm (null: off). */
    public static OptimizerEmitter create(OptimizerSpec spec, Double clipValue, Double clipNorm) {
        return switch (spec.kind()) {
            case SGD -> new Sgd(spec, clipValue, clipNorm);
            case ADAM, ADAMW -> new Adam(spec, clipValue, clipNorm);
            case RMSPROP -> new RmsProp(spec, clipValue, clipNorm);
            case ADAGRAD -> new Adagrad(spec, clipValue, clipNorm);
        };
    }

    /** The gradient with weight decay added, as PyTorch's coupled (L2) weight decay does. */
    private static String decayed(Num num, String p, String g, double wd) {
        return wd == 0 ? g : "(" + g + " + " + num.lit(wd) + " * " + p + ")";
    }

    /** SGD: {@code buf = momentum buf + (1 - dampening) g} (buf = g on the first step), nesterov optional. */
    static final class Sgd extends OptimizerEmitter {
        final double momentum, dampening, weightDecay;
        final boolean nesterov;

        Sgd(OptimizerSpec spec, Double clipValue, Double clipNorm) {
            super(spec, clipValue, clipNorm);
            this.momentum = spec.number("momentum");
            this.dampening = spec.number("dampening");
            this.nesterov = spec.flag("nesterov");
            this.weightDecay = spec.number("weight_decay");
        }

        @Override public boolean fusableIntoGradient() { return momentum == 0 && weightDecay == 0 && !clipping(); }

        @Override public List<String> stateNames() { return momentum == 0 ? List.of() : List.of("momentum"); }

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

        Adam(OptimizerSpec spec, Double clipValue, Double clipNorm) {
            super(spec, clipValue, clipNorm);
            this.beta1 = spec.number("beta1");
            this.beta2 = spec.number("beta2");
            this.eps = spec.number("eps");
            this.weightDecay = spec.number("weight_decay");
            this.decoupled = spec.kind() == OptimizerKind.ADAMW;
        }

        @Override public List<String> stateNames() { return List.of("m", "v"); }

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

        RmsProp(OptimizerSpec spec, Double clipValue, Double clipNorm) {
            super(spec, clipValue, clipNorm);
            this.alpha = spec.number("alpha");
            this.eps = spec.number("eps");
            this.weightDecay = spec.number("weight_decay");
            this.momentum = spec.number("momentum");
            this.centered = spec.flag("centered");
        }

        @Override public List<String> stateNames() {
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

        Adagrad(OptimizerSpec spec, Double clipValue, Double clipNorm) {
            super(spec, clipValue, clipNorm);
            this.lrDecay = spec.number("lr_decay");
            this.weightDecay = spec.number("weight_decay");
            this.initial = spec.number("initial_accumulator_value");
            this.eps = spec.number("eps");
        }

        @Override public List<String> stateNames() { return List.of("sum"); }

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
