package dev.nabla.compiler.parse;

import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.diag.Span;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Where the parser stopped: the token it found, the tokens it could have taken there, the rule it was
 * in, and the whole token list of the file (for the tokens around the error). {@link SyntaxErrors}
 * words an error from this alone.
 *
 * @param expected the token types the parser could have taken; may be empty, never null
 * @param context  the innermost rule the parser was in (may be null before the first rule)
 */
record ErrorSite(SourceFile file, List<Token> tokens, Token found, IntervalSet expected, ParserRuleContext context) {

    /** The token before the one found, or null at the start of the file. */
    Token previous() {
        int i = found.getTokenIndex() - 1;
        return i >= 0 && i < tokens.size() ? tokens.get(i) : null;
    }

    /** The token after the one found (EOF at the end). */
    Token next() {
        int i = found.getTokenIndex() + 1;
        return i < tokens.size() ? tokens.get(i) : found;
    }

    boolean atEndOfFile() { return found.getType() == Token.EOF; }

    /** The token found starts a line: nothing before it on its line (or it is the end of the file). */
    boolean onLaterLine() {
        Token prev = previous();
        return atEndOfFile() || prev == null || found.getLine() > prev.getLine();
    }

    /** "on the next line" or "on line N", for a token found on a later line than the one before it. */
    String whereFound() {
        Token prev = previous();
        return prev != null && found.getLine() == prev.getLine() + 1 ? "on the next line" : "on line " + found.getLine();
    }

    /** The last token on the line of {@code t} (t itself when it ends its line). */
    Token lastOnLine(Token t) {
        Token last = t;
        for (int i = t.getTokenIndex() + 1; i < tokens.size(); i++) {
            Token u = tokens.get(i);
            if (u.getType() == Token.EOF || u.getLine() != t.getLine()) break;
            last = u;
        }
        return last;
    }

    /** Whether a token of this type follows {@code t} on its line. */
    boolean laterOnLine(Token t, int type) {
        for (int i = t.getTokenIndex() + 1; i < tokens.size(); i++) {
            Token u = tokens.get(i);
            if (u.getType() == Token.EOF || u.getLine() != t.getLine()) return false;
            if (u.getType() == type) return true;
        }
        return false;
    }

    /** The token's own characters. */
    Span span(Token t) {
        if (t.getType() == Token.EOF) return after(previous() != null ? previous() : t);
        return new Span(file, t.getLine(), t.getCharPositionInLine() + 1, Math.max(1, length(t)));
    }

    /** From the start of {@code first} to the end of {@code last}, both on one line. */
    Span span(Token first, Token last) {
        return span(first).to(span(last));
    }

    /** The column just after a token: where something missing belongs. */
    Span after(Token t) {
        if (t.getType() == Token.EOF) return new Span(file, t.getLine(), t.getCharPositionInLine() + 1, 1);
        return new Span(file, t.getLine(), t.getCharPositionInLine() + 1 + length(t), 1);
    }

    /** The source text from the start of {@code first} to the end of {@code last} (one line). */
    String text(Token first, Token last) {
        return span(first, last).text();
    }

    private static int length(Token t) {
        return t.getText() == null ? 1 : t.getText().length();
    }
}
