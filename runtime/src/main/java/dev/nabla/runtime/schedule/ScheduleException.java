package dev.nabla.runtime.schedule;

/** An error in a schedule spec whose message already says which schedule it is about. */
final class ScheduleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ScheduleException(String message) {
        super(message);
    }
}
