package dev.nabla.compiler;

/**
 * A failure inside the compiler, not in the user's model (for example generated Java that Janino rejects).
 * Commands report it as an internal error (exit code 2) and ask for a bug report.
 */
public final class InternalCompilerError extends NablaException {
    public InternalCompilerError(String message) {
        super(message);
    }

    public InternalCompilerError(String message, Throwable cause) {
        super(message, cause);
    }
}
