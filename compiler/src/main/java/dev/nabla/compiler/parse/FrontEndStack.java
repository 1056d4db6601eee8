package dev.nabla.compiler.parse;

import java.util.function.Supplier;

/**
 * Runs a step of the front end (parsing, checking) on a thread of its own with a stack of known size, so
 * that what the compiler accepts does not depend on the stack of the thread that calls it (an application
 * thread pool, a build tool's worker, a JVM started with a small {@code -Xss}). The front end recurses
 * into nested expressions, which are at most {@link ModelParser#MAX_NESTING} levels deep; this stack holds
 * that depth with a wide margin whether the code runs interpreted or compiled.
 *
 * <p>The caller waits for the result, so the step sees everything the caller did before and the caller
 * sees everything the step did. If no thread can be started, the step runs on the caller's thread.
 */
public final class FrontEndStack {
    /**
     * The stack size of the front end's thread: 16 MiB of address space, of which the deepest model the
     * limits allow uses a small part even interpreted ({@code -Xint}).
     */
    public static final long STACK_BYTES = 16L << 20;

    private FrontEndStack() {}

    /** The result of {@code step}, computed on a thread with a {@link #STACK_BYTES} stack. */
    public static <T> T call(Supplier<T> step) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = step.get();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "nabla-front-end", STACK_BYTES);
        t.setDaemon(true);
        try {
            t.start();
        } catch (OutOfMemoryError | SecurityException | UnsupportedOperationException e) {
            return step.get(); // no thread to be had: the caller's stack will have to do
        }
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the step is short; finish it and keep the interrupt for the caller
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure[0] instanceof RuntimeException r) throw r;
        if (failure[0] instanceof Error err) throw err;
        if (failure[0] != null) throw new IllegalStateException(failure[0]);
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }
}
