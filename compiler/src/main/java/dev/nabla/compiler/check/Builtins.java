package dev.nabla.compiler.check;

import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Op;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.ops.Abs;
import dev.nabla.compiler.ir.ops.Bce;
import dev.nabla.compiler.ir.ops.Clamp;
import dev.nabla.compiler.ir.ops.Constant;
import dev.nabla.compiler.ir.ops.CrossEntropy;
import dev.nabla.compiler.ir.ops.Elu;
import dev.nabla.compiler.ir.ops.Erf;
import dev.nabla.compiler.ir.ops.Exp;
import dev.nabla.compiler.ir.ops.Huber;
import dev.nabla.compiler.ir.ops.LeakyRelu;
import dev.nabla.compiler.ir.ops.Log;
import dev.nabla.compiler.ir.ops.LogSoftmax;
import dev.nabla.compiler.ir.ops.Maximum;
import dev.nabla.compiler.ir.ops.Minimum;
import dev.nabla.compiler.ir.ops.Neg;
import dev.nabla.compiler.ir.ops.OneHot;
import dev.nabla.compiler.ir.ops.Pow;
import dev.nabla.compiler.ir.ops.PowConst;
import dev.nabla.compiler.ir.ops.Reduce;
import dev.nabla.compiler.ir.ops.Relu;
import dev.nabla.compiler.ir.ops.Sigmoid;
import dev.nabla.compiler.ir.ops.Softmax;
import dev.nabla.compiler.ir.ops.Softplus;
import dev.nabla.compiler.ir.ops.Sqrt;
import dev.nabla.compiler.ir.ops.StopGradient;
import dev.nabla.compiler.ir.ops.Tanh;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions of the model language. Each is either a primitive op applied to its arguments or a
 * decomposition into primitives (softmax, mse, swish, ...), written once here. Decompositions need no
 * derivative rule: the autodiff differentiates the primitives they expand to.
 */
public final class Builtins {
    private Builtins() {}

    /** A parameter of a function: a tensor argument, or a numeric constant with an optional default. */
    public record Param(String name, boolean tensor, Double defaultValue) {
        static Param tensor(String name) { return new Param(name, true, null); }
        static Param number(String name, Double def) { return new Param(name, false, def); }
    }

    /**
     * The lowering of one call: tensors in argument order, numbers by parameter name. A mistake in the
     * arguments is an {@link ArgumentError}; a {@link ShapeException} comes from an op's own shape rule.
     */
    @FunctionalInterface
    public interface Lowering {
        Node lower(Graph g, List<Node> tensors, Map<String, Double> numbers) throws ShapeException, ArgumentError;
    }

    /**
     * A mistake in the arguments of a call, worded completely by the function. In the message
     * {@code {fn}} stands for the function as the user called it and {@code {0}}, {@code {1}}, ... for its
     * tensor arguments as the user wrote them; the checker fills them in ({@link #message}). The error is
     * about the whole call, or about the argument of parameter {@link #at()}; {@link #explainedBy()} is the
     * tensor argument whose declaration explains it (-1 for none).
     */
    public static final class ArgumentError extends Exception {
        private final String at;
        private final int explainedBy;

        ArgumentError(String message) {
            this(message, null, -1);
        }

        private ArgumentError(String message, String at, int explainedBy) {
            super(message, null, false, false);
            this.at = at;
            this.explainedBy = explainedBy;
        }

        /** The same error, about the argument of this (numeric) parameter. */
        ArgumentError at(String param) { return new ArgumentError(getMessage(), param, explainedBy); }

        /** The same error, with a note at the declaration of this tensor argument. */
        ArgumentError explainedBy(int arg) { return new ArgumentError(getMessage(), at, arg); }

        public String at() { return at; }

        public int explainedBy() { return explainedBy; }

        /** The message for a call of {@code function} whose tensor arguments read {@code args} (already quoted). */
        public String message(String function, List<String> args) {
            String m = getMessage().replace("{fn}", function);
            for (int i = 0; i < args.size(); i++) m = m.replace("{" + i + "}", args.get(i));
            return m;
        }
    }

