package dev.nabla.compiler.property;

import dev.nabla.runtime.MathFunctions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Predicate;

/**
 * Builds a valid Nabla model from a stream of decisions ({@link Choices}). Every value it makes is
 * valid by construction: shapes are tracked so that every {@code @}, broadcast and reduction checks,
 * and a bound on every element ({@link Iv}) keeps the arguments of exp small, the arguments of log,
 * sqrt and reciprocal and every denominator positive, and magnitudes moderate (values that grow are
 * scaled back or squashed with tanh). Values are named ({@code v3 = ...}) and later statements pick
 * their operands among the named values, mostly the recent ones, so that values are shared.
 */
final class ProgramBuilder {
    /** The families of operations a step may use. */
    enum Family { ELEMENTWISE, MATMUL, REDUCE, KINK }

    /**
     * What a generator may use: its families, up to how many statements, whether the loss may use the
     * loss functions with targets, whether inputs may have three axes.
     */
    record Profile(String modelName, List<Family> families, int maxSteps, boolean lossFunctions, boolean rank3) {}

    /** Margin from zero of the inputs drawn "away from zero" (kinks of relu, abs, ... at 0). */
    static final double AWAY = 0.2;
    /** Largest number of elements per example of a generated value. */
    private static final int MAX_SIZE = 48;
    /** Values whose bound grows beyond this are scaled back or squashed. */
    private static final double TAME = 6;
    private static final String[] CONSTANTS = {"0.5", "2", "0.25", "1.5", "3", "0.1", "0.75"};

    /** A value usable as an operand: its text, shape and bound. */
    static final class Val {
        final String text;
        final boolean atomic;
        final Shape shape;
        final Iv iv;
        /** Every element is at least {@link #AWAY} away from zero (guaranteed, for kinks at zero). */
        final boolean away;

        Val(String text, boolean atomic, Shape shape, Iv iv, boolean away) {
            this.text = text;
            this.atomic = atomic;
            this.shape = shape;
            this.iv = iv;
            this.away = away || iv.awayFromZero(AWAY);
        }

        /** The text as an operand: parenthesized unless it is a name, a number or a call. */
        String op() { return atomic ? text : "(" + text + ")"; }

        int rank() { return shape.rank(); }

        int dim(int i) { return shape.dim(i); }

        @Override
        public String toString() { return text + " : " + shape; }
    }

    private final Choices ch;
    private final Profile prof;
    private final List<String> inputDecls = new ArrayList<>();
    private final List<String> targetDecls = new ArrayList<>();
    private final List<String> paramDecls = new ArrayList<>();
    private final List<String> body = new ArrayList<>();
    /** Named values in order of definition: inputs, parameters and statements. */
    private final List<Val> pool = new ArrayList<>();
    private final List<Val> params = new ArrayList<>();
    private final List<Val> lets = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();
    private final Map<String, ValueSpec> specs = new LinkedHashMap<>();
    private final Set<String> features = new TreeSet<>();
    private int nInputs, nTargets, nParams, nValues;
    private boolean stopGradient;

    private ProgramBuilder(Choices ch, Profile prof) {
        this.ch = ch;
        this.prof = prof;
    }

    /** A random program of the given profile. */
    static ModelProgram random(List<Integer> choices, Profile prof) {
        return new ProgramBuilder(new Choices(choices), prof).buildRandom();
    }

    /** A random multi-layer perceptron with a loss on its output (kinked activations when asked). */
    static ModelProgram mlp(List<Integer> choices, boolean kinks) {
        Profile p = new Profile("Mlp", List.of(Family.ELEMENTWISE), 0, true, false);
        return new ProgramBuilder(new Choices(choices), p).buildMlp(kinks);
    }

    // ------------------------------------------------------------------ whole programs

    private ModelProgram buildRandom() {
        int inputs = 1 + ch.pick(2);
        for (int i = 0; i < inputs; i++) {
            boolean awayInput = prof.families().contains(Family.KINK) && !ch.oneIn(3);
            newInput(inputDims(), awayInput ? new ValueSpec.AwayFromZero(AWAY) : ValueSpec.UNIT);
        }
        int steps = 1 + ch.pick(prof.maxSteps());
        for (int s = 0; s < steps; s++) {
            Family f = ch.of(prof.families());
            Val v = switch (f) {
                case ELEMENTWISE -> elementwiseStep();
                case MATMUL -> matmulStep();
                case REDUCE -> reduceStep();
                case KINK -> kinkStep();
            };
            bind(tame(v), true);
        }
        String loss = loss();
        for (Val v : lets) {
            if (!outputNames.contains(v.text) && ch.oneIn(4)) {
                body.add("output " + v.text);
                outputNames.add(v.text);
                features.add("output of a named value");
            }
        }
        body.add("loss " + loss);
        return finish();
    }

