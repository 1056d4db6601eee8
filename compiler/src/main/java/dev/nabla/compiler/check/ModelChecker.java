package dev.nabla.compiler.check;

import dev.nabla.compiler.ast.Expr;
import dev.nabla.compiler.ast.ModelDecl;
import dev.nabla.compiler.ast.Stmt;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.Diagnostics;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.diag.Span;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Root;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.ops.BatchedMatMul;
import dev.nabla.compiler.ir.ops.InvBatch;
import dev.nabla.compiler.ir.ops.Input;
import dev.nabla.compiler.ir.ops.MatMul;
import dev.nabla.compiler.ir.ops.Neg;
import dev.nabla.compiler.ir.ops.Param;
import dev.nabla.compiler.ir.ops.Pow;
import dev.nabla.compiler.ir.ops.PowConst;
import dev.nabla.compiler.ir.ops.Reshape;
import dev.nabla.compiler.ir.ops.SumBatch;
import dev.nabla.compiler.ir.ops.Transpose;
import dev.nabla.compiler.parse.FrontEndStack;
import dev.nabla.runtime.InitSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The check stage for one model block: names, shapes (per example, with the implicit batch axis) and
 * function calls, reported with both shapes and locations. While checking it builds the IR, so every
 * shape it reports is the one the compiler will use. The only place user errors are raised after
 * parsing.
 */
public final class ModelChecker {
    /** A checked model: its IR, a typed listing of its statements (for {@code dump --stage typed}). */
    public record Result(ModelIr ir, List<String> typedListing) {}

    private enum Kind { INPUT, TARGET, PARAM, VALUE }

    private record Binding(Kind kind, Node node, Span span, Expr expr) {}

    /** Thrown to abandon the statement being checked after its error was reported. */
    private static final class Abort extends RuntimeException {
        Abort() {
            super(null, null, false, false);
        }
    }

    private final SourceFile source;
    private final Diagnostics diags;
    private final Graph g = new Graph();
    private final Map<String, Binding> scope = new LinkedHashMap<>();
    private final Map<String, Span> pending = new HashMap<>();
    private final java.util.Set<String> poisoned = new java.util.HashSet<>();
    private final Map<Node, Node> softmaxOf = new IdentityHashMap<>();
    private final Map<Node, Node> sigmoidOf = new IdentityHashMap<>();
    private final List<String> listing = new ArrayList<>();

    private final Num num;

    private ModelChecker(SourceFile source, Diagnostics diags, Num num) {
        this.source = source;
        this.diags = diags;
        this.num = num;
    }

    /**
     * Checks a model block compiled to float; returns null when there were errors (reported into
     * {@code diags}).
     */
    public static Result check(ModelDecl model, SourceFile source, Diagnostics diags) {
        return check(model, source, diags, Num.FLOAT);
    }

    /**
     * Checks a model block for code of element type {@code num} (numbers must fit it); returns null when
     * there were errors (reported into {@code diags}). Runs on a stack of known size ({@link FrontEndStack}).
     */
    public static Result check(ModelDecl model, SourceFile source, Diagnostics diags, Num num) {
        return FrontEndStack.call(() -> new ModelChecker(source, diags, num).run(model));
    }

