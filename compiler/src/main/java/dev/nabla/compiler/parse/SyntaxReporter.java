package dev.nabla.compiler.parse;

import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.Diagnostics;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.diag.Span;
import java.util.HashSet;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Passes syntax errors on to the diagnostics, one per position. As an ANTLR error listener it also
 * catches anything ANTLR would report itself (nothing in practice: every character forms a token and
 * {@link LineRecovery} reports every parser error), without ever passing ANTLR's wording on.
 */
final class SyntaxReporter extends BaseErrorListener {
    private final SourceFile file;
    private final Diagnostics diagnostics;
    private final Set<String> positions = new HashSet<>();

    SyntaxReporter(SourceFile file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    void report(Diagnostic d) {
        if (positions.add(d.span().line() + ":" + d.span().column())) diagnostics.report(d);
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col, String msg,
                            RecognitionException e) {
        String what = offendingSymbol instanceof Token t ? SyntaxErrors.describeToken(t) : "character";
        report(Diagnostic.error(new Span(file, line, col + 1, 1), "unexpected " + what));
    }
}