    private ModelProgram buildMlp(boolean kinks) {
        Val x = newInput(new int[] {dim()}, ValueSpec.UNIT);
        Val h = x;
        int layers = 1 + ch.pick(3);
        for (int l = 1; l <= layers; l++) {
            int d = dim();
            int k = h.dim(0);
            boolean right = ch.oneIn(3);
            Val w = right ? freshParam(k, d) : freshParam(d, k);
            Val b = freshParam(d);
            features.add(right ? "layer h @ W + b" : "layer W @ h + b");
            String pre = right ? h.op() + " @ " + w.op() + " + " + b.op() : w.op() + " @ " + h.op() + " + " + b.op();
            String act = activation(kinks);
            boolean identity = act.equals("$");
            String text = act.replace("$", pre);
            Iv iv = Iv.dot(k, w.iv, h.iv).add(b.iv);
            iv = identity ? iv : new Iv(-Math.max(1, iv.mag()), Math.max(1, iv.mag()));
            if (d == k && ch.oneIn(3)) {
                text = h.op() + " + " + (identity ? "(" + text + ")" : text);
                iv = iv.add(h.iv);
                features.add("residual");
            }
            Val hv = tame(new Val(text, false, Shape.of(true, d), iv, false));
            h = bindNamed("h" + l, hv, false);
        }
        int classes = 2 + ch.pick(4);
        Val wo = freshParam(classes, h.dim(0));
        Val bo = freshParam(classes);
        Val logits = bindNamed("logits", new Val(wo.op() + " @ " + h.op() + " + " + bo.op(), false,
                Shape.of(true, classes), Iv.dot(h.dim(0), wo.iv, h.iv).add(bo.iv), false), false);
        String loss;
        switch (ch.pick(6)) {
            case 0 -> {
                loss = "mse(logits, " + newTarget(new int[] {classes}, ValueSpec.UNIT) + ")";
                features.add("head mse");
            }
            case 1 -> {
                loss = "cross_entropy(logits, " + newClassTarget(classes) + ")";
                features.add("head cross_entropy(class)");
            }
            case 2 -> {
                loss = "bce_with_logits(logits, " + newTarget(new int[] {classes}, new ValueSpec.Uniform(0, 1)) + ")";
                features.add("head bce_with_logits");
            }
            case 3 -> {
                loss = "huber(logits, " + newTarget(new int[] {classes}, new ValueSpec.Uniform(-2, 2)) + ", delta: 0.5)";
                features.add("head huber");
            }
            case 4 -> {
                loss = "cross_entropy(logits, " + newTarget(new int[] {classes}, new ValueSpec.Distribution()) + ")";
                features.add("head cross_entropy(distribution)");
            }
            default -> {
                body.add("output probs = softmax(logits)");
                outputNames.add("probs");
                loss = "cross_entropy(probs, " + newClassTarget(classes) + ")";
                features.add("head cross_entropy(softmax output)");
            }
        }
        if (ch.oneIn(2)) {
            List<String> ws = new ArrayList<>();
            for (Val p : params) if (p.rank() == 2 && (ws.isEmpty() || ch.oneIn(2))) ws.add(p.text);
            loss += " + 0.001 * l2(" + String.join(", ", ws) + ")";
            features.add("l2");
        }
        switch (ch.pick(3)) {
            case 1 -> {
                if (!outputNames.contains("probs")) body.add("output y = logits");
            }
            case 2 -> body.add("output h1");
            default -> { }
        }
        body.add("loss " + loss);
        return finish();
    }

    /** An activation as a template around {@code $}: {@code tanh($)}, {@code leaky_relu($, alpha: 0.2)}, {@code $}. */
    private String activation(boolean kinks) {
        String a;
        if (kinks && ch.oneIn(2)) {
            a = ch.of("relu($)", "leaky_relu($)", "selu($)", "leaky_relu($, alpha: 0.2)", "elu($, alpha: 0.5)", "abs($)");
        } else {
            a = ch.of("tanh($)", "sigmoid($)", "softplus($)", "gelu($)", "gelu_tanh($)", "swish($)", "silu($)", "mish($)",
                    "elu($)", "$");
        }
        features.add("activation " + (a.equals("$") ? "identity" : a.replace("$", "h")));
        return a;
    }

    private ModelProgram finish() {
        StringBuilder sb = new StringBuilder("model ").append(prof.modelName()).append(" {\n");
        for (String s : inputDecls) sb.append("    ").append(s).append('\n');
        for (String s : targetDecls) sb.append("    ").append(s).append('\n');
        for (String s : paramDecls) sb.append("    ").append(s).append('\n');
        for (String s : body) sb.append("    ").append(s).append('\n');
        sb.append("}\n");
        return new ModelProgram(sb.toString(), specs, !stopGradient, features);
    }

    // ------------------------------------------------------------------ leaves and statements

    private int dim() { return 1 + ch.pick(5); }

    /** Shape of a new input: a vector most often, else a scalar, a matrix or (when allowed) three axes. */
    private int[] inputDims() {
        int rank = ch.of(prof.rank3() ? new Integer[] {1, 0, 2, 3} : new Integer[] {1, 0, 2});
        return randomDims(rank);
    }

    private int[] randomDims(int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = rank == 3 ? 1 + ch.pick(4) : dim();
        shrinkToFit(d);
        return d;
    }

    private static void shrinkToFit(int[] d) {
        while (size(d) > MAX_SIZE) {
            int big = 0;
            for (int i = 1; i < d.length; i++) if (d[i] > d[big]) big = i;
            d[big]--;
        }
    }

    private static int size(int[] d) {
        int s = 1;
        for (int x : d) s *= x;
        return s;
    }