    private Result run(ModelDecl model) {
        int errorsBefore = diags.errorCount();
        NumberRange.check(model, num, diags);
        List<ModelIr.Decl> inputs = new ArrayList<>(), targets = new ArrayList<>(), params = new ArrayList<>();
        Map<String, Stmt.Param> paramStmts = new LinkedHashMap<>();
        // declarations first: inputs, targets and parameters may be used anywhere in the block
        for (Stmt s : model.statements()) {
            if (s instanceof Stmt.Input in) {
                if (!declare(in.name(), in.nameSpan()) || !fits(in.name(), in.shape())) continue;
                TType t = TType.real(true, in.shape().toArray());
                Node n = at(in.span(), () -> g.add(new Input(in.name(), false, t)));
                scope.put(in.name(), new Binding(Kind.INPUT, n, in.span(), null));
                inputs.add(new ModelIr.Decl(in.name(), t, in.span(), null));
                listing.add("input  " + in.name() + " : " + describe(t));
            } else if (s instanceof Stmt.Target tg) {
                if (!declare(tg.name(), tg.nameSpan()) || !fits(tg.name(), tg.shape())) continue;
                if (tg.isClass() && tg.classes() > TType.MAX_ELEMENTS) {
                    diags.error(tg.span(), String.format(Locale.ROOT, "%s has %,d classes; a class target has at most %,d "
                            + "(2^30), as many as a value has elements", tg.name(), tg.classes(), TType.MAX_ELEMENTS));
                    poisoned.add(tg.name());
                    continue;
                }
                TType t = tg.isClass() ? TType.classIndex(tg.classes()) : TType.real(true, tg.shape().toArray());
                Node n = at(tg.span(), () -> g.add(new Input(tg.name(), true, t)));
                scope.put(tg.name(), new Binding(Kind.TARGET, n, tg.span(), null));
                targets.add(new ModelIr.Decl(tg.name(), t, tg.span(), null));
                listing.add("target " + tg.name() + " : " + describe(t));
            } else if (s instanceof Stmt.Param p) {
                if (!declare(p.name(), p.nameSpan()) || !fits(p.name(), p.shape())) continue;
                TType t = TType.real(false, p.shape().toArray());
                Node n = at(p.span(), () -> g.add(new Param(p.name(), t)));
                scope.put(p.name(), new Binding(Kind.PARAM, n, p.span(), null));
                paramStmts.put(p.name(), p);
                listing.add("param  " + p.name() + " : " + describe(t));
            }
        }
        for (Stmt s : model.statements()) {
            if (s instanceof Stmt.Let l) pending.put(l.name(), l.nameSpan());
            if (s instanceof Stmt.Output o && o.value() != null) pending.put(o.name(), o.nameSpan());
        }

        List<ModelIr.Decl> outputs = new ArrayList<>();
        Stmt.Loss lossStmt = null;
        Node loss = null;
        for (Stmt s : model.statements()) {
            try {
                if (s instanceof Stmt.Let l) {
                    pending.remove(l.name());
                    if (!declareValue(l.name(), l.nameSpan())) continue;
                    Node v = lowerStatement(l.name(), l.value(), l.span());
                    scope.put(l.name(), new Binding(Kind.VALUE, v, l.span(), l.value()));
                    listing.add(l.name() + " : " + describe(v.type()) + " = " + l.value().span().text());
                } else if (s instanceof Stmt.Output o) {
                    Node v;
                    if (o.value() != null) {
                        pending.remove(o.name());
                        if (!declareValue(o.name(), o.nameSpan())) continue;
                        v = lowerStatement(o.name(), o.value(), o.span());
                        scope.put(o.name(), new Binding(Kind.VALUE, v, o.span(), o.value()));
                    } else {
                        v = resolve(o.name(), o.nameSpan());
                        if (outputs.stream().anyMatch(d -> d.name().equals(o.name()))) {
                            diags.error(o.nameSpan(), "'" + o.name() + "' is already an output");
                            continue;
                        }
                    }
                    if (v.type().isClass()) {
                        diags.error(o.nameSpan(), "output '" + o.name() + "' is a class index; outputs are real values "
                                + "(write for example 'output probs = softmax(logits)')");
                        continue;
                    }
                    g.setRoot(Root.output(o.name()), v);
                    outputs.add(new ModelIr.Decl(o.name(), v.type(), o.span(), null));
                    listing.add("output " + o.name() + " : " + describe(v.type())
                            + (o.value() != null ? " = " + o.value().span().text() : ""));
                } else if (s instanceof Stmt.Loss l) {
                    if (lossStmt != null) {
                        diags.report(Diagnostic.error(l.span(), "a model has one loss; this is a second one "
                                + "(add the terms into one expression instead)").withRelated(lossStmt.span(), "the first loss is here"));
                        continue;
                    }
                    lossStmt = l;
                    Node v = lowerStatement(null, l.value(), l.span());
                    if (v.type().isClass()) fail(l.value().span(), "the loss must be a real number, not a class index");
                    if (!v.type().isScalar()) {
                        fail(l.value().span(), "the loss must be a scalar for each example, but this has shape "
                                + v.type().shapeString() + "; reduce it, for example with sum(...) or mean(...)");
                    }
                    loss = v;
                    listing.add("loss : " + describe(v.type()) + " = " + l.value().span().text());
                }
            } catch (Abort ignored) {
                // reported; go on with the next statement
                if (s instanceof Stmt.Let l) poisoned.add(l.name());
                if (s instanceof Stmt.Output o) poisoned.add(o.name());
            }
        }
        if (lossStmt == null) {
            diags.error(model.nameSpan(), "model " + model.name() + " has no loss; add a line such as "
                    + "'loss cross_entropy(logits, y)'");
        }
        if (diags.errorCount() > errorsBefore || loss == null) return null;

        g.setRoot(Root.LOSS, loss);
        Span old = g.at(lossStmt.span());
        Node objective = loss.type().batched() ? g.mul(g.add(new SumBatch(), loss), g.add(new InvBatch())) : loss;
        g.at(old);
        g.setRoot(Root.OBJECTIVE, objective);

        java.util.Set<Node> inLoss = reachable(loss);
        Map<Node, int[]> fans = fans();
        for (Map.Entry<String, Stmt.Param> e : paramStmts.entrySet()) {
            Stmt.Param p = e.getValue();
            Node node = scope.get(p.name()).node();
            InitSpec init = initSpec(p, node, fans.get(node));
            if (init == null) return null;
            params.add(new ModelIr.Decl(p.name(), node.type(), p.span(), init));
            if (!inLoss.contains(node)) {
                diags.warning(p.nameSpan(), "parameter '" + p.name() + "' does not affect the loss, so training "
                        + "leaves it at its initial value");
            }
        }
        if (diags.errorCount() > errorsBefore) return null;
        Map<Integer, String> statementNames = new HashMap<>();
        for (Stmt s : model.statements()) {
            if (s instanceof Stmt.Let l) statementNames.putIfAbsent(l.span().line(), l.name());
            if (s instanceof Stmt.Output o && o.value() != null) statementNames.putIfAbsent(o.span().line(), o.name());
            if (s instanceof Stmt.Loss l) statementNames.putIfAbsent(l.span().line(), "loss");
        }
        ModelIr ir = new ModelIr(model.name(), source, g, inputs, targets, params, outputs, statementNames);
        return new Result(ir, listing);
    }

