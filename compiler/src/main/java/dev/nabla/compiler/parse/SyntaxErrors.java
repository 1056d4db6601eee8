package dev.nabla.compiler.parse;

import dev.nabla.compiler.diag.Diagnostics;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.diag.Span;
import dev.nabla.grammar.NablaLexer;
import dev.nabla.grammar.NablaParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's recognition errors into diagnostics written for people: what was found, what was
 * expected in words, and where. No ANTLR default wording ("no viable alternative", "extraneous input")
 * reaches the user.
 */
final class SyntaxErrors {
    private SyntaxErrors() {}

    /** Reports lexer and parser errors into the diagnostics, one per position. */
    static final class Listener extends BaseErrorListener {
        private final SourceFile file;
        private final Diagnostics diagnostics;
        private int lastLine = -1;
        private int lastColumn = -1;

        Listener(SourceFile file, Diagnostics diagnostics) {
            this.file = file;
            this.diagnostics = diagnostics;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col,
                                String msg, RecognitionException e) {
            if (line == lastLine && col == lastColumn) return; // one report per position
            lastLine = line;
            lastColumn = col;
            int length = 1;
            if (offendingSymbol instanceof Token t && t.getType() != Token.EOF && t.getText() != null) {
                length = Math.max(1, t.getText().length());
            }
            String message = msg;
            if (recognizer instanceof NablaLexer) {
                message = "unexpected character " + quoteFromLexerMessage(msg);
            }
            diagnostics.error(new Span(file, line, col + 1, length), message);
        }

        private static String quoteFromLexerMessage(String msg) {
            int i = msg.indexOf('\'');
            int j = msg.lastIndexOf('\'');
            return i >= 0 && j > i ? msg.substring(i, j + 1) : "in the input";
        }
    }

    /** Error strategy that words every error itself and recovers so that several errors are found per run. */
    static final class Strategy extends DefaultErrorStrategy {
        @Override
        protected void reportNoViableAlternative(Parser p, NoViableAltException e) {
            report(p, e.getOffendingToken(), e.getExpectedTokens(), e);
        }

        @Override
        protected void reportInputMismatch(Parser p, InputMismatchException e) {
            report(p, e.getOffendingToken(), e.getExpectedTokens(), e);
        }

        @Override
        protected void reportUnwantedToken(Parser p) {
            if (inErrorRecoveryMode(p)) return;
            beginErrorCondition(p);
            Token t = p.getCurrentToken();
            report(p, t, getExpectedTokens(p), null);
        }

        @Override
        protected void reportMissingToken(Parser p) {
            if (inErrorRecoveryMode(p)) return;
            beginErrorCondition(p);
            Token t = p.getCurrentToken();
            report(p, t, getExpectedTokens(p), null);
        }

        @Override
        protected void reportFailedPredicate(Parser p, org.antlr.v4.runtime.FailedPredicateException e) {
            report(p, e.getOffendingToken(), e.getExpectedTokens(), e);
        }

        private void report(Parser p, Token found, IntervalSet expected, RecognitionException e) {
            String message = describe(p, found, expected);
            p.notifyErrorListeners(found, message, e);
        }
    }

    static String describe(Parser p, Token found, IntervalSet expected) {
        String what = found.getType() == NablaLexer.UNKNOWN_CHAR
                ? "unexpected character '" + found.getText() + "'"
                : "unexpected " + tokenDescription(found);
        String context = contextPhrase(p.getContext());
        String exp = expectedPhrase(expected);
        StringBuilder sb = new StringBuilder(what);
        if (context != null) sb.append(" in ").append(context);
        if (exp != null) sb.append("; expected ").append(exp);
        return sb.toString();
    }

    static String tokenDescription(Token t) {
        if (t.getType() == Token.EOF) return "end of file";
        String text = t.getText();
        return switch (t.getType()) {
            case NablaLexer.ID -> "name '" + text + "'";
            case NablaLexer.NUMBER -> "number " + text;
            case NablaLexer.STRING -> "string " + text;
            default -> isKeyword(t.getType()) ? "keyword '" + text + "'" : "'" + text + "'";
        };
    }

    private static boolean isKeyword(int type) {
        return type == NablaLexer.MODEL || type == NablaLexer.TRAIN || type == NablaLexer.INPUT
                || type == NablaLexer.TARGET || type == NablaLexer.PARAM || type == NablaLexer.OUTPUT
                || type == NablaLexer.LOSS || type == NablaLexer.INIT;
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

    static String expectedPhrase(IntervalSet expected) {
        if (expected == null || expected.isNil()) return null;
        List<String> words = new ArrayList<>();
        boolean name = expected.contains(NablaLexer.ID);
        boolean stmtStart = expected.contains(NablaLexer.INPUT) && expected.contains(NablaLexer.PARAM);
        boolean exprStart = name && expected.contains(NablaLexer.NUMBER) && expected.contains(NablaLexer.LPAREN);
        if (stmtStart) {
            words.add("a statement (input, target, param, output, loss, or name = expression)");
        } else if (exprStart) {
            words.add("an expression");
        }
        for (int type : expected.toList()) {
            if (stmtStart && (type == NablaLexer.INPUT || type == NablaLexer.TARGET || type == NablaLexer.PARAM
                    || type == NablaLexer.OUTPUT || type == NablaLexer.LOSS || type == NablaLexer.ID
                    || type == NablaLexer.T_ATTR)) continue;
            if (exprStart && (type == NablaLexer.ID || type == NablaLexer.NUMBER || type == NablaLexer.LPAREN
                    || type == NablaLexer.MINUS || type == NablaLexer.T_ATTR)) continue;
            if (type == NablaLexer.T_ATTR && name) continue;
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

    private static String expectedWord(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case NablaLexer.ID, NablaLexer.T_ATTR -> "a name";
            case NablaLexer.NUMBER -> "a number";
            case NablaLexer.STRING -> "a string";
            case NablaLexer.MODEL -> "'model'";
            case NablaLexer.TRAIN -> "'train'";
            case NablaLexer.INPUT -> "'input'";
            case NablaLexer.TARGET -> "'target'";
            case NablaLexer.PARAM -> "'param'";
            case NablaLexer.OUTPUT -> "'output'";
            case NablaLexer.LOSS -> "'loss'";
            case NablaLexer.INIT -> "'init'";
            case NablaLexer.UNKNOWN_CHAR -> null;
            default -> {
                String lit = NablaLexer.VOCABULARY.getLiteralName(type);
                yield lit != null ? lit : NablaLexer.VOCABULARY.getDisplayName(type);
            }
        };
    }
}