    /** One function of the language. {@code variadic}: any number (at least one) of tensor arguments. */
    public record Builtin(String name, List<Param> params, boolean variadic, String summary, Lowering lowering) {}

    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private static final Map<String, Builtin> TABLE = new LinkedHashMap<>();

    public static Builtin get(String name) { return TABLE.get(name); }

    public static java.util.Collection<Builtin> all() { return TABLE.values(); }

    private static void def(String name, String summary, Lowering l, Param... params) {
        TABLE.put(name, new Builtin(name, List.of(params), false, summary, l));
    }

    private static void unary(String name, String summary, java.util.function.Supplier<Op> op) {
        def(name, summary, (g, t, n) -> g.tryAdd(op.get(), List.of(t.get(0)), null), Param.tensor("x"));
    }

    private static Node apply(Graph g, Op op, Node... in) throws ShapeException {
        return g.tryAdd(op, Arrays.asList(in), null);
    }

    /**
     * A per-example axis argument (negative counts from the end) of the function's first argument, as a
     * list of axes; all axes when absent.
     */
    static List<Integer> axes(Node x, Double axis) throws ArgumentError {
        int rank = x.type().rank();
        if (axis == null) return allAxes(x);
        int a = (int) Math.round(axis);
        if (a != axis) throw new ArgumentError("{fn}: axis must be a whole number, got " + number(axis)).at("axis");
        int resolved = a < 0 ? a + rank : a;
        if (resolved < 0 || resolved >= rank) {
            throw new ArgumentError("{fn}: axis " + a + " is out of range for {0} of shape " + x.type().shapeString()
                    + "; valid axes are " + validAxes(rank) + " (axes count per example; the batch axis is implicit)")
                    .at("axis");
        }
        return List.of(resolved);
    }

    private static List<Integer> allAxes(Node x) {
        List<Integer> all = new ArrayList<>();
        for (int a = 0; a < x.type().rank(); a++) all.add(a);
        return all;
    }

    /** A number as a person writes it: 2, not 2.0. */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** "0 and -1", "0, 1, -1 and -2", ...: the axes of a value of this rank, counted from either end. */
    private static String validAxes(int rank) {
        List<String> axes = new ArrayList<>();
        for (int a = 0; a < rank; a++) axes.add(String.valueOf(a));
        for (int a = 1; a <= rank; a++) axes.add(String.valueOf(-a));
        return String.join(", ", axes.subList(0, axes.size() - 1)) + " and " + axes.get(axes.size() - 1);
    }

    /** The sum of all elements of one example. */
    public static Node sumAll(Graph g, Node x) throws ShapeException {
        if (x.type().rank() == 0) return x;
        return apply(g, new Reduce(Reduce.Kind.SUM, allAxes(x), false), x);
    }

    static Node sum(Graph g, Node x, Double axis, boolean keep) throws ShapeException, ArgumentError {
        if (x.type().rank() == 0) return x;
        return apply(g, new Reduce(Reduce.Kind.SUM, axes(x, axis), keep), x);
    }

    static Node mean(Graph g, Node x, Double axis, boolean keep) throws ShapeException, ArgumentError {
        if (x.type().rank() == 0) return x;
        List<Integer> ax = axes(x, axis);
        int count = 1;
        for (int a : ax) count *= x.type().dim(a);
        Node s = apply(g, new Reduce(Reduce.Kind.SUM, ax, keep), x);
        return count == 1 ? s : g.mul(1.0 / count, s);
    }

    static Node max(Graph g, Node x, Double axis, boolean keep) throws ShapeException, ArgumentError {
        if (x.type().rank() == 0) return x;
        return apply(g, new Reduce(Reduce.Kind.MAX, axes(x, axis), keep), x);
    }

