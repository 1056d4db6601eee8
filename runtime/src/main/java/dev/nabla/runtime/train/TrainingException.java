package dev.nabla.runtime.train;

/** Training that cannot go on (for example a loss that became NaN); the message says where and why. */
public final class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message, null, false, false);
    }
}