    private static String describe(TType t) {
        if (t.isClass()) return "class(" + t.classes() + ") per example";
        return t.shapeString() + (t.batched() ? " per example" : "");
    }

    /**
     * Whether a declared shape has at most {@link TType#MAX_ELEMENTS} elements; if not, reports it at the
     * shape (with the exact count) and marks the name so that its uses are not reported again.
     */
    private boolean fits(String name, Stmt.Shape shape) {
        long n = TType.elements(shape.toArray());
        if (n <= TType.MAX_ELEMENTS) return true;
        String count = n == Long.MAX_VALUE ? "more than 9,223,372,036,854,775,807" : String.format(Locale.ROOT, "%,d", n);
        diags.error(shape.span(), String.format(Locale.ROOT, "%s%s has %s elements; a value has at most %,d (2^30) elements",
                name, shapeText(shape), count, TType.MAX_ELEMENTS));
        poisoned.add(name);
        return false;
    }

    private static String shapeText(Stmt.Shape shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.dims().size(); i++) sb.append(i > 0 ? ", " : "").append(shape.dims().get(i));
        return sb.append(']').toString();
    }

    /** Declares an input, target or parameter; false (reported) when the name is taken. */
    private boolean declare(String name, Span span) {
        return declare(name, span, "");
    }

    /** Declares a named value ({@code h = ...}, {@code output p = ...}); false (reported) when the name is taken. */
    private boolean declareValue(String name, Span span) {
        Binding prev = scope.get(name);
        return declare(name, span, prev == null ? "" : " as " + kindWords(prev.kind())
                + "; a name is defined once, so give this value a new name");
    }

    private boolean declare(String name, Span span, String explanation) {
        Binding prev = scope.get(name);
        if (prev != null) {
            diags.report(Diagnostic.error(span, "'" + name + "' is already defined" + explanation)
                    .withRelated(prev.span(), "'" + name + "' was first defined here"));
            return false;
        }
        return true;
    }

    private static String kindWords(Kind kind) {
        return switch (kind) {
            case INPUT -> "an input";
            case TARGET -> "a target";
            case PARAM -> "a parameter";
            case VALUE -> "a value";
        };
    }

    private <T> T at(Span s, java.util.function.Supplier<T> f) {
        Span old = g.at(s);
        try {
            return f.get();
        } finally {
            g.at(old);
        }
    }

    private Node lowerStatement(String name, Expr value, Span span) {
        Span old = g.at(span);
        try {
            Node v = lower(value);
            if (name != null && !(v.op() instanceof Input) && !(v.op() instanceof Param)) g.named(v, name);
            return v;
        } finally {
            g.at(old);
        }
    }

    private RuntimeException fail(Span span, String message) {
        diags.error(span, message);
        throw new Abort();
    }

    private Node resolve(String name, Span span) {
        Binding b = scope.get(name);
        if (b != null) return b.node();
        if (poisoned.contains(name)) throw new Abort();
        if (pending.containsKey(name)) {
            diags.report(Diagnostic.error(span, "'" + name + "' is used before it is defined")
                    .withRelated(pending.get(name), "'" + name + "' is defined here"));
            throw new Abort();
        }
        if (Builtins.get(name) != null) {
            throw fail(span, "'" + name + "' is a function; call it with arguments, as in " + name + "(...)");
        }
        List<String> known = new ArrayList<>(scope.keySet());
        throw fail(span, "unknown name '" + name + "'" + Suggest.hint(name, known));
    }

    // ------------------------------------------------------------------ expressions

    private Node lower(Expr e) {
        Span old = g.span();
        try {
            if (e instanceof Expr.Num n) return g.constant(n.value());
            if (e instanceof Expr.Name n) return resolve(n.name(), n.span());
            if (e instanceof Expr.Neg n) return op(n.span(), () -> g.tryAdd(new Neg(), List.of(lower(n.operand())), null),
                    "cannot negate " + n.operand().span().text());
            if (e instanceof Expr.Transpose t) return transpose(t);
            if (e instanceof Expr.Binary b) return binary(b);
            return call((Expr.Call) e);
        } catch (TType.TooLarge tooLarge) {
            // the result of this expression (its operands were fine): a product, a one-hot, a broadcast
            throw fail(e instanceof Expr.Binary b ? b.opSpan() : e.span(), String.format(Locale.ROOT,
                    "'%s' would have %,d elements; a value has at most %,d (2^30) elements", text(e),
                    tooLarge.elements(), TType.MAX_ELEMENTS));
        } finally {
            g.at(old);
        }
    }

    private interface Build {
        Node build() throws ShapeException;
    }

    private Node op(Span span, Build b, String context) {
        try {
            return b.build();
        } catch (ShapeException ex) {
            throw fail(span, context + ": " + ex.getMessage());
        }
    }

    private static String text(Expr e) {
        String t = e.span().text();
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }

    private static String shaped(Expr e, Node n) {
        return "'" + text(e) + "' " + (n.type().isClass() ? "class(" + n.type().classes() + ")" : n.type().shapeString());
    }

    private Node transpose(Expr.Transpose t) {
        Node x = lower(t.operand());
        if (x.type().rank() != 2) {
            throw fail(t.span(), "'" + text(t.operand()) + "'.T needs a matrix, but '" + text(t.operand())
                    + "' has shape " + x.type().shapeString());
        }
        return op(t.span(), () -> g.tryAdd(new Transpose(), List.of(x), null), "cannot transpose");
    }

    /**
     * Lowers every operand, even after one of them failed, so that each operand's own mistakes are
     * reported; then abandons the expression if any failed.
     */
    private List<Node> lowerEach(List<Expr> operands) {
        List<Node> nodes = new ArrayList<>();
        boolean failed = false;
        for (Expr e : operands) {
            try {
                nodes.add(lower(e));
            } catch (Abort reported) {
                failed = true;
            }
        }
        if (failed) throw new Abort();
        return nodes;
    }

    private Node binary(Expr.Binary b) {
        Double exponent = b.op() == Expr.BinaryOp.POW ? literal(b.right()) : null;
        if (exponent != null) {
            Node l = lower(b.left());
            return op(b.span(), () -> g.tryAdd(new PowConst(exponent), List.of(l), null), "cannot raise " + shaped(b.left(), l));
        }
        List<Node> operands = lowerEach(List.of(b.left(), b.right()));
        Node l = operands.get(0);
        Node r = operands.get(1);
        if (b.op() == Expr.BinaryOp.POW) {
            return op(b.span(), () -> g.tryAdd(new Pow(), List.of(l, r), null), "shape mismatch in '" + text(b) + "'");
        }
        g.at(b.span());
        if (b.op() == Expr.BinaryOp.MATMUL) return matmul(b, l, r);
        String verb = switch (b.op()) {
            case ADD -> "add";
            case SUB -> "subtract";
            case MUL -> "multiply";
            default -> "divide";
        };
        try {
            return switch (b.op()) {
                case ADD -> g.tryAdd(new dev.nabla.compiler.ir.ops.Add(), List.of(l, r), null);
                case SUB -> g.tryAdd(new dev.nabla.compiler.ir.ops.Sub(), List.of(l, r), null);
                case MUL -> g.tryAdd(new dev.nabla.compiler.ir.ops.Mul(), List.of(l, r), null);
                default -> g.tryAdd(new dev.nabla.compiler.ir.ops.Div(), List.of(l, r), null);
            };
        } catch (ShapeException ex) {
            if (l.type().isClass() || r.type().isClass()) {
                Expr c = l.type().isClass() ? b.left() : b.right();
                throw fail(b.opSpan(), "cannot " + verb + " '" + text(c) + "': it is a class index; use onehot("
                        + text(c) + ") for a one-hot vector");
            }
            throw fail(b.opSpan(), "shape mismatch: cannot " + verb + " " + shaped(b.left(), l) + " and "
                    + shaped(b.right(), r) + " (shapes broadcast when their trailing dimensions are equal or 1)");
        }
    }

    /** Lowers {@code a @ b} on per-example shapes into a storage-matrix product or a per-example product. */
    private Node matmul(Expr.Binary b, Node l, Node r) {
        TType a = l.type(), c = r.type();
        if (a.isClass() || c.isClass()) {
            throw fail(b.opSpan(), "cannot multiply a class index; use onehot(...) for a one-hot vector");
        }
        if (a.rank() == 0 || c.rank() == 0) {
            throw fail(b.opSpan(), "'@' multiplies vectors and matrices, but '" + text(a.rank() == 0 ? b.left() : b.right())
                    + "' is a scalar; use '*' to scale");
        }
        if (a.rank() > 2 || c.rank() > 2) {
            throw fail(b.opSpan(), "'@' supports vectors and matrices; " + (a.rank() > 2 ? shaped(b.left(), l)
                    : shaped(b.right(), r)) + " has more than two axes");
        }
        int ka = a.dim(a.rank() - 1);
        int kb = c.dim(0);
        if (ka != kb) {
            String rightName = text(b.right());
            int[] want = c.shape();
            want[0] = ka;
            TType wanted = c.withShape(want);
            String needs = b.right() instanceof Expr.Name
                    ? rightName + wanted.shapeString() + ", got " + rightName + c.shapeString()
                    : "'" + rightName + "' of shape " + wanted.shapeString() + ", got " + c.shapeString();
            Diagnostic d = Diagnostic.error(b.opSpan(), "shape mismatch: " + text(b) + " needs " + needs + " ("
                    + text(b.left()) + " is " + a.shapeString() + ")");
            Span rs = declaredAt(b.right());
            if (rs != null) d = d.withRelated(rs, rightName + " is declared with shape " + c.shapeString());
            Span ls = declaredAt(b.left());
            if (ls != null) d = d.withRelated(ls, text(b.left()) + " is declared with shape " + a.shapeString());
            diags.report(d);
            throw new Abort();
        }
        try {
            if (a.rank() == 1 && c.rank() == 1) {
                // dot product
                return Builtins.sumAll(g, g.mul(l, r));
            }
            if (!a.batched() && a.rank() == 2 && c.rank() == 1) {
                // W @ x: per example W x, for the batch X W^T
                return g.tryAdd(new MatMul(false, true, new int[] {a.dim(0)}), List.of(r, l), null);
            }
            if (a.rank() == 1 && !c.batched() && c.rank() == 2) {
                // x @ W: for the batch X W
                return g.tryAdd(new MatMul(false, false, new int[] {c.dim(1)}), List.of(l, r), null);
            }
            if (!a.batched() && !c.batched()) {
                return g.tryAdd(new MatMul(false, false, new int[] {a.dim(0), c.dim(1)}), List.of(l, r), null);
            }
            // per-example products of matrices: promote vectors to matrices and back
            Node lm = a.rank() == 1 ? g.tryAdd(new Reshape(new int[] {1, a.dim(0)}), List.of(l), null) : l;
            Node rm = c.rank() == 1 ? g.tryAdd(new Reshape(new int[] {c.dim(0), 1}), List.of(r), null) : r;
            Node p = g.tryAdd(new BatchedMatMul(false, false), List.of(lm, rm), null);
            if (a.rank() == 1) return g.tryAdd(new Reshape(new int[] {c.dim(1)}), List.of(p), null);
            if (c.rank() == 1) return g.tryAdd(new Reshape(new int[] {a.dim(0)}), List.of(p), null);
            return p;
        } catch (ShapeException ex) {
            throw fail(b.opSpan(), "shape mismatch in " + text(b) + ": " + ex.getMessage());
        }
    }

    private Span declaredAt(Expr e) {
        if (e instanceof Expr.Name n) {
            Binding b = scope.get(n.name());
            if (b != null) return b.span();
        }
        return null;
    }

    private static Double literal(Expr e) {
        if (e instanceof Expr.Num n) return n.value();
        if (e instanceof Expr.Neg n && n.operand() instanceof Expr.Num m) return -m.value();
        return null;
    }

    /** The arguments of a call bound to the function's parameters: tensors in order, numbers by name. */
    private record BoundArgs(List<Expr> tensors, Map<String, Double> numbers, Map<String, Expr> numberExprs) {}

    private Node call(Expr.Call c) {
        Builtins.Builtin f = Builtins.get(c.function());
        if (f == null) {
            diags.error(c.nameSpan(), notAFunction(c.function()));
            lowerEach(c.args().stream().map(Expr.Arg::value).toList()); // their own mistakes are reported too
            throw new Abort();
        }
        BoundArgs bound = bind(f, c);
        List<Expr> tensorExprs = bound.tensors();
        List<Node> tensors = new ArrayList<>(lowerEach(tensorExprs));
        // cross-entropy of a softmax and bce of a sigmoid become the fused forms on logits: the same
        // values without overflow
        if (!tensors.isEmpty() && f.name().equals("cross_entropy") && softmaxOf.containsKey(tensors.get(0))) {
            diags.note(c.span(), "cross_entropy of a softmax output: using the logits '" + logitsText(tensorExprs.get(0))
                    + "' with a fused log-softmax instead, which gives the same loss without overflow");
            tensors.set(0, softmaxOf.get(tensors.get(0)));
        } else if (!tensors.isEmpty() && f.name().equals("bce") && sigmoidOf.containsKey(tensors.get(0))) {
            diags.note(c.span(), "bce of a sigmoid output: computing bce_with_logits on '" + logitsText(tensorExprs.get(0))
                    + "' instead, which gives the same loss without overflow");
            tensors.set(0, sigmoidOf.get(tensors.get(0)));
            f = Builtins.get("bce_with_logits");
        }
        Map<String, Double> numbers = bound.numbers();
        g.at(c.span());
        Node result;
        try {
            result = f.lowering().lower(g, tensors, numbers);
        } catch (Builtins.ArgumentError ex) {
            diags.report(argumentError(c, ex, bound, tensors));
            throw new Abort();
        } catch (ShapeException ex) {
            throw fail(c.span(), c.function() + ": " + ex.getMessage() + describeArgs(tensorExprs, tensors));
        }
        if (f.name().equals("softmax") && numbers.get("axis") == -1.0) softmaxOf.put(result, tensors.get(0));
        if (f.name().equals("sigmoid")) sigmoidOf.put(result, tensors.get(0));
        return result;
    }

    /** Why a called name is not a function: it names a value, or nothing known (with a suggestion). */
    private String notAFunction(String name) {
        if (scope.get(name) != null) return "'" + name + "' is a value, not a function";
        List<String> names = Builtins.all().stream().map(Builtins.Builtin::name).toList();
        return "unknown function '" + name + "'" + Suggest.hint(name, names);
    }

    /** Binds a call's arguments to the function's parameters; reports and abandons the call on a mistake. */
    private BoundArgs bind(Builtins.Builtin f, Expr.Call c) {
        List<Expr> tensors = new ArrayList<>();
        Map<String, Double> numbers = new HashMap<>();
        Map<String, Expr> numberExprs = new HashMap<>();
        if (f.variadic()) {
            if (c.args().isEmpty()) throw fail(c.span(), f.name() + " needs at least one argument");
            for (Expr.Arg a : c.args()) {
                if (a.name() != null) throw fail(a.nameSpan(), f.name() + " takes no named arguments");
                tensors.add(a.value());
            }
            return new BoundArgs(tensors, numbers, numberExprs);
        }
        Expr[] bound = new Expr[f.params().size()];
        int positional = 0;
        boolean sawNamed = false;
        for (Expr.Arg a : c.args()) {
            int idx;
            if (a.name() == null) {
                if (sawNamed) throw fail(a.value().span(), "positional argument after a named one");
                idx = positional++;
                if (idx >= bound.length) {
                    throw fail(a.value().span(), f.name() + " takes " + arity(f) + ", got " + c.args().size());
                }
            } else {
                sawNamed = true;
                idx = -1;
                for (int i = 0; i < f.params().size(); i++) {
                    if (f.params().get(i).name().equals(a.name())) idx = i;
                }
                if (idx < 0) {
                    List<String> pn = f.params().stream().map(Builtins.Param::name).toList();
                    throw fail(a.nameSpan(), f.name() + " has no argument '" + a.name() + "'"
                            + Suggest.hint(a.name(), pn) + " (it takes " + String.join(", ", pn) + ")");
                }
                if (bound[idx] != null) throw fail(a.nameSpan(), "argument '" + a.name() + "' is given twice");
            }
            bound[idx] = a.value();
        }
        for (int i = 0; i < bound.length; i++) {
            Builtins.Param p = f.params().get(i);
            if (bound[i] == null) {
                if (p.tensor() || (p.defaultValue() == null && !p.name().equals("axis"))) {
                    throw fail(c.span(), f.name() + " takes " + arity(f) + ", got " + c.args().size()
                            + " (missing '" + p.name() + "')");
                }
                if (p.defaultValue() != null) numbers.put(p.name(), p.defaultValue());
            } else if (p.tensor()) {
                tensors.add(bound[i]);
            } else {
                Double v = literal(bound[i]);
                if (v == null) throw fail(bound[i].span(), p.name() + " of " + f.name() + " must be a number");
                numbers.put(p.name(), v);
                numberExprs.put(p.name(), bound[i]);
            }
        }
        return new BoundArgs(tensors, numbers, numberExprs);
    }

    /**
     * A function's own account of a mistake in its arguments, with the call and its arguments as the user
     * wrote them, at the argument concerned, with a note at the declaration that explains it.
     */
    private Diagnostic argumentError(Expr.Call c, Builtins.ArgumentError ex, BoundArgs bound, List<Node> tensors) {
        List<String> written = bound.tensors().stream().map(e -> "'" + text(e) + "'").toList();
        Expr at = ex.at() == null ? null : bound.numberExprs().get(ex.at());
        Diagnostic d = Diagnostic.error(at == null ? c.span() : at.span(), ex.message(c.function(), written));
        int explained = ex.explainedBy();
        if (explained >= 0 && explained < tensors.size()) {
            Expr arg = bound.tensors().get(explained);
            Span declared = declaredAt(arg);
            if (declared != null) d = d.withRelated(declared, text(arg) + " is declared with " + declaredType(tensors.get(explained)));
        }
        return d;
    }

    /** "2 classes" or "shape [3,4]": a declaration's type, as the notes under an error say it. */
    private static String declaredType(Node n) {
        return n.type().isClass() ? n.type().classes() + " classes" : "shape " + n.type().shapeString();
    }

    private static String describeArgs(List<Expr> exprs, List<Node> nodes) {
        if (exprs.isEmpty()) return "";
        StringBuilder sb = new StringBuilder(" (");
        for (int i = 0; i < exprs.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(shaped(exprs.get(i), nodes.get(i)));
        }
        return sb.append(")").toString();
    }

    private static String arity(Builtins.Builtin f) {
        long required = f.params().stream().filter(p -> p.tensor()).count();
        long total = f.params().size();
        List<String> names = f.params().stream().map(Builtins.Param::name).toList();
        String count = required == total ? required + (required == 1 ? " argument" : " arguments")
                : required + " to " + total + " arguments";
        return count + " (" + String.join(", ", names) + ")";
    }

    private String logitsText(Expr e) {
        Expr inner = e;
        if (e instanceof Expr.Name n && scope.get(n.name()) != null && scope.get(n.name()).expr() != null) {
            inner = scope.get(n.name()).expr();
        }
        if (inner instanceof Expr.Call call && !call.args().isEmpty()) return text(call.args().get(0).value());
        return text(e);
    }

    // ------------------------------------------------------------------ parameters

    private static final Map<String, String> INIT_ALIASES = Map.ofEntries(
            Map.entry("zeros", "zeros"), Map.entry("ones", "ones"), Map.entry("constant", "constant"),
            Map.entry("uniform", "uniform"), Map.entry("normal", "normal"),
            Map.entry("xavier", "xavier_uniform"), Map.entry("glorot", "xavier_uniform"),
            Map.entry("xavier_uniform", "xavier_uniform"), Map.entry("glorot_uniform", "xavier_uniform"),
            Map.entry("xavier_normal", "xavier_normal"), Map.entry("glorot_normal", "xavier_normal"),
            Map.entry("he", "he_uniform"), Map.entry("kaiming", "he_uniform"), Map.entry("he_uniform", "he_uniform"),
            Map.entry("kaiming_uniform", "he_uniform"), Map.entry("he_normal", "he_normal"),
            Map.entry("kaiming_normal", "he_normal"), Map.entry("lecun_normal", "lecun_normal"));

    /** Argument names and defaults of each initializer: a then b. */
    private static final Map<String, String[]> INIT_ARGS = Map.of(
            "constant", new String[] {"value", null}, "uniform", new String[] {"low", "high"},
            "normal", new String[] {"mean", "std"}, "xavier_uniform", new String[] {"gain", null},
            "xavier_normal", new String[] {"gain", null}, "he_uniform", new String[] {"gain", null},
            "he_normal", new String[] {"gain", null}, "lecun_normal", new String[] {"gain", null});

    private static final Map<String, double[]> INIT_DEFAULTS = Map.of(
            "constant", new double[] {0, 0}, "uniform", new double[] {-0.05, 0.05}, "normal", new double[] {0, 0.01},
            "xavier_uniform", new double[] {1, 0}, "xavier_normal", new double[] {1, 0}, "he_uniform", new double[] {1, 0},
            "he_normal", new double[] {1, 0}, "lecun_normal", new double[] {1, 0});

    private InitSpec initSpec(Stmt.Param p, Node node, int[] usedAs) {
        int[] fan = usedAs != null ? usedAs : defaultFans(node);
        if (p.init() == null) {
            String scheme = p.shape().dims().size() >= 2 ? "xavier_uniform" : "zeros";
            return new InitSpec(scheme, scheme.equals("zeros") ? 0 : 1, 0, fan[0], fan[1]);
        }
        Stmt.Init init = p.init();
        String scheme = INIT_ALIASES.get(init.scheme());
        if (scheme == null) {
            diags.error(init.schemeSpan(), "unknown initializer '" + init.scheme() + "'"
                    + Suggest.hint(init.scheme(), INIT_ALIASES.keySet()) + " (known: zeros, ones, constant, uniform, "
                    + "normal, xavier, xavier_normal, he, he_normal, lecun_normal)");
            return null;
        }
        String[] names = INIT_ARGS.getOrDefault(scheme, new String[] {null, null});
        double[] vals = INIT_DEFAULTS.getOrDefault(scheme, new double[] {0, 0}).clone();
        int pos = 0;
        for (Expr.Arg a : init.args()) {
            int idx;
            if (a.name() == null) {
                idx = pos++;
            } else {
                idx = a.name().equals(names[0]) ? 0 : a.name().equals(names[1]) ? 1 : -1;
                if (idx < 0) {
                    diags.error(a.nameSpan(), init.scheme() + " has no argument '" + a.name() + "'");
                    return null;
                }
            }
            if (idx > 1 || names[idx] == null) {
                diags.error(a.value().span(), init.scheme() + " takes " + countArgs(names) + " argument"
                        + (countArgs(names) == 1 ? "" : "s"));
                return null;
            }
            Double v = literal(a.value());
            if (v == null) {
                diags.error(a.value().span(), names[idx] + " of " + init.scheme() + " must be a number");
                return null;
            }
            vals[idx] = v;
        }
        if (scheme.equals("uniform") && !(vals[0] < vals[1])) {
            diags.error(init.span(), "uniform needs low < high, got " + vals[0] + " and " + vals[1]);
            return null;
        }
        if (scheme.equals("normal") && vals[1] < 0) {
            diags.error(init.span(), "normal needs std >= 0, got " + vals[1]);
            return null;
        }
        return new InitSpec(scheme, vals[0], vals[1], fan[0], fan[1]);
    }

    private static int countArgs(String[] names) { return (names[0] == null ? 0 : 1) + (names[1] == null ? 0 : 1); }

    /**
     * Fan-in and fan-out of each parameter that a product uses, from its first such use: {@code W @ x} makes W
     * {@code [out, in]} (PyTorch's layout), {@code x @ W} makes it {@code [in, out]} (Keras's).
     */
    private Map<Node, int[]> fans() {
        Map<Node, int[]> fans = new IdentityHashMap<>();
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof MatMul m)) continue;
            Node b = n.input(1), a = n.input(0);
            if (b.op() instanceof Param && b.type().rank() == 2) {
                int[] s = b.type().shape();
                fans.putIfAbsent(b, m.transB() ? new int[] {s[1], s[0]} : new int[] {s[0], s[1]});
            }
            if (a.op() instanceof Param && a.type().rank() == 2 && !m.transA()) {
                int[] s = a.type().shape();
                fans.putIfAbsent(a, new int[] {s[1], s[0]});
            }
        }
        return fans;
    }

    /** Fan-in and fan-out of a parameter no product uses, from its shape. */
    private static int[] defaultFans(Node param) {
        int[] s = param.type().shape();
        if (s.length == 0) return new int[] {1, 1};
        if (s.length == 1) return new int[] {s[0], s[0]};
        int rest = 1;
        for (int i = 2; i < s.length; i++) rest *= s[i];
        return new int[] {s[1] * rest, s[0] * rest};
    }

    /** Every node {@code from} depends on. */
    private static java.util.Set<Node> reachable(Node from) {
        java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> stack = new ArrayList<>(List.of(from));
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            if (seen.add(n)) stack.addAll(n.inputs());
        }
        return seen;
    }
}
