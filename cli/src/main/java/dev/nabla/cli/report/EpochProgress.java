package dev.nabla.cli.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over the steps (mini-batches) of one epoch, with the elapsed time, the ETA and the running
 * loss, drawn in ASCII on standard error:
 *
 * <pre>
 * Epoch 3/200  42% [=========&gt;            ] 420/1000 (0:00:02 / 0:00:03) loss 0.3127
 * </pre>
 *
 * <p>Whether a bar is drawn at all is the caller's decision, made explicit through the {@code enabled}
 * argument of {@link #start(boolean, int, int, long)}; {@link #shouldShow(boolean, boolean)} gives the usual
 * answer (not quiet, not logging JSON, and standard error is a terminal). A disabled instance accepts every
 * call and prints nothing, so a training loop can use it unconditionally:
 *
 * <pre>{@code
 * boolean show = EpochProgress.shouldShow(quiet, jsonLog);
 * try (EpochProgress bar = EpochProgress.start(show, epoch, epochs, steps)) {
 *     for (...) { ...; bar.step(runningLoss); }
 * }
 * }</pre>
 *
 * <p>The bar is redrawn from a background thread a few times a second; {@link #step(double)} only records
 * the progress, so it is cheap enough to call on every mini-batch.
 */
public final class EpochProgress implements AutoCloseable {
    /** How often the bar is redrawn, in milliseconds. */
    static final int UPDATE_INTERVAL_MILLIS = 200;
    /** Width of the bar line when no terminal width is known. */
    public static final int DEFAULT_WIDTH = 100;

    private static final EpochProgress DISABLED = new EpochProgress(null);

    private final ProgressBar bar;
    private boolean closed;

    private EpochProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * Whether a progress bar belongs on standard error: not in quiet mode, not when the log is JSON, and only
     * when the JVM runs attached to a terminal ({@code System.console() != null}), so that redirected logs
     * and CI output stay free of carriage returns.
     */
    public static boolean shouldShow(boolean quiet, boolean jsonLog) {
        return !quiet && !jsonLog && System.console() != null;
    }

    /** A progress bar that draws nothing. */
    public static EpochProgress disabled() {
        return DISABLED;
    }

    /**
     * Starts the bar of one epoch on standard error, as wide as the terminal; a no-op when not
     * {@code enabled}.
     *
     * @param enabled whether to draw anything; see {@link #shouldShow(boolean, boolean)}
     * @param epoch   the epoch, from 1
     * @param epochs  the number of epochs of the run
     * @param steps   the number of steps in this epoch
     */
    public static EpochProgress start(boolean enabled, int epoch, int epochs, long steps) {
        return start(enabled, epoch, epochs, steps, System.err, 0);
    }

    /**
     * Starts the bar of one epoch on {@code out}; a no-op when not {@code enabled}.
     *
     * @param enabled whether to draw anything; see {@link #shouldShow(boolean, boolean)}
     * @param epoch   the epoch, from 1
     * @param epochs  the number of epochs of the run
     * @param steps   the number of steps in this epoch
     * @param out     where to draw, normally {@code System.err}
     * @param width   the line width in characters, or 0 to ask the terminal (falling back to
     *                {@value #DEFAULT_WIDTH})
     * @throws IllegalArgumentException when the epoch is out of {@code 1..epochs}, or steps or width negative
     */
    public static EpochProgress start(boolean enabled, int epoch, int epochs, long steps, PrintStream out, int width) {
        if (epochs < 1 || epoch < 1 || epoch > epochs) {
            throw new IllegalArgumentException("epoch " + epoch + " is not in 1.." + epochs);
        }
        if (steps < 0) throw new IllegalArgumentException("steps must not be negative, got " + steps);
        if (width < 0) throw new IllegalArgumentException("width must not be negative, got " + width);
        Objects.requireNonNull(out, "out");
        if (!enabled) return DISABLED;
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(taskName(epoch, epochs))
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(UPDATE_INTERVAL_MILLIS)
                // our own consumer: it prints to the stream given (the library's default bypasses System.err)
                // and, with width 0, asks the terminal for its width
                .setConsumer(new ConsoleProgressBarConsumer(out, width == 0 ? -1 : width))
                .build();
        return new EpochProgress(bar);
    }

    /** The bar's label: {@code Epoch 3/200}. */
    public static String taskName(int epoch, int epochs) {
        return "Epoch " + epoch + "/" + epochs;
    }

    /** Whether this bar draws anything. */
    public boolean isEnabled() {
        return bar != null;
    }

    /** Advances by one step. */
    public void step() {
        if (bar != null && !closed) bar.step();
    }

    /** Advances by one step and shows {@code runningLoss}, the mean loss of the epoch so far. */
    public void step(double runningLoss) {
        if (bar != null && !closed) {
            bar.setExtraMessage(lossMessage(runningLoss));
            bar.step();
        }
    }

    /** Moves to {@code done} steps and shows {@code runningLoss}. */
    public void stepTo(long done, double runningLoss) {
        if (bar != null && !closed) {
            bar.setExtraMessage(lossMessage(runningLoss));
            bar.stepTo(done);
        }
    }

    /** Steps done so far (0 when disabled). */
    public long current() {
        return bar == null ? 0 : bar.getCurrent();
    }

    /** The extra message shown for a running loss: {@code loss 0.3127}. */
    static String lossMessage(double runningLoss) {
        return "loss " + (Double.isNaN(runningLoss) ? "nan" : String.format(Locale.ROOT, "%.4f", runningLoss));
    }

    /** Draws the bar a last time and ends its line. Closing twice, or a disabled bar, does nothing. */
    @Override
    public void close() {
        if (bar != null && !closed) {
            closed = true;
            bar.close();
        }
    }
}
