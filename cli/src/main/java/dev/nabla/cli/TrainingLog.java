package dev.nabla.cli;

import dev.nabla.cli.report.EpochProgress;
import dev.nabla.runtime.train.History;
import dev.nabla.runtime.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Prints training progress: a progress bar while an epoch runs (on a terminal), then one Keras-style
 * line per epoch ({@code Epoch 3/200 - 0.02s - loss: 0.4123 - accuracy: 0.8500 - val_loss: ...}); or
 * one JSON object per line for scripts; or nothing.
 */
final class TrainingLog implements TrainingListener {
    enum Format { TEXT, JSON, QUIET }

    private final Format format;
    private final PrintWriter out;
    private final boolean progressBars;
    private EpochProgress bar = EpochProgress.disabled();
    private double runningLoss;
    private int seen;

    TrainingLog(Format format, PrintWriter out, boolean progressBars) {
        this.format = format;
        this.out = out;
        this.progressBars = progressBars && format == Format.TEXT;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int steps) {
        runningLoss = 0;
        seen = 0;
        if (progressBars) bar = EpochProgress.start(true, epoch, epochs, steps);
    }

    @Override
    public void stepFinished(int epoch, int step, double loss) {
        runningLoss += loss;
        seen++;
        bar.step(runningLoss / seen);
    }

    @Override
    public void epochFinished(History.Epoch e, int epochs) {
        bar.close();
        bar = EpochProgress.disabled();
        if (format == Format.TEXT) {
            StringBuilder sb = new StringBuilder();
            int width = Integer.toString(epochs).length();
            sb.append(String.format(Locale.ROOT, "Epoch %" + width + "d/%d - %.2fs", e.epoch(), epochs, e.seconds()));
            for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
                if (m.getKey().equals("lr")) continue;
                sb.append(" - ").append(m.getKey()).append(": ").append(format(m.getValue()));
            }
            out.println(sb);
        } else if (format == Format.JSON) {
            StringBuilder sb = new StringBuilder("{\"event\":\"epoch\",\"epoch\":").append(e.epoch())
                    .append(",\"epochs\":").append(epochs)
                    .append(String.format(Locale.ROOT, ",\"seconds\":%.6f", e.seconds()));
            for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
                sb.append(",\"").append(m.getKey()).append("\":").append(json(m.getValue()));
            }
            out.println(sb.append('}'));
        }
        out.flush();
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

    static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }
}