    /** log_softmax along an axis, computed stably (a composite op with its own derivative). */
    static Node logSoftmax(Graph g, Node x, Double axis) throws ShapeException, ArgumentError {
        requireVector(x);
        return apply(g, new LogSoftmax(axes(x, axis).get(0)), x);
    }

    static Node softmax(Graph g, Node x, Double axis) throws ShapeException, ArgumentError {
        requireVector(x);
        return apply(g, new Softmax(axes(x, axis).get(0)), x);
    }

    /** The first argument is a vector (or more), not a scalar. */
    private static void requireVector(Node x) throws ArgumentError {
        if (x.type().isClass()) throw new ArgumentError("{fn} needs a vector, but {0} is a class index");
        if (x.type().rank() == 0) throw new ArgumentError("{fn} needs a vector, but {0} is a scalar");
    }

    /** The prediction (first argument) and the target (second) have the same shape. */
    private static void sameShape(Node pred, Node target) throws ArgumentError {
        if (pred.type().isClass() || target.type().isClass()) {
            throw new ArgumentError("{fn} needs prediction and target of the same shape, but "
                    + (pred.type().isClass() ? "{0}" : "{1}") + " is a class index; use onehot(...) for a one-hot vector");
        }
        if (!pred.type().sameShape(target.type())) {
            throw new ArgumentError("{fn} needs prediction and target of the same shape, but {0} is "
                    + pred.type().shapeString() + " and {1} is " + target.type().shapeString());
        }
    }

    /** A class-index target (second argument) as one-hot, or a tensor target checked against the scores (first). */
    static Node targetDistribution(Graph g, Node logits, Node target) throws ShapeException, ArgumentError {
        checkTarget(logits, target);
        return target.type().isClass() ? apply(g, new OneHot(logits.type().dim(0)), target) : target;
    }

    /** The class scores (first argument) are a vector, and the target (second) a class index or a distribution that fits them. */
    static void checkTarget(Node logits, Node target) throws ArgumentError {
        if (logits.type().isClass()) {
            throw new ArgumentError("{fn} needs the class scores first, but {0} is a class index (the target comes second)");
        }
        if (logits.type().rank() != 1) {
            throw new ArgumentError("{fn} needs a vector of class scores per example, but {0} "
                    + (logits.type().rank() == 0 ? "is a scalar" : "has shape " + logits.type().shapeString()));
        }
        int classes = logits.type().dim(0);
        if (target.type().isClass()) {
            if (target.type().classes() != classes) {
                throw new ArgumentError("{fn} gets " + classes + " class scores from {0} " + logits.type().shapeString()
                        + ", but the target {1} has " + target.type().classes() + " classes").explainedBy(1);
            }
            return;
        }
        sameShape(logits, target);
    }

