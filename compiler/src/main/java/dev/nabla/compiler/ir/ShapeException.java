package dev.nabla.compiler.ir;

/** Thrown by an op's shape rule; the checker turns it into a diagnostic at the expression's span. */
public final class ShapeException extends Exception {
    public ShapeException(String message) {
        super(message, null, false, false);
    }
}
