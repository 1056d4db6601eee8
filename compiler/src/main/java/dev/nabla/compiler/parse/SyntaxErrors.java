package dev.nabla.compiler.parse;

import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.Span;
import dev.nabla.grammar.NablaLexer;
import dev.nabla.grammar.NablaParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The one place that words syntax errors, for people: what was found, what was expected in words, and
 * where. Each mistake that has a name of its own (an unterminated string, a keyword used as a name, a
 * missing shape, an unclosed bracket, ...) is recognized by a small rule below; anything else gets
 * "unexpected X in Y; expected Z". No ANTLR default wording ("no viable alternative", "extraneous
 * input") reaches the user.
 */
final class SyntaxErrors {
    private SyntaxErrors() {}

    /** The rules for particular mistakes, most specific first; each returns null when it does not apply. */
    private static final List<Function<ErrorSite, Diagnostic>> RULES = List.of(
            SyntaxErrors::badString,
            SyntaxErrors::nameAfterStatement,
            SyntaxErrors::keywordAsName,
            SyntaxErrors::equalsAfterLossOrOutput,
            SyntaxErrors::missingShape,
            SyntaxErrors::settingWithoutValue,
            SyntaxErrors::expressionAsStatement,
            SyntaxErrors::unclosed,
            SyntaxErrors::endOfFile,
            SyntaxErrors::statementGoesOn,
            SyntaxErrors::statementEndsEarly);

    /** The diagnostic for the error at this site. */
    static Diagnostic describe(ErrorSite site) {
        for (Function<ErrorSite, Diagnostic> rule : RULES) {
            Diagnostic d = rule.apply(site);
            if (d != null) return d;
        }
        return unexpected(site);
    }

    // ------------------------------------------------------------------ particular mistakes

    /** A string the lexer could not close, or one with an unknown escape: said by name, wherever it is. */
    private static Diagnostic badString(ErrorSite s) {
        Token t = s.found();
        if (t.getType() == NablaLexer.UNTERMINATED_STRING) {
            return Diagnostic.error(s.span(t), "unterminated string: a string needs a closing \" on the same line");
        }
        if (t.getType() == NablaLexer.BAD_ESCAPE_STRING) {
            int at = firstUnknownEscape(t.getText());
            Span escape = new Span(s.file(), t.getLine(), t.getCharPositionInLine() + 1 + at, 2);
            return Diagnostic.error(escape, "unknown escape '" + t.getText().substring(at, at + 2) + "' in a string; "
                    + "the escapes are \\\", \\\\, \\n and \\t, so a backslash is written \\\\");
        }
        return null;
    }

    private static int firstUnknownEscape(String text) {
        for (int i = 1; i < text.length() - 1; i++) {
            if (text.charAt(i) == '\\') {
                if ("\"\\nt".indexOf(text.charAt(i + 1)) < 0) return i;
                i++;
            }
        }
        return 0;
    }

    /**
     * A name right after a complete statement on the same line, as in {@code logits = W @ x b}: the
     * grammar reads it as the start of a new statement {@code b = ...}, which then fails; the mistake is
     * the name itself, so the error is there.
     */
    private static Diagnostic nameAfterStatement(ErrorSite s) {
        NablaParser.LetStmtContext let = enclosing(s.context(), NablaParser.LetStmtContext.class);
        if (let == null || !(let.getParent() instanceof NablaParser.ModelDeclContext block)) return null;
        ParserRuleContext before = null;
        for (int i = 0; i < block.getChildCount() && block.getChild(i) != let; i++) {
            if (block.getChild(i) instanceof NablaParser.ModelStmtContext m) before = m;
        }
        Token start = let.getStart();
        if (before == null || before.getStop() == null || before.getStop().getLine() != start.getLine()
                || before.getStop().getTokenIndex() != start.getTokenIndex() - 1) {
            return null;
        }
        return statementGoesOn(s, start, before);
    }

    /** Keywords that begin a declaration and are followed by the declared name. */
    private static final Set<Integer> NAMING_KEYWORDS = Set.of(NablaLexer.MODEL, NablaLexer.TRAIN, NablaLexer.INPUT,
            NablaLexer.TARGET, NablaLexer.PARAM);

    /**
     * A keyword where a name belongs: {@code input = W @ x} (the statement keyword then lacks its name),
     * {@code f(input, y)}, {@code model = ...}.
     */
    private static Diagnostic keywordAsName(ErrorSite s) {
        Token found = s.found();
        Token prev = s.previous();
        if (prev != null && NAMING_KEYWORDS.contains(prev.getType()) && found.getType() == NablaLexer.ASSIGN) {
            return keywordUsedAsName(s, prev);
        }
        if (!isKeyword(found.getType())) return null;
        boolean nameExpectedHere = s.expected().contains(NablaLexer.ID) && !s.onLaterLine() && !isBlockOrFile(s.context());
        boolean assignedTo = s.next().getType() == NablaLexer.ASSIGN;
        return nameExpectedHere || assignedTo ? keywordUsedAsName(s, found) : null;
    }

    private static Diagnostic keywordUsedAsName(ErrorSite s, Token keyword) {
        return Diagnostic.error(s.span(keyword), "'" + keyword.getText() + "' is a keyword and cannot be used as a name");
    }

    /** {@code loss = ...} and {@code output = ...}: the two statements whose keyword is not followed by a name and '='. */
    private static Diagnostic equalsAfterLossOrOutput(ErrorSite s) {
        Token prev = s.previous();
        if (prev == null || s.found().getType() != NablaLexer.ASSIGN) return null;
        if (prev.getType() == NablaLexer.LOSS) {
            return Diagnostic.error(s.span(s.found()), "unexpected '=' after 'loss'; 'loss' is followed directly by the "
                    + "expression, as in 'loss " + restOfLine(s, "cross_entropy(logits, y)") + "'");
        }
        if (prev.getType() == NablaLexer.OUTPUT) {
            return Diagnostic.error(s.span(s.found()), "unexpected '=' after 'output'; an output needs a name, as in "
                    + "'output probs = " + restOfLine(s, "softmax(logits)") + "'");
        }
        return null;
    }

    /** The source text after the token found, to the end of its line; {@code otherwise} when there is none. */
    private static String restOfLine(ErrorSite s, String otherwise) {
        Token first = s.next();
        if (first.getType() == Token.EOF || first.getLine() != s.found().getLine()) return otherwise;
        return s.text(first, s.lastOnLine(first));
    }

    /** {@code input x}, {@code param W}, {@code target y} without a shape (or class count) after the name. */
    private static Diagnostic missingShape(ErrorSite s) {
        ParserRuleContext c = s.context();
        if (c instanceof NablaParser.ShapeContext shape && shape.getChildCount() == 0) {
            if (c.getParent() instanceof NablaParser.InputStmtContext in && in.name != null) {
                return needsShape(s, "input", in.name, "[4]");
            }
            if (c.getParent() instanceof NablaParser.ParamStmtContext p && p.name != null) {
                return needsShape(s, "param", p.name, "[3, 4]");
            }
        }
        if (c instanceof NablaParser.TargetStmtContext t && t.name != null && t.COLON() == null
                && t.shape() == null && sameToken(t.name.getStop(), s.previous())) {
            String name = t.name.getText();
            return Diagnostic.error(span(s, t.name), "target '" + name + "' needs a shape or a class count after its name, "
                    + "as in 'target " + name + "[3]' or 'target " + name + ": class(3)'");
        }
        return null;
    }

    private static Diagnostic needsShape(ErrorSite s, String keyword, NablaParser.IdentContext name, String example) {
        return Diagnostic.error(span(s, name), keyword + " '" + name.getText() + "' needs a shape after its name, as in '"
                + keyword + " " + name.getText() + example + "'");
    }

    /** A train setting whose line ends after its name. */
    private static Diagnostic settingWithoutValue(ErrorSite s) {
        ParserRuleContext c = s.context();
        NablaParser.SettingContext setting = c instanceof NablaParser.SettingContext st ? st
                : c instanceof NablaParser.ValueContext && c.getParent() instanceof NablaParser.SettingContext st ? st : null;
        if (setting == null || setting.key == null || !sameToken(setting.key.getStop(), s.previous())) return null;
        if (!s.onLaterLine() && s.found().getType() != NablaLexer.RBRACE) return null;
        String exp = expectedPhrase(s.expected());
        return Diagnostic.error(span(s, setting.key), "the setting '" + setting.key.getText() + "' has no value"
                + (exp == null ? "" : "; expected " + exp + " after it"));
    }

    /** Tokens that continue an expression after a name: a call's '(', '.T', a binary operator. */
    private static final Set<Integer> EXPRESSION_GOES_ON = Set.of(NablaLexer.LPAREN, NablaLexer.DOT, NablaLexer.POW,
            NablaLexer.STAR, NablaLexer.SLASH, NablaLexer.AT, NablaLexer.PLUS, NablaLexer.MINUS);

    /** Tokens that begin an expression but no statement. */
    private static final Set<Integer> EXPRESSION_STARTS = Set.of(NablaLexer.NUMBER, NablaLexer.LPAREN, NablaLexer.MINUS);

    /** A line that is only an expression, such as {@code tanh(logits)}: it computes a value that nothing uses. */
    private static Diagnostic expressionAsStatement(ErrorSite s) {
        ParserRuleContext c = s.context();
        Token found = s.found();
        Token start = null;
        if (c instanceof NablaParser.LetStmtContext let && let.name != null && let.ASSIGN() == null
                && sameToken(let.name.getStop(), s.previous()) && !s.onLaterLine()
                && EXPRESSION_GOES_ON.contains(found.getType())) {
            start = let.getStart();
        } else if (c instanceof NablaParser.ModelDeclContext && s.onLaterLine() && !s.atEndOfFile()
                && EXPRESSION_STARTS.contains(found.getType())) {
            start = found;
        }
        if (start == null || s.laterOnLine(found, NablaLexer.ASSIGN)) return null;
        Token end = s.lastOnLine(found);
        return Diagnostic.error(s.span(start, end), "an expression on its own is not a statement; write 'name = "
                + s.text(start, end) + "' to name its value, or use it in the loss or an output");
    }

    /** A bracket or block around the error that is still open: its name, its opening token, its closing token type. */
    private record Open(String what, Token opener, int closer, boolean block) {
        String note() { return block ? what + " opens here" : "'" + opener.getText() + "' opened here"; }
    }

    /**
     * A bracket left open at the end of its line (the next line goes on with something else), or a block
     * left open at the end of the file or where the next block begins.
     */
    private static Diagnostic unclosed(ErrorSite s) {
        Open open = innermostOpen(s);
        Token prev = s.previous();
        if (open == null || prev == null || !s.expected().contains(open.closer())) return null;
        int type = s.found().getType();
        boolean nextBlock = type == NablaLexer.MODEL || type == NablaLexer.TRAIN;
        boolean applies = s.atEndOfFile() || (s.onLaterLine() && (!open.block() || nextBlock));
        if (!applies) return null;
        String closer = literal(open.closer());
        String message = s.atEndOfFile()
                ? "the file ends inside " + open.what() + "; expected " + closer + " to close it"
                : "expected " + closer + " to close " + open.what() + ", found " + describeToken(s.found()) + " "
                        + s.whereFound();
        return Diagnostic.error(s.after(prev), message).withRelated(s.span(open.opener()), open.note());
    }

    private static Open innermostOpen(ErrorSite s) {
        for (ParserRuleContext c = s.context(); c != null; c = c.getParent()) {
            Token opener = unclosedOpener(c);
            if (opener == null) continue;
            int closer = closerOf(opener.getType());
            if (opener.getType() == NablaLexer.LBRACE) {
                String kind = c instanceof NablaParser.TrainDeclContext ? "train" : "model";
                NablaParser.IdentContext name = c instanceof NablaParser.ModelDeclContext m ? m.name
                        : c instanceof NablaParser.TrainDeclContext t ? t.name : null;
                return new Open(name == null ? "the " + kind + " block" : kind + " '" + name.getText() + "'",
                        opener, closer, true);
            }
            return new Open("'" + openerText(s, opener) + "'", opener, closer, false);
        }
        return null;
    }

    /** The last opening bracket among the rule's own tokens that no closing one follows. */
    private static Token unclosedOpener(ParserRuleContext c) {
        Token open = null;
        for (int i = 0; i < c.getChildCount(); i++) {
            ParseTree child = c.getChild(i);
            if (!(child instanceof TerminalNode t)) continue;
            int type = t.getSymbol().getType();
            if (closerOf(type) != 0) open = t.getSymbol();
            else if (open != null && type == closerOf(open.getType())) open = null;
        }
        return open;
    }

    private static int closerOf(int opener) {
        return switch (opener) {
            case NablaLexer.LPAREN -> NablaLexer.RPAREN;
            case NablaLexer.LBRACK -> NablaLexer.RBRACK;
            case NablaLexer.LBRACE -> NablaLexer.RBRACE;
            default -> 0;
        };
    }

    /** {@code tanh(} for a call's parenthesis (the name written right before it), else the bracket alone. */
    private static String openerText(ErrorSite s, Token opener) {
        int i = opener.getTokenIndex();
        if (i > 0) {
            Token before = s.tokens().get(i - 1);
            boolean adjacent = before.getLine() == opener.getLine()
                    && before.getCharPositionInLine() + before.getText().length() == opener.getCharPositionInLine();
            boolean name = before.getType() == NablaLexer.ID || before.getType() == NablaLexer.T_ATTR;
            if (adjacent && name) return before.getText() + opener.getText();
        }
        return opener.getText();
    }

    /**
     * Something after a complete statement on the same line, such as {@code W @ x $ b}: the statement
     * should have ended or gone on with an operator.
     */
    private static Diagnostic statementGoesOn(ErrorSite s) {
        ParserRuleContext c = s.context();
        if (!(c instanceof NablaParser.ModelDeclContext || c instanceof NablaParser.TrainDeclContext) || s.onLaterLine()) {
            return null;
        }
        ParserRuleContext last = null;
        for (int i = 0; i < c.getChildCount(); i++) {
            if (c.getChild(i) instanceof NablaParser.ModelStmtContext m) last = m;
            if (c.getChild(i) instanceof NablaParser.SettingContext st) last = st;
        }
        if (last == null || !sameToken(last.getStop(), s.previous())) return null;
        return statementGoesOn(s, s.found(), last);
    }

    private static Diagnostic statementGoesOn(ErrorSite s, Token found, ParserRuleContext stmt) {
        String[] inAndExpected = continuation(stmt);
        return Diagnostic.error(s.span(found), "unexpected " + describeToken(found) + " in " + inAndExpected[0]
                + "; expected " + inAndExpected[1]);
    }

    /** What a complete statement is (for "in ...") and what could still follow it on its line. */
    private static String[] continuation(ParserRuleContext stmt) {
        String end = "the end of the statement";
        if (stmt instanceof NablaParser.LetStmtContext || stmt instanceof NablaParser.LossStmtContext
                || stmt instanceof NablaParser.OutputStmtContext o && o.expr() != null) {
            return new String[] {"an expression", "an operator (+, -, *, /, @, **) or " + end};
        }
        if (stmt instanceof NablaParser.ParamStmtContext p) {
            return new String[] {"a param statement", p.INIT() == null ? "'init' or " + end : end};
        }
        if (stmt instanceof NablaParser.SettingContext st && st.key != null) {
            return new String[] {"the setting '" + st.key.getText() + "'", "the end of the setting"};
        }
        if (stmt instanceof NablaParser.InputStmtContext) return new String[] {"an input statement", end};
        if (stmt instanceof NablaParser.TargetStmtContext) return new String[] {"a target statement", end};
        if (stmt instanceof NablaParser.OutputStmtContext) return new String[] {"an output statement", end};
        return new String[] {"a statement", end};
    }

    /** The file ends where something else must come (other than a closing bracket: see {@link #unclosed}). */
    private static Diagnostic endOfFile(ErrorSite s) {
        Token prev = s.previous();
        if (!s.atEndOfFile() || prev == null) return null;
        String exp = expectedPhrase(s.expected());
        return Diagnostic.error(s.after(prev), "the file ends after '" + prev.getText() + "'"
                + (exp == null ? "" : "; expected " + exp));
    }

    /** A statement cut short by the end of its line: point after its last token and say what is missing. */
    private static Diagnostic statementEndsEarly(ErrorSite s) {
        Token prev = s.previous();
        if (prev == null || !s.onLaterLine() || !insideStatement(s.context())) return null;
        String exp = expectedPhrase(s.expected());
        return Diagnostic.error(s.after(prev), (exp == null ? "the statement ends too early" : "expected " + exp)
                + " after '" + prev.getText() + "', found " + describeToken(s.found()) + " " + s.whereFound());
    }

    /** Anything else: "unexpected X in Y; expected Z" at the token found. */
    private static Diagnostic unexpected(ErrorSite s) {
        StringBuilder sb = new StringBuilder("unexpected ").append(describeToken(s.found()));
        String context = contextPhrase(s.context());
        if (context != null) sb.append(" in ").append(context);
        String exp = expectedPhrase(s.expected());
        if (exp != null) sb.append("; expected ").append(exp);
        return Diagnostic.error(s.span(s.found()), sb.toString());
    }

    // ------------------------------------------------------------------ words for tokens and rules

    /** A token as the user would call it: "name 'x'", "number 10", "keyword 'loss'", "'='", "the end of the file". */
    static String describeToken(Token t) {
        if (t.getType() == Token.EOF) return "the end of the file";
        String text = t.getText();
        if (text.length() > 60) text = text.substring(0, 57) + "..."; // a message quotes a token, not a page
        return switch (t.getType()) {
            case NablaLexer.ID -> "name '" + text + "'";
            case NablaLexer.NUMBER -> "number " + text;
            case NablaLexer.STRING, NablaLexer.BAD_ESCAPE_STRING -> "string " + text;
            case NablaLexer.UNTERMINATED_STRING -> "unterminated string " + text;
            case NablaLexer.UNKNOWN_CHAR -> "character '" + text + "'";
            default -> isKeyword(t.getType()) ? "keyword '" + text + "'" : "'" + text + "'";
        };
    }

    private static boolean isKeyword(int type) {
        return type == NablaLexer.MODEL || type == NablaLexer.TRAIN || type == NablaLexer.INPUT
                || type == NablaLexer.TARGET || type == NablaLexer.PARAM || type == NablaLexer.OUTPUT
                || type == NablaLexer.LOSS || type == NablaLexer.INIT;
    }

    private static boolean isBlockOrFile(ParserRuleContext c) {
        return c instanceof NablaParser.ModelDeclContext || c instanceof NablaParser.TrainDeclContext
                || c instanceof NablaParser.FileContext;
    }

    private static <T extends ParserRuleContext> T enclosing(ParserRuleContext ctx, Class<T> type) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            if (type.isInstance(c)) return type.cast(c);
        }
        return null;
    }

    private static boolean insideStatement(ParserRuleContext ctx) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            if (c instanceof NablaParser.ModelStmtContext || c instanceof NablaParser.SettingContext) return true;
        }
        return false;
    }

    private static String contextPhrase(ParserRuleContext ctx) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            switch (c.getRuleIndex()) {
                case NablaParser.RULE_shape: return "a shape";
                case NablaParser.RULE_initSpec: return "an initializer";
                case NablaParser.RULE_expr: case NablaParser.RULE_arg: return "an expression";
                case NablaParser.RULE_setting: case NablaParser.RULE_value: case NablaParser.RULE_namedValue:
                    return "a train setting";
                case NablaParser.RULE_modelStmt: return "a model statement";
                case NablaParser.RULE_modelDecl: return "a model block";
                case NablaParser.RULE_trainDecl: return "a train block";
                default: break;
            }
        }
        return null;
    }

    private static final int[] OPERATORS = {NablaLexer.PLUS, NablaLexer.MINUS, NablaLexer.STAR, NablaLexer.SLASH,
            NablaLexer.AT, NablaLexer.POW};

    /** The expected token types in words ("an expression", "a name", "')'"), or null when there are none. */
    static String expectedPhrase(IntervalSet expected) {
        if (expected == null || expected.isNil()) return null;
        List<String> words = new ArrayList<>();
        boolean name = expected.contains(NablaLexer.ID);
        boolean stmtStart = expected.contains(NablaLexer.INPUT) && expected.contains(NablaLexer.PARAM);
        boolean exprStart = name && expected.contains(NablaLexer.NUMBER) && expected.contains(NablaLexer.LPAREN);
        boolean operator = true;
        for (int op : OPERATORS) operator &= expected.contains(op);
        if (stmtStart) {
            words.add("a statement (input, target, param, output, loss, or name = expression)");
        } else if (exprStart) {
            words.add("an expression");
        }
        if (operator) words.add("an operator");
        for (int type : expected.toList()) {
            if (stmtStart && (type == NablaLexer.INPUT || type == NablaLexer.TARGET || type == NablaLexer.PARAM
                    || type == NablaLexer.OUTPUT || type == NablaLexer.LOSS || type == NablaLexer.ID
                    || type == NablaLexer.T_ATTR)) continue;
            if (exprStart && (type == NablaLexer.ID || type == NablaLexer.NUMBER || type == NablaLexer.LPAREN
                    || type == NablaLexer.MINUS || type == NablaLexer.T_ATTR)) continue;
            if (operator && (type == NablaLexer.DOT || contains(OPERATORS, type))) continue;
            if (type == NablaLexer.T_ATTR && name) continue;
            if (type == NablaLexer.MINUS && expected.contains(NablaLexer.NUMBER)) continue; // part of a negative number
            String w = expectedWord(type);
            if (w != null && !words.contains(w)) words.add(w);
        }
        if (words.isEmpty()) return null;
        if (words.size() > 6) {
            words = new ArrayList<>(words.subList(0, 6));
            words.add("...");
        }
        if (words.size() == 1) return words.get(0);
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    private static boolean contains(int[] types, int type) {
        for (int t : types) if (t == type) return true;
        return false;
    }

    private static String expectedWord(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case NablaLexer.ID, NablaLexer.T_ATTR -> "a name";
            case NablaLexer.NUMBER -> "a number";
            case NablaLexer.STRING -> "a string";
            case NablaLexer.MODEL, NablaLexer.TRAIN, NablaLexer.INPUT, NablaLexer.TARGET, NablaLexer.PARAM,
                 NablaLexer.OUTPUT, NablaLexer.LOSS, NablaLexer.INIT, NablaLexer.LBRACE, NablaLexer.RBRACE,
                 NablaLexer.LPAREN, NablaLexer.RPAREN, NablaLexer.LBRACK, NablaLexer.RBRACK, NablaLexer.COMMA,
                 NablaLexer.COLON, NablaLexer.ASSIGN, NablaLexer.DOT, NablaLexer.POW, NablaLexer.STAR,
                 NablaLexer.SLASH, NablaLexer.AT, NablaLexer.PLUS, NablaLexer.MINUS -> literal(type);
            default -> null; // tokens no rule takes: unknown characters, malformed strings
        };
    }

    /** A fixed token as written, in quotes: {@code '}'}. */
    private static String literal(int type) {
        return NablaLexer.VOCABULARY.getLiteralName(type);
    }

    // ------------------------------------------------------------------ helpers

    private static Span span(ErrorSite s, ParserRuleContext ctx) {
        return s.span(ctx.getStart(), ctx.getStop() == null ? ctx.getStart() : ctx.getStop());
    }

    private static boolean sameToken(Token a, Token b) {
        return a != null && b != null && a.getTokenIndex() == b.getTokenIndex();
    }
}
