package dev.nabla.runtime.train;

import dev.nabla.runtime.TrainableModel;

/**
 * Accumulates the loss and the metrics of a pass over examples: accuracy for class targets (the
 * arg-max of the model's first output against the class), MAE and RMSE for real targets (the first
 * output against the target).
 */
final class Metrics {
    private final float[] row;
    private double lossSum;
    private long count;
    private long correct;
    private double absSum;
    private double sqSum;
    private long values;

    Metrics(TrainableModel model) {
        int outputs = model.signature().outputs().size();
        row = outputs == 0 ? null : new float[model.signature().outputs().get(0).size()];
    }

    boolean hasOutputs() { return row != null; }

    void addLoss(double meanLoss, int n) {
        lossSum += meanLoss * n;
        count += n;
    }

    /** Compares the first output of the staged rows with their targets. */
    void addOutputs(TrainableModel model, Examples data, int[] order, int from, int n) {
        if (row == null) return;
        for (int i = 0; i < n; i++) {
            int e = order == null ? from + i : order[from + i];
            model.getOutput(0, i, row);
            if (data.hasClasses()) {
                int best = 0;
                for (int j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
                if (best == data.classes()[e]) correct++;
            } else if (data.hasTargets() && data.targets()[e].length == row.length) {
                float[] t = data.targets()[e];
                for (int j = 0; j < row.length; j++) {
                    double d = row[j] - t[j];
                    absSum += Math.abs(d);
                    sqSum += d * d;
                }
                values += row.length;
            }
        }
    }

    /** Writes {@code loss}, {@code accuracy} or {@code mae}/{@code rmse} with a prefix such as {@code val_}. */
    void into(java.util.Map<String, Double> out, String prefix, Examples data) {
        out.put(prefix + "loss", count == 0 ? Double.NaN : lossSum / count);
        if (row == null) return;
        if (data.hasClasses()) {
            out.put(prefix + "accuracy", count == 0 ? Double.NaN : (double) correct / count);
        } else if (values > 0) {
            out.put(prefix + "mae", absSum / values);
            out.put(prefix + "rmse", Math.sqrt(sqSum / values));
        }
    }
}