    private static String dimsText(int[] d) { return Shape.of(false, d).text(); }

    private Val newInput(int[] dims, ValueSpec spec) {
        String name = "x" + nInputs++;
        inputDecls.add("input " + name + dimsText(dims));
        specs.put(name, spec);
        boolean away = spec instanceof ValueSpec.AwayFromZero;
        Val v = new Val(name, true, Shape.of(true, dims), Iv.UNIT, away);
        pool.add(v);
        if (dims.length == 3) features.add("rank-3 input");
        return v;
    }

    private String newTarget(int[] dims, ValueSpec spec) {
        String name = "t" + nTargets++;
        targetDecls.add("target " + name + dimsText(dims));
        specs.put(name, spec);
        return name;
    }

    private String newClassTarget(int classes) {
        String name = "y" + nTargets++;
        targetDecls.add("target " + name + ": class(" + classes + ")");
        specs.put(name, new ValueSpec.ClassIndex(classes));
        return name;
    }

    /** A parameter of the given shape: an existing one (shared) or a new one. */
    private Val param(int... dims) {
        List<Val> same = new ArrayList<>();
        for (Val p : params) if (java.util.Arrays.equals(p.shape.dims(), dims)) same.add(p);
        if (!same.isEmpty() && ch.pick(3) != 0) {
            features.add("shared parameter");
            return same.get(ch.pick(same.size()));
        }
        return freshParam(dims);
    }

    private Val freshParam(int... dims) {
        String prefix = switch (dims.length) {
            case 0 -> "a";
            case 1 -> "b";
            case 2 -> "W";
            default -> "T";
        };
        String name = prefix + nParams++;
        paramDecls.add("param " + name + dimsText(dims));
        Val v = new Val(name, true, Shape.of(false, dims), Iv.UNIT, false);
        params.add(v);
        pool.add(v);
        return v;
    }

    private Val constant() {
        String c = ch.of(CONSTANTS);
        return new Val(c, true, Shape.of(false), Iv.point(Double.parseDouble(c)), false);
    }

    /** Names a value: {@code vN = ...}, or now and then {@code output oN = ...}. */
    private Val bind(Val v, boolean mayOutput) {
        int n = nValues++;
        boolean output = mayOutput && ch.oneIn(6);
        return bindNamed((output ? "o" : "v") + n, v, output);
    }

    private Val bindNamed(String name, Val v, boolean output) {
        body.add((output ? "output " : "") + name + " = " + v.text);
        if (output) {
            outputNames.add(name);
            features.add("output statement");
        }
        Val named = new Val(name, true, v.shape, v.iv, v.away);
        pool.add(named);
        lets.add(named);
        return named;
    }

    /** A named value satisfying {@code p}, most often a recent one; null if none. */
    private Val find(Predicate<Val> p) {
        List<Val> c = new ArrayList<>();
        for (Val v : pool) if (p.test(v)) c.add(v);
        if (c.isEmpty()) return null;
        return c.get(c.size() - 1 - ch.pick(c.size()));
    }

    private Val operand() { return find(v -> true); }

    // ------------------------------------------------------------------ value helpers

    private static Val call(String fn, Val a, Iv iv) {
        return new Val(fn + "(" + a.text + ")", true, a.shape, iv, false);
    }

    private static Val fn(String fn, Val a, DoubleUnaryOperator f) { return call(fn, a, a.iv.map(f)); }

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    static double softplus(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }

    static double gelu(double x) { return 0.5 * x * (1 + MathFunctions.erf(x / Math.sqrt(2))); }

    static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    /** The value itself when clearly positive, else a positive expression of it. */
    private Val positive(Val a) {
        if (a.iv.lo() >= 0.25) return a;
        return switch (ch.pick(4)) {
            case 0 -> new Val("softplus(" + a.text + ") + 0.5", false, a.shape, a.iv.map(ProgramBuilder::softplus).add(Iv.point(0.5)), false);
            case 1 -> new Val("sigmoid(" + a.text + ") + 0.5", false, a.shape, a.iv.map(ProgramBuilder::sigmoid).add(Iv.point(0.5)), false);
            case 2 -> new Val("square(" + a.text + ") + 0.5", false, a.shape, a.iv.map(x -> x * x).add(Iv.point(0.5)), false);
            default -> {
                Val t = fn("tanh", a, Math::tanh);
                yield fn("exp", t, Math::exp);
            }
        };
    }

    /** Scales back or squashes a value whose bound has grown. */
    private Val tame(Val v) {
        double m = v.iv.mag();
        if (m <= TAME) return v;
        if (m > 4000 || ch.oneIn(3)) return fn("tanh", v, Math::tanh);
        double[] scales = {0.5, 0.25, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001};
        double c = 0.001;
        for (double s : scales) {
            if (s * m <= 4) {
                c = s;
                break;
            }
        }
        String cs = fmt(c);
        return new Val(cs + " * " + v.op(), false, v.shape, v.iv.scale(c), false);
    }