    static {
        // ---- functions that are one elementwise op each (registered with the op, in OpRegistry)
        for (dev.nabla.compiler.ir.OpRegistry.Function f : dev.nabla.compiler.ir.OpRegistry.functions()) {
            unary(f.name(), f.summary(), f::op);
        }
        // ---- elementwise math
        def("square", "x * x", (g, t, n) -> apply(g, new PowConst(2), t.get(0)), Param.tensor("x"));
        def("reciprocal", "1 / x", (g, t, n) -> g.div(g.constant(1), t.get(0)), Param.tensor("x"));
        def("neg", "-x", (g, t, n) -> apply(g, new Neg(), t.get(0)), Param.tensor("x"));
        def("pow", "x to the power p (a number or a tensor)", (g, t, n) -> t.get(1).op() instanceof Constant c
                ? apply(g, new PowConst(c.value()), t.get(0)) : apply(g, new Pow(), t.get(0), t.get(1)),
                Param.tensor("x"), Param.tensor("p"));
        def("clamp", "x limited to [min, max]", (g, t, n) -> apply(g,
                new Clamp(n.getOrDefault("min", Double.NEGATIVE_INFINITY), n.getOrDefault("max", Double.POSITIVE_INFINITY)),
                t.get(0)), Param.tensor("x"), Param.number("min", Double.NEGATIVE_INFINITY),
                Param.number("max", Double.POSITIVE_INFINITY));
        def("maximum", "elementwise maximum of a and b", (g, t, n) -> apply(g, new Maximum(), t.get(0), t.get(1)),
                Param.tensor("a"), Param.tensor("b"));
        def("minimum", "elementwise minimum of a and b", (g, t, n) -> apply(g, new Minimum(), t.get(0), t.get(1)),
                Param.tensor("a"), Param.tensor("b"));
        def("stop_gradient", "x, with no gradient flowing back", (g, t, n) -> apply(g, new StopGradient(), t.get(0)),
                Param.tensor("x"));

        // ---- reductions over the axes of one example
        def("sum", "sum of all elements, or along an axis", (g, t, n) -> sum(g, t.get(0), n.get("axis"), false),
                Param.tensor("x"), Param.number("axis", null));
        def("mean", "mean of all elements, or along an axis", (g, t, n) -> mean(g, t.get(0), n.get("axis"), false),
                Param.tensor("x"), Param.number("axis", null));
        def("max", "largest element, or largest along an axis", (g, t, n) -> max(g, t.get(0), n.get("axis"), false),
                Param.tensor("x"), Param.number("axis", null));
        def("min", "smallest element, or smallest along an axis",
                (g, t, n) -> g.neg(max(g, g.neg(t.get(0)), n.get("axis"), false)),
                Param.tensor("x"), Param.number("axis", null));
        def("transpose", "the matrix x with its axes swapped", (g, t, n) -> apply(g,
                new dev.nabla.compiler.ir.ops.Transpose(), t.get(0)), Param.tensor("x"));
        def("onehot", "a class index as a one-hot vector", (g, t, n) -> {
            Node y = t.get(0);
            if (!y.type().isClass()) {
                throw new ArgumentError("{fn} needs a class index (a target such as 'target y: class(3)'), but {0} has shape "
                        + y.type().shapeString());
            }
            return apply(g, new OneHot(y.type().classes()), y);
        }, Param.tensor("y"));

        // ---- activations
        def("leaky_relu", "x for x > 0, alpha * x otherwise", (g, t, n) -> apply(g, new LeakyRelu(n.get("alpha")), t.get(0)),
                Param.tensor("x"), Param.number("alpha", 0.01));
        def("elu", "x for x > 0, alpha * (exp(x) - 1) otherwise", (g, t, n) -> apply(g, new Elu(n.get("alpha")), t.get(0)),
                Param.tensor("x"), Param.number("alpha", 1.0));
        def("selu", "scale * elu(x, alpha) with the self-normalizing constants", (g, t, n) -> g.mul(SELU_SCALE,
                apply(g, new Elu(SELU_ALPHA), t.get(0))), Param.tensor("x"));
        Lowering swish = (g, t, n) -> g.mul(t.get(0), g.sigmoid(t.get(0)));
        def("swish", "x * sigmoid(x) (SiLU)", swish, Param.tensor("x"));
        def("silu", "x * sigmoid(x) (swish)", swish, Param.tensor("x"));
        def("gelu", "x * Phi(x), the exact form with erf", (g, t, n) -> {
            Node x = t.get(0);
            Node cdf = g.mul(0.5, g.add(g.constant(1), apply(g, new Erf(), g.mul(1 / Math.sqrt(2), x))));
            return g.mul(x, cdf);
        }, Param.tensor("x"));
        def("gelu_tanh", "the tanh approximation of gelu", (g, t, n) -> {
            Node x = t.get(0);
            Node inner = g.mul(Math.sqrt(2 / Math.PI), g.add(x, g.mul(0.044715, apply(g, new PowConst(3), x))));
            return g.mul(g.mul(0.5, x), g.add(g.constant(1), apply(g, new Tanh(), inner)));
        }, Param.tensor("x"));
        def("mish", "x * tanh(softplus(x))", (g, t, n) -> {
            Node x = t.get(0);
            return g.mul(x, apply(g, new Tanh(), apply(g, new Softplus(), x)));
        }, Param.tensor("x"));
        def("softmax", "exp(x) / sum(exp(x)) along an axis (the last by default)",
                (g, t, n) -> softmax(g, t.get(0), n.get("axis")), Param.tensor("x"), Param.number("axis", -1.0));
        def("log_softmax", "log(softmax(x)), computed stably", (g, t, n) -> logSoftmax(g, t.get(0), n.get("axis")),
                Param.tensor("x"), Param.number("axis", -1.0));

        // ---- losses (per example; the model's loss is averaged over the batch)
        def("mse", "mean squared error", (g, t, n) -> {
            sameShape(t.get(0), t.get(1));
            return mean(g, apply(g, new PowConst(2), g.sub(t.get(0), t.get(1))), null, false);
        }, Param.tensor("pred"), Param.tensor("target"));
        def("mae", "mean absolute error", (g, t, n) -> {
            sameShape(t.get(0), t.get(1));
            return mean(g, apply(g, new Abs(), g.sub(t.get(0), t.get(1))), null, false);
        }, Param.tensor("pred"), Param.tensor("target"));
        def("huber", "mean Huber loss: quadratic within delta, linear beyond", (g, t, n) -> {
            sameShape(t.get(0), t.get(1));
            return mean(g, apply(g, new Huber(n.get("delta")), g.sub(t.get(0), t.get(1))), null, false);
        }, Param.tensor("pred"), Param.tensor("target"), Param.number("delta", 1.0));
        def("bce", "binary cross-entropy of probabilities (log clamped at -100, as PyTorch)", (g, t, n) -> {
            sameShape(t.get(0), t.get(1));
            return mean(g, apply(g, new Bce(), t.get(0), t.get(1)), null, false);
        }, Param.tensor("prob"), Param.tensor("target"));
        def("bce_with_logits", "binary cross-entropy of logits: softplus(z) - z * t", (g, t, n) -> {
            sameShape(t.get(0), t.get(1));
            Node z = t.get(0);
            return mean(g, g.sub(apply(g, new Softplus(), z), g.mul(z, t.get(1))), null, false);
        }, Param.tensor("logits"), Param.tensor("target"));
        def("cross_entropy", "softmax cross-entropy of logits against a class index or a distribution",
                (g, t, n) -> {
                    checkTarget(t.get(0), t.get(1));
                    double ls = n.get("label_smoothing");
                    if (ls < 0 || ls > 1) {
                        throw new ArgumentError("label_smoothing of {fn} must be between 0 and 1, got " + number(ls))
                                .at("label_smoothing");
                    }
                    Node target = t.get(1);
                    if (ls > 0) {
                        int c = t.get(0).type().dim(0);
                        target = g.add(g.mul(1 - ls, targetDistribution(g, t.get(0), target)), g.constant(ls / c));
                    }
                    return apply(g, new CrossEntropy(), t.get(0), target);
                }, Param.tensor("logits"), Param.tensor("target"), Param.number("label_smoothing", 0.0));
        def("nll", "negative log-likelihood of log-probabilities", (g, t, n) -> {
            Node target = targetDistribution(g, t.get(0), t.get(1));
            return g.neg(sum(g, g.mul(target, t.get(0)), null, false));
        }, Param.tensor("log_probs"), Param.tensor("target"));
        TABLE.put("l2", new Builtin("l2", List.of(Param.tensor("params")), true,
                "0.5 * sum of squares of its arguments (weight decay; PyTorch's weight_decay = the coefficient)",
                (g, t, n) -> {
                    Node total = null;
                    for (Node p : t) {
                        Node s = sum(g, apply(g, new PowConst(2), p), null, false);
                        total = total == null ? s : g.add(total, s);
                    }
                    return g.mul(0.5, total);
                }));
    }


}
