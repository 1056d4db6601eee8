package dev.nabla.compiler.parse;

import dev.nabla.compiler.ast.Expr;
import dev.nabla.compiler.ast.ModelDecl;
import dev.nabla.compiler.ast.ModelFile;
import dev.nabla.compiler.ast.Stmt;
import dev.nabla.compiler.ast.TrainDecl;
import dev.nabla.compiler.diag.Diagnostics;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.diag.Span;
import dev.nabla.grammar.NablaParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Walks an error-free parse tree and builds the AST, with a span on every node. */
final class AstBuilder {
    private final SourceFile source;
    private final Diagnostics diagnostics;

    AstBuilder(SourceFile source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    ModelFile file(NablaParser.FileContext ctx) {
        List<ModelDecl> models = new ArrayList<>();
        List<TrainDecl> trains = new ArrayList<>();
        for (NablaParser.ModelDeclContext m : ctx.modelDecl()) models.add(model(m));
        for (NablaParser.TrainDeclContext t : ctx.trainDecl()) trains.add(train(t));
        return new ModelFile(source, models, trains);
    }

    private ModelDecl model(NablaParser.ModelDeclContext ctx) {
        List<Stmt> stmts = new ArrayList<>();
        for (NablaParser.ModelStmtContext s : ctx.modelStmt()) stmts.add(stmt(s));
        return new ModelDecl(ctx.name.getText(), span(ctx.name), stmts, span(ctx.MODEL().getSymbol()));
    }

    private Stmt stmt(NablaParser.ModelStmtContext ctx) {
        Span span = lineSpan(ctx);
        if (ctx instanceof NablaParser.InputStmtContext c) {
            return new Stmt.Input(c.name.getText(), span(c.name), shape(c.shape()), span);
        }
        if (ctx instanceof NablaParser.TargetStmtContext c) {
            if (c.shape() != null) {
                return new Stmt.Target(c.name.getText(), span(c.name), shape(c.shape()), 0, span);
            }
            if (!c.kind.getText().equals("class")) {
                diagnostics.error(span(c.kind), "unknown target kind '" + c.kind.getText()
                        + "'; write 'target " + c.name.getText() + ": class(N)' for a class index or 'target "
                        + c.name.getText() + "[n]' for a tensor");
            }
            int classes = positiveInt(c.count, "the number of classes");
            return new Stmt.Target(c.name.getText(), span(c.name), new Stmt.Shape(List.of(), span(c.kind)),
                    Math.max(classes, 1), span);
        }
        if (ctx instanceof NablaParser.ParamStmtContext c) {
            Stmt.Init init = null;
            if (c.init != null) {
                List<Expr.Arg> args = new ArrayList<>();
                for (NablaParser.ArgContext a : c.init.arg()) args.add(arg(a));
                init = new Stmt.Init(c.init.name.getText(), span(c.init.name), args, span(c.init));
            }
            return new Stmt.Param(c.name.getText(), span(c.name), shape(c.shape()), init, span);
        }
        if (ctx instanceof NablaParser.OutputStmtContext c) {
            return new Stmt.Output(c.name.getText(), span(c.name), c.expr() == null ? null : expr(c.expr()), span);
        }
        if (ctx instanceof NablaParser.LossStmtContext c) {
            return new Stmt.Loss(expr(c.expr()), span);
        }
        NablaParser.LetStmtContext c = (NablaParser.LetStmtContext) ctx;
        return new Stmt.Let(c.name.getText(), span(c.name), expr(c.expr()), span);
    }

    private Stmt.Shape shape(NablaParser.ShapeContext ctx) {
        List<Integer> dims = new ArrayList<>();
        for (var n : ctx.NUMBER()) dims.add(positiveInt(n.getSymbol(), "a dimension"));
        return new Stmt.Shape(dims, span(ctx));
    }

    private int positiveInt(Token t, String what) {
        String text = t.getText();
        try {
            if (text.matches("[0-9]+")) {
                int v = Integer.parseInt(text);
                if (v > 0) return v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        diagnostics.error(span(t), what + " must be a positive whole number, got "
                + (text.length() > 40 ? text.substring(0, 37) + "..." : text));
        return 1;
    }

    Expr expr(NablaParser.ExprContext ctx) {
        Span span = span(ctx);
        if (ctx instanceof NablaParser.ParenExprContext c) return expr(c.expr());
        if (ctx instanceof NablaParser.NumberExprContext c) {
            String text = c.NUMBER().getText();
            return new Expr.Num(Double.parseDouble(text), text, span);
        }
        if (ctx instanceof NablaParser.NameExprContext c) return new Expr.Name(c.ident().getText(), span);
        if (ctx instanceof NablaParser.NegExprContext c) return new Expr.Neg(expr(c.expr()), span);
        if (ctx instanceof NablaParser.TransposeExprContext c) return new Expr.Transpose(expr(c.expr()), span);
        if (ctx instanceof NablaParser.PowExprContext c) {
            return new Expr.Binary(Expr.BinaryOp.POW, expr(c.expr(0)), expr(c.expr(1)), span, span(c.POW().getSymbol()));
        }
        if (ctx instanceof NablaParser.MulExprContext c) {
            Expr.BinaryOp op = switch (c.op.getText()) {
                case "*" -> Expr.BinaryOp.MUL;
                case "/" -> Expr.BinaryOp.DIV;
                default -> Expr.BinaryOp.MATMUL;
            };
            return new Expr.Binary(op, expr(c.expr(0)), expr(c.expr(1)), span, span(c.op));
        }
        if (ctx instanceof NablaParser.AddExprContext c) {
            Expr.BinaryOp op = c.op.getText().equals("+") ? Expr.BinaryOp.ADD : Expr.BinaryOp.SUB;
            return new Expr.Binary(op, expr(c.expr(0)), expr(c.expr(1)), span, span(c.op));
        }
        NablaParser.CallExprContext c = (NablaParser.CallExprContext) ctx;
        List<Expr.Arg> args = new ArrayList<>();
        for (NablaParser.ArgContext a : c.arg()) args.add(arg(a));
        return new Expr.Call(c.ident().getText(), span(c.ident()), args, span);
    }

    private Expr.Arg arg(NablaParser.ArgContext a) {
        return a.key == null ? new Expr.Arg(null, null, expr(a.expr()))
                : new Expr.Arg(a.key.getText(), span(a.key), expr(a.expr()));
    }

    private TrainDecl train(NablaParser.TrainDeclContext ctx) {
        List<TrainDecl.Setting> settings = new ArrayList<>();
        for (NablaParser.SettingContext s : ctx.setting()) {
            settings.add(new TrainDecl.Setting(s.key.getText(), span(s.key), value(s.value()), lineSpan(s)));
        }
        return new TrainDecl(ctx.name.getText(), span(ctx.name), settings, span(ctx.TRAIN().getSymbol()));
    }

    private TrainDecl.Value value(NablaParser.ValueContext ctx) {
        Span span = span(ctx);
        if (ctx instanceof NablaParser.NumberValueContext c) {
            return new TrainDecl.Value.Number(Double.parseDouble(c.NUMBER().getText()), c.NUMBER().getText(), span);
        }
        if (ctx instanceof NablaParser.NegNumberValueContext c) {
            return new TrainDecl.Value.Number(-Double.parseDouble(c.NUMBER().getText()), "-" + c.NUMBER().getText(), span);
        }
        if (ctx instanceof NablaParser.StringValueContext c) {
            return new TrainDecl.Value.Str(unquote(c.STRING().getText()), span);
        }
        if (ctx instanceof NablaParser.IdentValueContext c) {
            return new TrainDecl.Value.Word(c.ident().getText(), span);
        }
        NablaParser.CallValueContext c = (NablaParser.CallValueContext) ctx;
        List<TrainDecl.Value.Named> args = new ArrayList<>();
        for (NablaParser.NamedValueContext n : c.namedValue()) {
            args.add(new TrainDecl.Value.Named(n.key == null ? null : n.key.getText(),
                    n.key == null ? null : span(n.key), value(n.value())));
        }
        return new TrainDecl.Value.Call(c.ident().getText(), span(c.ident()), args, span);
    }

    private static String unquote(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length() - 1) {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private Span span(Token t) {
        return new Span(source, t.getLine(), t.getCharPositionInLine() + 1, Math.max(1, t.getText().length()));
    }

    private Span span(org.antlr.v4.runtime.tree.TerminalNode n) { return span(n.getSymbol()); }

    /** The span of a rule, clipped to its first line. */
    private Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null ? start : ctx.getStop();
        int col = start.getCharPositionInLine() + 1;
        int length;
        if (stop.getLine() == start.getLine()) {
            length = stop.getCharPositionInLine() + Math.max(1, stop.getText().length()) - start.getCharPositionInLine();
        } else {
            length = Math.max(1, source.line(start.getLine()).length() - col + 1);
        }
        return new Span(source, start.getLine(), col, Math.max(1, length));
    }

    private Span lineSpan(ParserRuleContext ctx) { return span(ctx); }
}
