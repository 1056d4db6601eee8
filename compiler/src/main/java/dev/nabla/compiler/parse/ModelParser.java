package dev.nabla.compiler.parse;

import dev.nabla.compiler.ast.ModelFile;
import dev.nabla.compiler.diag.Diagnostics;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.diag.Span;
import dev.nabla.grammar.NablaLexer;
import dev.nabla.grammar.NablaParser;
import java.util.Locale;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/**
 * The parse stage: model text to an immutable AST, or diagnostics.
 *
 * <p>Limits, each reported as an error at its place in the file:
 * <ul>
 *   <li>an expression (or a value of a train block) nests at most {@link #MAX_NESTING} levels deep, where
 *       each operator, function call and pair of parentheses is a level (so a sum of more than
 *       {@value #MAX_NESTING} terms is too deep too): "expression nested too deeply";</li>
 *   <li>a name has at most {@link #MAX_NAME_LENGTH} characters.</li>
 * </ul>
 * The limits are checked before anything recurses that deep, and the parser runs on a stack of known size
 * ({@link FrontEndStack}), so what is accepted does not depend on the caller's thread or on the JIT.
 * A byte-order mark at the start of the text is not part of it ({@link SourceFile} drops it).
 */
public final class ModelParser {
    /** The most levels an expression may nest: operators, calls and parentheses. */
    public static final int MAX_NESTING = 256;
    /** The most characters a name may have. */
    public static final int MAX_NAME_LENGTH = 255;

    private ModelParser() {}

    /**
     * Parses a model file. Syntax errors are reported into {@code diagnostics} (several per run where
     * recovery allows); the result is null when there were any.
     */
    public static ModelFile parse(SourceFile source, Diagnostics diagnostics) {
        return FrontEndStack.call(() -> parseHere(source, diagnostics));
    }

    private static ModelFile parseHere(SourceFile source, Diagnostics diagnostics) {
        int before = diagnostics.errorCount();
        SyntaxReporter reporter = new SyntaxReporter(source, diagnostics);
        NablaLexer lexer = new NablaLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(reporter);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill(); // the error messages look at the tokens around an error, ahead of the parser too
        checkNames(source, tokens, diagnostics);
        if (diagnostics.errorCount() > before) return null;
        Nesting.Guarded parser = new Nesting.Guarded(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(reporter);
        parser.setErrorHandler(new LineRecovery(source, tokens.getTokens(), reporter));
        NablaParser.FileContext tree;
        try {
            tree = parser.file();
        } catch (Nesting.TooDeep e) {
            tooDeep(source, diagnostics, e.at);
            return null;
        } catch (StackOverflowError e) {
            // not expected within the limits on this thread's stack; still a located error, not a crash
            tooDeep(source, diagnostics, parser.getCurrentToken());
            return null;
        }
        if (diagnostics.errorCount() > before) return null;
        Nesting.Deep deep = Nesting.tooDeep(tree);
        if (deep != null) {
            tooDeep(source, diagnostics, deep.at());
            return null;
        }
        ModelFile file = new AstBuilder(source, diagnostics).file(tree);
        return diagnostics.errorCount() > before ? null : file;
    }

    /** Names longer than {@link #MAX_NAME_LENGTH}: Java and class files have limits of their own. */
    private static void checkNames(SourceFile source, CommonTokenStream tokens, Diagnostics diagnostics) {
        for (Token t : tokens.getTokens()) {
            if (t.getType() == NablaLexer.ID && t.getText().length() > MAX_NAME_LENGTH) {
                diagnostics.error(new Span(source, t.getLine(), t.getCharPositionInLine() + 1, MAX_NAME_LENGTH),
                        String.format(Locale.ROOT, "this name is %,d characters long; a name has at most %d characters",
                                t.getText().length(), MAX_NAME_LENGTH));
            }
        }
    }

    private static void tooDeep(SourceFile source, Diagnostics diagnostics, Token at) {
        Span span = at == null || at.getType() == Token.EOF && at.getLine() < 1 ? new Span(source, 1, 1, 1)
                : new Span(source, at.getLine(), at.getCharPositionInLine() + 1, 1);
        diagnostics.error(span, "expression nested too deeply: more than " + MAX_NESTING + " levels of operators, calls "
                + "and parentheses; split it into named values (a long sum counts one level per term)");
    }
}
