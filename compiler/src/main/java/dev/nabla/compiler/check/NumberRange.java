package dev.nabla.compiler.check;

import dev.nabla.compiler.ast.Expr;
import dev.nabla.compiler.ast.ModelDecl;
import dev.nabla.compiler.ast.Stmt;
import dev.nabla.compiler.diag.Diagnostics;
import dev.nabla.compiler.ir.Num;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers of a model block must be finite in the element type the model is compiled to: a literal such as
 * {@code 1e400} is beyond every double, {@code 1e39} beyond every float. So must a part of an expression
 * made only of numbers ({@code 1e30 * 1e30}, {@code 2 ** 200}, {@code 1 / 0}), which the compiler would
 * otherwise fold into a constant that is not a number. Each is an error at its place that says which
 * range; a literal so small that it becomes 0 in float is a warning.
 */
final class NumberRange {
    private NumberRange() {}

    /** Reports every number of {@code model} outside the range of {@code num}. */
    static void check(ModelDecl model, Num num, Diagnostics diags) {
        List<Expr> roots = new ArrayList<>();
        for (Stmt s : model.statements()) {
            if (s instanceof Stmt.Let l) roots.add(l.value());
            else if (s instanceof Stmt.Output o && o.value() != null) roots.add(o.value());
            else if (s instanceof Stmt.Loss l) roots.add(l.value());
            else if (s instanceof Stmt.Param p && p.init() != null) for (Expr.Arg a : p.init().args()) roots.add(a.value());
        }
        for (Expr e : roots) visit(e, num, diags);
    }

    /**
     * The value of {@code e} when it is made of numbers only (null otherwise), reporting numbers out of
     * range on the way. Recursion is bounded by the parser's nesting limit.
     */
    private static Double visit(Expr e, Num num, Diagnostics diags) {
        if (e instanceof Expr.Num n) {
            return literal(n, num, diags) ? n.value() : null;
        }
        if (e instanceof Expr.Name) return null;
        if (e instanceof Expr.Neg n) {
            Double v = visit(n.operand(), num, diags);
            return v == null ? null : -v;
        }
        if (e instanceof Expr.Transpose t) {
            visit(t.operand(), num, diags);
            return null;
        }
        if (e instanceof Expr.Call c) {
            for (Expr.Arg a : c.args()) visit(a.value(), num, diags);
            return null;
        }
        Expr.Binary b = (Expr.Binary) e;
        Double l = visit(b.left(), num, diags);
        Double r = visit(b.right(), num, diags);
        if (l == null || r == null || b.op() == Expr.BinaryOp.MATMUL) return null;
        double v = switch (b.op()) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL, MATMUL -> l * r; // MATMUL of numbers is an error the checker reports
            case DIV -> l / r;
            case POW -> Math.pow(l, r);
        };
        if (!Double.isFinite(v) || (num.isFloat() && Math.abs(v) > Float.MAX_VALUE)) {
            String value = Double.isNaN(v) ? "not a number (NaN)" : Double.isInfinite(v) ? "infinite"
                    : "about " + String.format(java.util.Locale.ROOT, "%.3g", v) + ", beyond the float range (largest "
                    + Float.MAX_VALUE + "); this model is compiled to float";
            diags.error(b.opSpan(), "'" + shorten(b.span().text()) + "' is " + value + "; a constant must be a finite "
                    + num.type());
            return null;
        }
        return v;
    }

    /** Whether a literal is finite in {@code num}; reports it (or a warning when it becomes 0 in float) if not. */
    private static boolean literal(Expr.Num n, Num num, Diagnostics diags) {
        double v = n.value();
        if (!Double.isFinite(v)) {
            diags.error(n.span(), "the number " + shorten(n.text()) + " is beyond the double range (largest "
                    + Double.MAX_VALUE + ")");
            return false;
        }
        if (num.isFloat() && Math.abs(v) > Float.MAX_VALUE) {
            diags.error(n.span(), "the number " + shorten(n.text()) + " is beyond the float range (largest " + Float.MAX_VALUE
                    + "); this model is compiled to float");
            return false;
        }
        if ((v == 0 && !zeroText(n.text())) || (num.isFloat() && v != 0 && (float) v == 0f)) {
            diags.warning(n.span(), "the number " + shorten(n.text()) + " is below the smallest " + num.type() + " ("
                    + (num.isFloat() ? String.valueOf(Float.MIN_VALUE) : String.valueOf(Double.MIN_VALUE)) + ") and becomes 0");
        }
        return true;
    }

    /** Whether a literal is written as zero (all its digits before the exponent are 0). */
    private static boolean zeroText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') break;
            if (c >= '1' && c <= '9') return false;
        }
        return true;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
