package dev.nabla.compiler.ast;

/** Prints the AST as an indented tree with line:column of every node ({@code nabla dump --stage ast}). */
public final class AstPrinter {
    private AstPrinter() {}

    public static String print(ModelFile file) {
        StringBuilder sb = new StringBuilder();
        for (ModelDecl m : file.models()) {
            sb.append("Model ").append(m.name()).append(" @").append(pos(m.span())).append('\n');
            for (Stmt s : m.statements()) stmt(sb, s);
        }
        for (TrainDecl t : file.trains()) {
            sb.append("Train ").append(t.model()).append(" @").append(pos(t.span())).append('\n');
            for (TrainDecl.Setting s : t.settings()) {
                sb.append("  Setting ").append(s.key()).append(" = ").append(value(s.value())).append(" @")
                        .append(pos(s.span())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String pos(dev.nabla.compiler.diag.Span s) { return s.line() + ":" + s.column(); }

    private static void stmt(StringBuilder sb, Stmt s) {
        String head;
        Expr e = null;
        if (s instanceof Stmt.Input i) head = "Input " + i.name() + " " + i.shape();
        else if (s instanceof Stmt.Target t) head = "Target " + t.name() + (t.isClass() ? " class(" + t.classes() + ")" : " " + t.shape());
        else if (s instanceof Stmt.Param p) head = "Param " + p.name() + " " + p.shape() + (p.init() == null ? "" : " init " + p.init().scheme());
        else if (s instanceof Stmt.Let l) { head = "Let " + l.name(); e = l.value(); }
        else if (s instanceof Stmt.Output o) { head = "Output " + o.name(); e = o.value(); }
        else { head = "Loss"; e = ((Stmt.Loss) s).value(); }
        sb.append("  ").append(head).append(" @").append(pos(s.span())).append('\n');
        if (e != null) expr(sb, e, 2);
    }

    private static void expr(StringBuilder sb, Expr e, int depth) {
        sb.append("  ".repeat(depth));
        if (e instanceof Expr.Num n) sb.append("Num ").append(n.text());
        else if (e instanceof Expr.Name n) sb.append("Name ").append(n.name());
        else if (e instanceof Expr.Neg) sb.append("Neg");
        else if (e instanceof Expr.Transpose) sb.append("Transpose");
        else if (e instanceof Expr.Binary b) sb.append("Binary ").append(b.op().symbol);
        else sb.append("Call ").append(((Expr.Call) e).function());
        sb.append(" @").append(pos(e.span())).append('\n');
        if (e instanceof Expr.Neg n) expr(sb, n.operand(), depth + 1);
        if (e instanceof Expr.Transpose t) expr(sb, t.operand(), depth + 1);
        if (e instanceof Expr.Binary b) {
            expr(sb, b.left(), depth + 1);
            expr(sb, b.right(), depth + 1);
        }
        if (e instanceof Expr.Call c) {
            for (Expr.Arg a : c.args()) {
                if (a.name() != null) sb.append("  ".repeat(depth + 1)).append(a.name()).append(":\n");
                expr(sb, a.value(), depth + (a.name() != null ? 2 : 1));
            }
        }
    }

    private static String value(TrainDecl.Value v) {
        if (v instanceof TrainDecl.Value.Number n) return n.text();
        if (v instanceof TrainDecl.Value.Str s) return '"' + s.value() + '"';
        if (v instanceof TrainDecl.Value.Word w) return w.word();
        TrainDecl.Value.Call c = (TrainDecl.Value.Call) v;
        StringBuilder sb = new StringBuilder(c.name()).append('(');
        for (int i = 0; i < c.args().size(); i++) {
            TrainDecl.Value.Named a = c.args().get(i);
            if (i > 0) sb.append(", ");
            if (a.key() != null) sb.append(a.key()).append(": ");
            sb.append(value(a.value()));
        }
        return sb.append(')').toString();
    }
}
