package dev.nabla.compiler;

import dev.nabla.compiler.diag.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A model that cannot be compiled, with every diagnostic found. The message is what a user should see:
 * one formatted diagnostic after another, never a stack trace or a parser's internal wording.
 */
public class NablaException extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    public NablaException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::format)
                .collect(Collectors.joining("\n")), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public NablaException(String message) {
        super(message, null, false, false);
        this.diagnostics = List.of();
    }

    /** An internal failure, with its cause kept for bug reports. */
    public NablaException(String message, Throwable cause) {
        super(message, cause, false, true);
        this.diagnostics = List.of();
    }

    public List<Diagnostic> diagnostics() { return diagnostics; }

    public List<Diagnostic> errors() { return diagnostics.stream().filter(Diagnostic::isError).toList(); }
}
