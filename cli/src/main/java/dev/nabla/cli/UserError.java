package dev.nabla.cli;

/** A mistake in the command line, a file or data, reported as {@code nabla: message} with exit code 1. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message, null, false, false);
    }
}
