package dev.nabla.cli.report;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleFunction;
import java.util.function.LongSupplier;

/**
 * The live line of one training epoch on a terminal, as Keras draws it: redrawn in place while the epoch
 * runs, then replaced by the epoch's result line, so that every epoch ends as exactly one line.
 *
 * <pre>
 * Epoch  3/200  420/1000 [======&gt;.........] - ETA 2s - loss 0.3127
 * Epoch  3/200 - 0.42s - loss: 0.3101 - accuracy: 0.9133 - val_loss: 0.2977 - val_accuracy: 0.9250
 * </pre>
 *
 * <p>The line is drawn on the stream of the result lines (standard output), by the thread that trains,
 * between two steps: there is no drawing thread, so the live line and the result lines can never
 * interleave or come out of order. A redraw happens at most every {@value #REDRAW_MILLIS} ms, so calling
 * {@link #step} on every mini-batch costs next to nothing. The running loss shown is the mean of the step
 * losses weighted by their batch sizes, the way the trainer computes the epoch's loss, so the last frame
 * and the result line agree.
 *
 * <p>Whether to draw at all is {@link #shouldShow(boolean, boolean)}: not quiet, not JSON, and standard
 * output a terminal (redirected logs never get carriage returns).
 */
public final class EpochProgress {
    /** The shortest time between two redraws, in milliseconds. */
    public static final int REDRAW_MILLIS = 100;
    /** Width of the bar between the brackets: the live line stays within 80 columns (a wrapped line cannot be redrawn). */
    static final int BAR_WIDTH = 16;

    private final PrintWriter out;
    private final LongSupplier nanoClock;
    private final DoubleFunction<String> lossFormat;
    private final String label;
    private final int steps;
    private final long start;
    private long lastDraw;
    /** Length of the line drawn last: a shorter one is padded with spaces to cover it (no terminal codes needed). */
    private int lastLength;

    private EpochProgress(PrintWriter out, LongSupplier nanoClock, DoubleFunction<String> lossFormat, String label, int steps) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.lossFormat = lossFormat;
        this.label = label;
        this.steps = steps;
        this.start = nanoClock.getAsLong();
    }

    /**
     * Whether a live line belongs on standard output: not in quiet mode, not when the log is JSON, standard
     * output is a terminal, and the terminal is not a dumb one ({@code TERM=dumb}).
     */
    public static boolean shouldShow(boolean quiet, boolean jsonLog) {
        return !quiet && !jsonLog && isInteractiveTerminal() && !"dumb".equals(System.getenv("TERM"));
    }

    /**
     * Whether standard input and output are a terminal. Java 17 has a console only then; from Java 22 on there
     * is always one, and {@code Console.isTerminal()} tells.
     */
    static boolean isInteractiveTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before Java 22: a console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * Starts the live line of one epoch and draws its first frame ({@code 0/steps}).
     *
     * @param out       where to draw: the stream of the result lines
     * @param epoch     the epoch, from 1
     * @param epochs    the number of epochs of the run
     * @param steps     the number of steps (mini-batches) in this epoch
     * @param nanoClock the clock, in nanoseconds ({@code System::nanoTime})
     * @param lossFormat how the loss is written: as in the result lines
     * @throws IllegalArgumentException when the epoch is out of {@code 1..epochs} or steps is negative
     */
    public static EpochProgress start(PrintWriter out, int epoch, int epochs, int steps, LongSupplier nanoClock,
                                      DoubleFunction<String> lossFormat) {
        if (epochs < 1 || epoch < 1 || epoch > epochs) {
            throw new IllegalArgumentException("epoch " + epoch + " is not in 1.." + epochs);
        }
        if (steps < 0) throw new IllegalArgumentException("steps must not be negative, got " + steps);
        EpochProgress p = new EpochProgress(Objects.requireNonNull(out, "out"), Objects.requireNonNull(nanoClock, "nanoClock"),
                Objects.requireNonNull(lossFormat, "lossFormat"), label(epoch, epochs), steps);
        p.draw(0, Double.NaN);
        return p;
    }

    /** {@code Epoch  3/200}: the epoch right-aligned to the width of the count, as in the result lines. */
    public static String label(int epoch, int epochs) {
        int width = Integer.toString(epochs).length();
        return String.format(Locale.ROOT, "Epoch %" + width + "d/%d", epoch, epochs);
    }

    /**
     * Records that {@code done} steps are finished with this running loss, and redraws the line when the
     * last redraw is at least {@value #REDRAW_MILLIS} ms old.
     */
    public void step(int done, double runningLoss) {
        long now = nanoClock.getAsLong();
        if (now - lastDraw >= REDRAW_MILLIS * 1_000_000L) draw(done, runningLoss);
    }

    /** Replaces the live line by the epoch's result line, and ends the line. */
    public void finish(String resultLine) {
        out.print("\r" + covering(resultLine) + "\n");
        out.flush();
    }

    private void draw(int done, double runningLoss) {
        lastDraw = nanoClock.getAsLong();
        out.print("\r" + covering(frame(label, done, steps, lastDraw - start, Double.isNaN(runningLoss) && done == 0 ? null
                : lossFormat.apply(runningLoss))));
        out.flush();
    }

    /** The line, padded with spaces over what is left of the longer line drawn before it. */
    private String covering(String line) {
        String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
        lastLength = line.length();
        return padded;
    }

    /**
     * One frame of the live line: {@code Epoch 3/200  420/1000 [======>.........] - ETA 2s - loss 0.3127}; the
     * ETA once a step is done, the loss once it is known (null before).
     */
    static String frame(String label, int done, int steps, long elapsedNanos, String loss) {
        int width = Integer.toString(steps).length();
        StringBuilder sb = new StringBuilder(label).append(' ')
                .append(String.format(Locale.ROOT, "%" + width + "d/%d", done, steps)).append(" [");
        int filled = steps == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / steps);
        if (filled >= BAR_WIDTH) {
            sb.append("=".repeat(BAR_WIDTH));
        } else {
            sb.append("=".repeat(filled)).append(done > 0 ? ">" : ".").append(".".repeat(BAR_WIDTH - filled - 1));
        }
        sb.append(']');
        if (done > 0 && done < steps) {
            double eta = elapsedNanos / 1e9 / done * (steps - done);
            sb.append(" - ETA ").append(duration(eta));
        }
        if (loss != null) sb.append(" - loss ").append(loss);
        return sb.toString();
    }

    /** {@code 7s}, {@code 1:05}, {@code 2:03:07}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