    private static String fmt(double c) {
        String s = String.format(Locale.ROOT, "%.6f", c).replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    // ------------------------------------------------------------------ elementwise

    private Val elementwiseStep() {
        Val a = operand();
        return switch (ch.pick(6)) {
            case 0 -> unary(a);
            case 1 -> binary(a, partner(a));
            case 2 -> unary(binary(a, partner(a)));
            case 3 -> binary(a, unary(a)); // a used twice in one expression, e.g. a * tanh(a)
            case 4 -> binary(binary(a, constant()), partner(a));
            default -> power(a);
        };
    }

    private Val unary(Val a) {
        switch (ch.pick(16)) {
            case 0: features.add("tanh"); return fn("tanh", a, Math::tanh);
            case 1: features.add("sigmoid"); return fn("sigmoid", a, ProgramBuilder::sigmoid);
            case 2: features.add("softplus"); return fn("softplus", a, ProgramBuilder::softplus);
            case 3: features.add("swish"); return fn(ch.of("swish", "silu"), a, x -> x * sigmoid(x));
            case 4: features.add("gelu"); return fn("gelu", a, ProgramBuilder::gelu);
            case 5: features.add("gelu_tanh"); return fn("gelu_tanh", a, ProgramBuilder::geluTanh);
            case 6: features.add("mish"); return fn("mish", a, x -> x * Math.tanh(softplus(x)));
            case 7: features.add("square"); return fn("square", a, x -> x * x);
            case 8: {
                features.add("exp");
                Val b = a.iv.mag() > 2 ? fn("tanh", a, Math::tanh) : a;
                return fn("exp", b, Math::exp);
            }
            case 9: features.add("log"); return fn("log", positive(a), Math::log);
            case 10: features.add("sqrt"); return fn("sqrt", positive(a), Math::sqrt);
            case 11: features.add("reciprocal"); return fn("reciprocal", positive(a), x -> 1 / x);
            case 12: features.add("unary minus"); return new Val("-" + a.op(), false, a.shape, a.iv.neg(), a.away);
            case 13: {
                features.add("neg");
                Val v = call("neg", a, a.iv.neg());
                return new Val(v.text, true, v.shape, v.iv, a.away);
            }
            case 14: features.add("** 3"); return new Val(a.op() + " ** 3", false, a.shape, a.iv.map(x -> x * x * x), a.away);
            default: features.add("x ** 2 - x"); return new Val(a.op() + " ** 2 - " + a.op(), false, a.shape,
                    a.iv.map(x -> x * x - x), false);
        }
    }

    /** {@code x ** c}, {@code pow(x, c)} and {@code pow(x, p)} with a tensor exponent, on a positive base. */
    private Val power(Val a) {
        Val base = positive(a);
        switch (ch.pick(3)) {
            case 0: {
                features.add("** constant");
                String p = ch.of("2", "0.5", "1.5", "3");
                double pd = Double.parseDouble(p);
                return new Val(base.op() + " ** " + p, false, a.shape, base.iv.map(x -> Math.pow(x, pd)), false);
            }
            case 1: {
                features.add("pow(x, constant)");
                return new Val("pow(" + base.text + ", 2)", true, a.shape, base.iv.map(x -> x * x), false);
            }
            default: {
                features.add("pow(x, tensor)");
                Val e = param(ch.oneIn(2) ? new int[0] : suffixDims(a.shape));
                Shape s = Shape.broadcast(base.shape, e.shape);
                if (s == null || s.size() > MAX_SIZE) {
                    e = param();
                    s = base.shape;
                }
                // x ** e for e in [-1, 1] lies between x and 1 / x
                double bl = base.iv.lo(), bh = base.iv.hi();
                double lo = Math.min(Math.min(bl, 1 / bh), 1), hi = Math.max(Math.max(bh, 1 / bl), 1);
                if (ch.oneIn(2)) return new Val(base.op() + " ** " + e.op(), false, s, new Iv(lo, hi), false);
                return new Val("pow(" + base.text + ", " + e.text + ")", true, s, new Iv(lo, hi), false);
            }
        }
    }

    private Val binary(Val a, Val b) {
        int op = ch.pick(4);
        boolean swap = ch.oneIn(2);
        Val l = swap ? b : a, r = swap ? a : b;
        Shape s = Shape.broadcast(l.shape, r.shape);
        if (s == null) throw new IllegalStateException("generator: " + l + " and " + r + " do not broadcast");
        if (!l.shape.sameDims(r.shape)) features.add("broadcast " + l.shape + " with " + r.shape);
        switch (op) {
            case 0:
                features.add("+");
                return new Val(l.op() + " + " + r.op(), false, s, l.iv.add(r.iv), false);
            case 1:
                features.add("-");
                return new Val(l.op() + " - " + r.op(), false, s, l.iv.sub(r.iv), false);
            case 2:
                features.add("*");
                return new Val(l.op() + " * " + r.op(), false, s, l.iv.mul(r.iv), l.away && r.away);
            default: {
                features.add("/");
                Val d = positive(r);
                return new Val(l.op() + " / " + d.op(), false, s, l.iv.divPositive(d.iv), false);
            }
        }
    }

    private boolean fits(Shape a, Shape b) {
        Shape s = Shape.broadcast(a, b);
        return s != null && s.rank() <= 3 && s.size() <= MAX_SIZE;
    }

    /** Something to combine with {@code a} elementwise: a number, a value or parameter that broadcasts with it. */
    private Val partner(Val a) {
        if (prof.lossFunctions() && ch.oneIn(8)) {
            // a target used as an ordinary value
            features.add("target in an expression");
            String t = newTarget(a.shape.dims(), ValueSpec.UNIT);
            return new Val(t, true, Shape.of(true, a.shape.dims()), Iv.UNIT, false);
        }
        switch (ch.pick(5)) {
            case 0:
                return constant();
            case 1: {
                Val same = find(x -> x.shape.sameDims(a.shape));
                return same != null ? same : param(a.shape.dims());
            }
            case 2:
                return param(suffixDims(a.shape));
            case 3: {
                Val c = find(x -> fits(a.shape, x.shape));
                return c != null ? c : param(suffixDims(a.shape));
            }
            default: {
                int[] d = widerDims(a.shape);
                if (nInputs < 3 && fits(a.shape, Shape.of(true, d))) return newInput(d, ValueSpec.UNIT);
                return param(suffixDims(a.shape));
            }
        }
    }

    /** Trailing dimensions of a shape, some replaced by 1: a parameter shape that broadcasts to it. */
    private int[] suffixDims(Shape s) {
        int r = s.rank();
        int keep = r - ch.pick(r + 1);
        int[] d = new int[keep];
        for (int i = 0; i < keep; i++) {
            d[i] = s.dim(r - keep + i);
            if (ch.oneIn(4)) d[i] = 1;
        }
        return d;
    }

    /** A shape that broadcasts with {@code s} to a larger one (a new leading axis, or 1s widened). */
    private int[] widerDims(Shape s) {
        int[] d = s.dims();
        if (s.rank() < 2 && ch.pick(3) != 0) {
            int[] w = new int[d.length + 1];
            w[0] = dim();
            System.arraycopy(d, 0, w, 1, d.length);
            return w;
        }
        for (int i = 0; i < d.length; i++) if (d[i] == 1) d[i] = dim();
        return d;
    }

    // ------------------------------------------------------------------ matrix products

    private Val matmulStep() {
        Val a = find(x -> x.rank() == 1 || x.rank() == 2);
        if (a == null) a = newInput(new int[] {dim()}, ValueSpec.UNIT);
        return a.rank() == 1 ? vectorProduct(a) : matrixProduct(a);
    }

    private Val product(String text, Shape s, Iv iv, String feature) {
        features.add("@ " + feature);
        return new Val(text, false, s, iv, false);
    }

    private Val vector(int k) {
        Val v = find(x -> x.rank() == 1 && x.dim(0) == k);
        return v != null && ch.pick(3) != 0 ? v : param(k);
    }

    /** A per-example matrix with k columns (an input), or a parameter when no more inputs may be added. */
    private Val matrixWithCols(int k) {
        Val m = find(x -> x.rank() == 2 && x.shape.batched() && x.dim(1) == k);
        if (m != null && ch.pick(2) == 0) return m;
        if (nInputs < 3) return newInput(new int[] {dim(), k}, ValueSpec.UNIT);
        return param(dim(), k);
    }

    private Val matrixWithRows(int k) {
        Val m = find(x -> x.rank() == 2 && x.shape.batched() && x.dim(0) == k);
        if (m != null && ch.pick(2) == 0) return m;
        if (nInputs < 3) return newInput(new int[] {k, dim()}, ValueSpec.UNIT);
        return param(k, dim());
    }

    private static String kind(Val v) { return v.shape.batched() ? "per-example" : "shared"; }

    private Val vectorProduct(Val a) {
        int k = a.dim(0);
        boolean bt = a.shape.batched();
        switch (ch.pick(7)) {
            case 0: {
                Val w = param(dim(), k);
                return product(w.op() + " @ " + a.op(), Shape.of(bt, w.dim(0)), Iv.dot(k, w.iv, a.iv), "W @ x (" + kind(a) + " x)");
            }
            case 1: {
                Val v = param(k, dim());
                return product(a.op() + " @ " + v.op(), Shape.of(bt, v.dim(1)), Iv.dot(k, a.iv, v.iv), "x @ V (" + kind(a) + " x)");
            }
            case 2: {
                Val b = vector(k);
                return product(a.op() + " @ " + b.op(), Shape.of(bt || b.shape.batched()), Iv.dot(k, a.iv, b.iv),
                        "dot (" + kind(a) + ", " + kind(b) + ")");
            }
            case 3: {
                Val v = param(k, dim());
                return product(v.op() + ".T @ " + a.op(), Shape.of(bt, v.dim(1)), Iv.dot(k, v.iv, a.iv), "V.T @ x");
            }
            case 4: {
                Val w = param(dim(), k);
                return product(a.op() + " @ " + w.op() + ".T", Shape.of(bt, w.dim(0)), Iv.dot(k, a.iv, w.iv), "x @ W.T");
            }
            case 5: {
                Val x = matrixWithCols(k);
                return product(x.op() + " @ " + a.op(), Shape.of(bt || x.shape.batched(), x.dim(0)), Iv.dot(k, x.iv, a.iv),
                        "X @ v (" + kind(x) + " X, " + kind(a) + " v)");
            }
            default: {
                Val x = matrixWithRows(k);
                return product(a.op() + " @ " + x.op(), Shape.of(bt || x.shape.batched(), x.dim(1)), Iv.dot(k, a.iv, x.iv),
                        "v @ X (" + kind(a) + " v, " + kind(x) + " X)");
            }
        }
    }

    private Val matrixProduct(Val a) {
        int m = a.dim(0), k = a.dim(1);
        boolean bt = a.shape.batched();
        switch (ch.pick(7)) {
            case 0: {
                Val v = vector(k);
                return product(a.op() + " @ " + v.op(), Shape.of(bt || v.shape.batched(), m), Iv.dot(k, a.iv, v.iv),
                        "M @ v (" + kind(a) + " M, " + kind(v) + " v)");
            }
            case 1: {
                Val q = param(k, dim());
                return product(a.op() + " @ " + q.op(), Shape.of(bt, m, q.dim(1)), Iv.dot(k, a.iv, q.iv), "M @ W (" + kind(a) + " M)");
            }
            case 2: {
                features.add(".T of a " + kind(a) + " matrix");
                if (ch.oneIn(3)) return new Val("transpose(" + a.text + ")", true, Shape.of(bt, k, m), a.iv, a.away);
                return new Val(a.op() + ".T", false, Shape.of(bt, k, m), a.iv, a.away);
            }
            case 3: {
                Val p = param(dim(), m);
                return product(p.op() + " @ " + a.op(), Shape.of(bt, p.dim(0), k), Iv.dot(m, p.iv, a.iv), "W @ M (" + kind(a) + " M)");
            }
            case 4: {
                Val v = vector(m);
                return product(v.op() + " @ " + a.op(), Shape.of(bt || v.shape.batched(), k), Iv.dot(m, v.iv, a.iv),
                        "v @ M (" + kind(v) + " v, " + kind(a) + " M)");
            }
            case 5: {
                Val v = vector(m);
                return product(a.op() + ".T @ " + v.op(), Shape.of(bt || v.shape.batched(), k), Iv.dot(m, a.iv, v.iv),
                        "M.T @ v (" + kind(a) + " M)");
            }
            default:
                return product(a.op() + " @ " + a.op() + ".T", Shape.of(bt, m, m), Iv.dot(k, a.iv, a.iv), "M @ M.T (" + kind(a) + ")");
        }
    }

    // ------------------------------------------------------------------ reductions and softmax

    private String axisArg(int axis, int rank) {
        String a = ch.oneIn(3) ? Integer.toString(axis - rank) : Integer.toString(axis);
        return ch.oneIn(2) ? ", " + a : ", axis: " + a;
    }

    private static Shape drop(Shape s, int axis) {
        int[] d = s.dims();
        int[] o = new int[d.length - 1];
        for (int i = 0, j = 0; i < d.length; i++) if (i != axis) o[j++] = d[i];
        return Shape.of(s.batched(), o);
    }

    private Val reduceStep() {
        Val a = find(x -> x.rank() >= 1);
        if (a == null) a = newInput(randomDims(1 + ch.pick(prof.rank3() ? 3 : 2)), ValueSpec.UNIT);
        int r = a.rank();
        switch (ch.pick(8)) {
            case 0: {
                String f = ch.of("sum", "mean", "max", "min");
                features.add(f + "(x)");
                Iv iv = f.equals("sum") ? a.iv.times(a.shape.size()) : a.iv;
                return new Val(f + "(" + a.text + ")", true, Shape.of(a.shape.batched()), iv, false);
            }
            case 1: {
                String f = ch.of("sum", "mean", "max", "min");
                int axis = ch.pick(r);
                features.add(f + "(x, axis) on rank " + r);
                Iv iv = f.equals("sum") ? a.iv.times(a.dim(axis)) : a.iv;
                return new Val(f + "(" + a.text + axisArg(axis, r) + ")", true, drop(a.shape, axis), iv, false);
            }
            case 2: {
                String arg = r >= 2 && ch.oneIn(2) ? axisArg(ch.pick(r), r) : "";
                features.add("softmax" + (arg.isEmpty() ? "" : "(axis)"));
                return new Val("softmax(" + a.text + arg + ")", true, a.shape, new Iv(0, 1), false);
            }
            case 3: {
                int axis = r >= 2 && ch.oneIn(2) ? ch.pick(r) : r - 1;
                String arg = axis == r - 1 ? "" : axisArg(axis, r);
                features.add("log_softmax" + (arg.isEmpty() ? "" : "(axis)"));
                double width = a.iv.hi() - a.iv.lo() + Math.log(a.dim(axis)) + 1e-3;
                return new Val("log_softmax(" + a.text + arg + ")", true, a.shape, new Iv(-width, 0), false);
            }
            case 4: {
                features.add("x - mean(x)");
                return new Val(a.op() + " - mean(" + a.text + ")", false, a.shape, a.iv.sub(a.iv), false);
            }
            case 5: {
                int axis = ch.pick(r);
                features.add("sum(x * x, axis)");
                return new Val("sum(" + a.op() + " * " + a.op() + axisArg(axis, r) + ")", true, drop(a.shape, axis),
                        a.iv.mul(a.iv).times(a.dim(axis)), false);
            }
            case 6: {
                features.add("normalization");
                Val c = bind(new Val(a.op() + " - mean(" + a.text + ")", false, a.shape, a.iv.sub(a.iv), false), false);
                Iv den = c.iv.mul(c.iv).add(Iv.point(0.5));
                den = new Iv(0.5, Math.sqrt(Math.max(den.hi(), 0.5)));
                return new Val(c.op() + " / sqrt(mean(" + c.op() + " * " + c.op() + ") + 0.5)", false, a.shape,
                        c.iv.divPositive(new Iv(Math.sqrt(0.5), den.hi())), false);
            }
            default: {
                features.add("log(sum(exp(x)))");
                Val b = a.iv.mag() > 2 ? fn("tanh", a, Math::tanh) : a;
                double hi = Math.log(a.shape.size()) + b.iv.hi();
                return new Val("log(sum(exp(" + b.text + ")))", true, Shape.of(a.shape.batched()), new Iv(b.iv.lo(), hi), false);
            }
        }
    }

    // ------------------------------------------------------------------ kinks

    private Val kinkStep() {
        Val a = ch.oneIn(4) ? operand() : find(x -> x.away);
        if (a == null) a = operand();
        switch (ch.pick(10)) {
            case 0: features.add("relu"); return fn("relu", a, x -> Math.max(x, 0));
            case 1: {
                features.add("leaky_relu");
                if (ch.oneIn(2)) return new Val("leaky_relu(" + a.text + ", alpha: 0.2)", true, a.shape, a.iv.map(x -> x > 0 ? x : 0.2 * x), false);
                return fn("leaky_relu", a, x -> x > 0 ? x : 0.01 * x);
            }
            case 2: {
                features.add("elu");
                if (ch.oneIn(2)) return new Val("elu(" + a.text + ", alpha: 0.5)", true, a.shape, a.iv.map(x -> x > 0 ? x : 0.5 * Math.expm1(x)), false);
                return fn("elu", a, x -> x > 0 ? x : Math.expm1(x));
            }
            case 3: features.add("selu"); return fn("selu", a, x -> 1.0507 * (x > 0 ? x : 1.6733 * Math.expm1(x)));
            case 4: features.add("abs"); return new Val("abs(" + a.text + ")", true, a.shape, a.iv.map(Math::abs), a.away);
            case 5: {
                features.add("clamp");
                return switch (ch.pick(3)) {
                    case 0 -> new Val("clamp(" + a.text + ", min: -0.5, max: 0.5)", true, a.shape, a.iv.map(x -> Math.max(-0.5, Math.min(0.5, x))), false);
                    case 1 -> new Val("clamp(" + a.text + ", min: 0)", true, a.shape, a.iv.map(x -> Math.max(0, x)), false);
                    default -> new Val("clamp(" + a.text + ", max: 0.25)", true, a.shape, a.iv.map(x -> Math.min(0.25, x)), false);
                };
            }
            case 6: {
                Val b = partner(a);
                String f = ch.of("maximum", "minimum");
                features.add(f);
                Shape s = Shape.broadcast(a.shape, b.shape);
                Iv iv = a.iv.hull(b.iv);
                return new Val(f + "(" + a.text + ", " + b.text + ")", true, s, iv, false);
            }
            case 7: {
                if (a.rank() == 0) return fn("relu", a, x -> Math.max(x, 0));
                String f = ch.of("max", "min");
                features.add(f + " reduction");
                if (ch.oneIn(2)) return new Val(f + "(" + a.text + ")", true, Shape.of(a.shape.batched()), a.iv, false);
                int axis = ch.pick(a.rank());
                return new Val(f + "(" + a.text + axisArg(axis, a.rank()) + ")", true, drop(a.shape, axis), a.iv, false);
            }
            case 8: {
                features.add("stop_gradient");
                stopGradient = true;
                return new Val(a.op() + " * stop_gradient(" + a.text + ")", false, a.shape, a.iv.mul(a.iv), false);
            }
            default: {
                Val t = param(a.shape.dims());
                features.add("huber of values");
                return new Val("huber(" + a.text + ", " + t.text + ", delta: 0.25)", true, Shape.of(a.shape.batched()),
                        new Iv(0, 0.25 * (a.iv.mag() + 1)), false);
            }
        }
    }

    // ------------------------------------------------------------------ the loss

    /** Statements' values that nothing uses yet (the loss takes them all, so that every statement matters). */
    private List<Val> sinks() {
        List<Val> out = new ArrayList<>();
        for (Val v : lets) {
            java.util.regex.Pattern use = java.util.regex.Pattern.compile("\\b" + v.text + "\\b");
            boolean used = false;
            for (String line : body) {
                int eq = line.indexOf('=');
                String rhs = eq < 0 ? line : line.substring(eq + 1);
                if (use.matcher(rhs).find()) used = true;
            }
            if (!used) out.add(v);
        }
        return out;
    }

    private String loss() {
        List<String> terms = new ArrayList<>();
        if (prof.lossFunctions()) terms.add(lossFunction());
        List<Val> sinks = sinks();
        java.util.Collections.reverse(sinks);
        if (sinks.isEmpty() && terms.isEmpty()) sinks.add(operand());
        for (int i = 0; i < sinks.size() && i < 4; i++) {
            String t = scalarTerm(sinks.get(i));
            terms.add(terms.isEmpty() ? t : ch.of("", "0.5 * ", "-", "2 * ") + wrapTerm(t));
        }
        if (ch.oneIn(3)) terms.add(ch.of("", "0.5 * ", "-") + wrapTerm(scalarTerm(operand())));
        if (prof.lossFunctions() && ch.oneIn(3) && !params.isEmpty()) {
            List<String> ps = new ArrayList<>();
            for (Val p : params) if (ps.isEmpty() || ch.oneIn(2)) ps.add(p.text);
            terms.add("0.01 * l2(" + String.join(", ", ps) + ")");
            features.add("l2");
        }
        StringBuilder sb = new StringBuilder(terms.get(0));
        for (int i = 1; i < terms.size(); i++) {
            String t = terms.get(i);
            if (t.startsWith("-")) sb.append(" - ").append(t.substring(1));
            else sb.append(" + ").append(t);
        }
        return sb.toString();
    }

    private static String wrapTerm(String t) {
        return t.matches("[A-Za-z_][A-Za-z0-9_]*(\\(.*\\))?") && balancedCall(t) ? t : "(" + t + ")";
    }

    /** True when the whole text is one call {@code f(...)} or one name. */
    private static boolean balancedCall(String t) {
        int depth = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '(') depth++;
            if (c == ')') {
                depth--;
                if (depth == 0 && i != t.length() - 1) return false;
            }
        }
        return true;
    }

    /** A scalar per example from a value: itself, its sum or mean, its dot with itself, ... */
    private String scalarTerm(Val v) {
        if (v.rank() == 0) return v.text;
        return switch (ch.pick(4)) {
            case 0 -> "sum(" + v.text + ")";
            case 1 -> "mean(" + v.text + ")";
            case 2 -> v.rank() == 1 ? v.op() + " @ " + v.op() : "sum(" + v.op() + " * " + v.op() + ")";
            default -> "mean(square(" + v.text + "))";
        };
    }

    /** A vector of class scores from a value (rank 1 with at least two entries), or null. */
    private Val classScores(Val v) {
        if (v.rank() == 1 && v.dim(0) >= 2) return v;
        if (v.rank() == 2 && v.dim(1) >= 2) {
            return new Val("sum(" + v.text + ", axis: 0)", true, drop(v.shape, 0), v.iv.times(v.dim(0)), false);
        }
        return null;
    }

    private String lossFunction() {
        Val v = lets.isEmpty() ? operand() : find(x -> !x.text.startsWith("x") && !params.contains(x));
        if (v == null) v = operand();
        int[] dims = v.shape.dims();
        switch (ch.pick(10)) {
            case 0:
                features.add("mse");
                return "mse(" + v.text + ", " + newTarget(dims, ValueSpec.UNIT) + ")";
            case 1: {
                String delta = ch.of("", ", delta: 0.5", ", delta: 2");
                features.add("huber");
                return "huber(" + v.text + ", " + newTarget(dims, new ValueSpec.Uniform(-2, 2)) + delta + ")";
            }
            case 2:
                features.add("mae");
                return "mae(" + v.text + ", " + newTarget(dims, new ValueSpec.Outside(v.iv.lo(), v.iv.hi(), 0.2)) + ")";
            case 3:
                features.add("bce_with_logits");
                return "bce_with_logits(" + v.text + ", " + newTarget(dims, new ValueSpec.Uniform(0, 1)) + ")";
            case 4:
                features.add("bce(sigmoid(z), t)");
                return "bce(sigmoid(" + v.text + "), " + newTarget(dims, new ValueSpec.Uniform(0, 1)) + ")";
            case 5:
                features.add("bce(p, t)");
                return "bce(0.8 * sigmoid(" + v.text + ") + 0.1, " + newTarget(dims, new ValueSpec.Uniform(0, 1)) + ")";
            default:
                break;
        }
        Val s = classScores(v);
        if (s == null) {
            features.add("mse");
            return "mse(" + v.text + ", " + newTarget(dims, ValueSpec.UNIT) + ")";
        }
        int c = s.dim(0);
        return switch (ch.pick(6)) {
            case 5 -> {
                features.add("-sum(onehot(y) * log_softmax(z))");
                yield "-sum(onehot(" + newClassTarget(c) + ") * log_softmax(" + s.text + "))";
            }
            case 0 -> {
                features.add("cross_entropy(class)");
                yield "cross_entropy(" + s.text + ", " + newClassTarget(c) + ")";
            }
            case 1 -> {
                features.add("cross_entropy(distribution)");
                yield "cross_entropy(" + s.text + ", " + newTarget(new int[] {c}, new ValueSpec.Distribution()) + ")";
            }
            case 2 -> {
                features.add("cross_entropy(label_smoothing)");
                yield "cross_entropy(" + s.text + ", " + newClassTarget(c) + ", label_smoothing: 0.1)";
            }
            case 3 -> {
                features.add("nll(log_softmax)");
                yield "nll(log_softmax(" + s.text + "), " + newClassTarget(c) + ")";
            }
            default -> {
                features.add("cross_entropy(softmax(z))");
                yield "cross_entropy(softmax(" + s.text + "), " + newClassTarget(c) + ")";
            }
        };
    }
}
