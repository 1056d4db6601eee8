package dev.nabla.compiler.parse;

import dev.nabla.compiler.ast.ModelFile;
import dev.nabla.compiler.diag.Diagnostics;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.grammar.NablaLexer;
import dev.nabla.grammar.NablaParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/** The parse stage: model text to an immutable AST, or diagnostics. */
public final class ModelParser {
    private ModelParser() {}

    /**
     * Parses a model file. Syntax errors are reported into {@code diagnostics} (several per run where
     * recovery allows); the result is null when there were any.
     */
    public static ModelFile parse(SourceFile source, Diagnostics diagnostics) {
        int before = diagnostics.errorCount();
        SyntaxReporter reporter = new SyntaxReporter(source, diagnostics);
        NablaLexer lexer = new NablaLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(reporter);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill(); // the error messages look at the tokens around an error, ahead of the parser too
        NablaParser parser = new NablaParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(reporter);
        parser.setErrorHandler(new LineRecovery(source, tokens.getTokens(), reporter));
        NablaParser.FileContext tree = parser.file();
        if (diagnostics.errorCount() > before) return null;
        ModelFile file = new AstBuilder(source, diagnostics).file(tree);
        return diagnostics.errorCount() > before ? null : file;
    }
}
