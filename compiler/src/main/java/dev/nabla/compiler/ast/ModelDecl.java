package dev.nabla.compiler.ast;

import dev.nabla.compiler.diag.Span;
import java.util.List;

/** A {@code model Name { ... }} block. */
public record ModelDecl(String name, Span nameSpan, List<Stmt> statements, Span span) {
    public ModelDecl {
        statements = List.copyOf(statements);
    }
}
