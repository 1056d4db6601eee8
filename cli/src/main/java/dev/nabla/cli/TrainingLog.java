package dev.nabla.cli;

import dev.nabla.cli.report.EpochProgress;
import dev.nabla.runtime.train.History;
import dev.nabla.runtime.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Prints training progress: one Keras-style line per epoch
 * ({@code Epoch 3/200 - 0.02s - loss: 0.4123 - accuracy: 0.8500 - val_loss: ...}), which on a terminal is
 * first a live line redrawn while the epoch runs ({@link EpochProgress}) and then replaced by the result;
 * or one JSON object per line for scripts; or nothing.
 */
final class TrainingLog implements TrainingListener {
    enum Format { TEXT, JSON, QUIET }

    private final Format format;
    private final PrintWriter out;
    private final boolean live;
    private final int examples;
    private final int batch;
    private EpochProgress line;
    private double lossSum;
    private long lossCount;

    /**
     * @param live     whether to draw the live line of each epoch (see {@link EpochProgress#shouldShow})
     * @param examples the number of training examples, and {@code batch} the batch size: the running loss is
     *                 weighted by the size of each batch, as the trainer weights the epoch's loss
     */
    TrainingLog(Format format, PrintWriter out, boolean live, int examples, int batch) {
        this.format = format;
        this.out = out;
        this.live = live && format == Format.TEXT;
        this.examples = examples;
        this.batch = batch;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int steps) {
        lossSum = 0;
        lossCount = 0;
        if (live) line = EpochProgress.start(out, epoch, epochs, steps, System::nanoTime, TrainingLog::format);
    }

    @Override
    public void stepFinished(int epoch, int step, double loss) {
        int size = Math.min(batch, examples - (step - 1) * batch);
        lossSum += loss * size;
        lossCount += size;
        if (line != null) line.step(step, lossSum / lossCount);
    }

    @Override
    public void epochFinished(History.Epoch e, int epochs) {
        if (format == Format.TEXT) {
            StringBuilder sb = new StringBuilder();
            sb.append(EpochProgress.label(e.epoch(), epochs)).append(String.format(Locale.ROOT, " - %.2fs", e.seconds()));
            for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
                if (m.getKey().equals("lr")) continue;
                sb.append(" - ").append(m.getKey()).append(": ").append(format(m.getValue()));
            }
            if (line != null) line.finish(sb.toString());
            else out.println(sb);
            line = null;
        } else if (format == Format.JSON) {
            StringBuilder sb = new StringBuilder("{\"event\":\"epoch\",\"epoch\":").append(e.epoch())
                    .append(",\"epochs\":").append(epochs)
                    .append(String.format(Locale.ROOT, ",\"seconds\":%.6f", e.seconds()));
            for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
                sb.append(",\"").append(m.getKey()).append("\":").append(json(m.getValue()));
            }
            out.println(sb.append('}'));
        }
        // output that cannot be written (a full disk, a closed pipe) stops the run instead of training unseen
        CheckedOutput.check(out);
    }

    /** The mean loss of the steps of this epoch so far, weighted by batch size (NaN before the first step). */
    double runningLoss() {
        return lossCount == 0 ? Double.NaN : lossSum / lossCount;
    }

    /** Ends a live line left open by an epoch that did not finish (training failed), so messages start on a new line. */
    void endLiveLine() {
        if (line != null) {
            out.println();
            out.flush();
            line = null;
        }
    }

    @Override
    public void stoppedEarly(int epoch, int bestEpoch, String monitor, double best) {
        if (format == Format.TEXT) {
            out.printf(Locale.ROOT, "Early stop at epoch %d: %s has not improved since epoch %d (best %s)%n", epoch, monitor,
                    bestEpoch, format(best));
        } else if (format == Format.JSON) {
            out.printf(Locale.ROOT, "{\"event\":\"early_stop\",\"epoch\":%d,\"best_epoch\":%d,\"monitor\":\"%s\",\"best\":%s}%n",
                    epoch, bestEpoch, monitor, json(best));
        }
        out.flush();
    }

    static String format(double v) {
        if (Double.isNaN(v)) return "nan";
        return String.format(Locale.ROOT, Math.abs(v) >= 1e4 || (v != 0 && Math.abs(v) < 1e-3) ? "%.4e" : "%.4f", v);
    }

    /** A string escaped for the inside of a JSON string literal. */
    static String jsonText(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }
}
