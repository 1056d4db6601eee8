package dev.nabla.compiler.parse;

import dev.nabla.compiler.diag.SourceFile;
import java.util.List;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Error recovery for a language of one statement per line: after a syntax error the rest of the line
 * is unreliable, so the parser skips to the next line that can go on (a statement, a setting, a
 * closing brace, the next block) and reports nothing until it matches a token there. It never deletes
 * a token to go on, and supplies a missing token only where a line ends (a closing ')' or '}'), so one
 * mistake gives one error and the following lines are still checked. Every error is worded by
 * {@link SyntaxErrors}.
 */
final class LineRecovery extends DefaultErrorStrategy {
    private final SourceFile file;
    private final List<Token> tokens;
    private final SyntaxReporter reporter;

    LineRecovery(SourceFile file, List<Token> tokens, SyntaxReporter reporter) {
        this.file = file;
        this.tokens = tokens;
        this.reporter = reporter;
    }

    // ------------------------------------------------------------------ reporting

    @Override
    public void reportError(Parser p, RecognitionException e) {
        if (inErrorRecoveryMode(p)) return;
        beginErrorCondition(p);
        ParserRuleContext ctx = e.getCtx() instanceof ParserRuleContext c ? c : p.getContext();
        Token found = e.getOffendingToken() != null ? e.getOffendingToken() : p.getCurrentToken();
        report(found, e.getExpectedTokens(), ctx);
    }

    @Override
    protected void reportUnwantedToken(Parser p) {
        reportAtCurrentToken(p);
    }

    @Override
    protected void reportMissingToken(Parser p) {
        reportAtCurrentToken(p);
    }

    private void reportAtCurrentToken(Parser p) {
        if (inErrorRecoveryMode(p)) return;
        beginErrorCondition(p);
        report(p.getCurrentToken(), p.getExpectedTokens(), p.getContext());
    }

    private void report(Token found, IntervalSet expected, ParserRuleContext ctx) {
        IntervalSet set = expected == null ? new IntervalSet() : expected;
        reporter.report(SyntaxErrors.describe(new ErrorSite(file, tokens, found, set, ctx)));
    }

    // ------------------------------------------------------------------ recovery

    /**
     * In a loop (statements of a block, arguments of a call, dimensions of a shape) a token that can
     * neither go on with the loop nor end it is reported, and the parser resumes on the next line; the
     * loop goes on rather than the whole block being abandoned.
     */
    @Override
    public void sync(Parser p) throws RecognitionException {
        if (inErrorRecoveryMode(p)) return;
        ATNState s = p.getInterpreter().atn.states.get(p.getState());
        IntervalSet next = p.getATN().nextTokens(s);
        int la = p.getInputStream().LA(1);
        boolean loop = s.getStateType() == ATNState.STAR_LOOP_ENTRY || s.getStateType() == ATNState.STAR_LOOP_BACK
                || s.getStateType() == ATNState.PLUS_LOOP_BACK;
        if (loop && !next.contains(la) && !next.contains(Token.EPSILON)) {
            reportUnwantedToken(p);
            consumeUntil(p, p.getExpectedTokens().or(getErrorRecoverySet(p)));
            return;
        }
        super.sync(p);
    }

    /** Never drop a token to go on: the token after it is as unreliable. */
    @Override
    protected Token singleTokenDeletion(Parser p) {
        return null;
    }

    /** Supply a missing token only where its line has ended (the missing ')' of a line, the '}' at the end). */
    @Override
    protected boolean singleTokenInsertion(Parser p) {
        return startsLine(p.getInputStream()) && super.singleTokenInsertion(p);
    }

    /** Skips to the first token of a later line that is in {@code set} (or to the end of the file). */
    @Override
    protected void consumeUntil(Parser p, IntervalSet set) {
        TokenStream in = p.getInputStream();
        while (in.LA(1) != Token.EOF && !(startsLine(in) && set.contains(in.LA(1)))) p.consume();
    }

    /** The next token is the first on its line, or the end of the file. */
    private static boolean startsLine(TokenStream in) {
        Token prev = in.LT(-1);
        return in.LA(1) == Token.EOF || prev == null || in.LT(1).getLine() > prev.getLine();
    }
}
