package dev.nabla.cli;

import dev.nabla.compiler.diag.Diagnostic;

/**
 * A mistake in the command line, a file or data, reported with exit code 1: as {@code nabla: message}, or,
 * for a mistake that a model file's line explains, as a located diagnostic ({@code file:line:col: error:
 * ...} with the source line).
 */
public final class UserError extends RuntimeException {
    private final boolean located;

    public UserError(String message) {
        this(message, false);
    }

    private UserError(String message, boolean located) {
        super(message, null, false, false);
        this.located = located;
    }

    /** An error at a place in a model file, printed as the diagnostic formats it. */
    static UserError at(Diagnostic diagnostic) {
        return new UserError(diagnostic.format(), true);
    }

    /** The text to print on standard error. */
    String report() {
        return located ? getMessage() : "nabla: " + getMessage();
    }
}
