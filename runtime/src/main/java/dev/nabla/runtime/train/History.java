package dev.nabla.runtime.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What happened during training, one record per epoch. Metric names follow Keras: {@code loss},
 * {@code accuracy}, {@code mae}, {@code rmse}, and the same with {@code val_} for the validation split;
 * {@code lr} is the learning rate at the end of the epoch.
 */
public final class History {
    /** One epoch: its number (from 1), its metrics in insertion order, and its wall time in seconds. */
    public record Epoch(int epoch, Map<String, Double> metrics, double seconds) {
        public Epoch {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /** A metric's value, or NaN when this epoch did not record it. */
        public double get(String name) {
            Double v = metrics.get(name);
            return v == null ? Double.NaN : v;
        }
    }

    private final List<Epoch> epochs = new ArrayList<>();

    public void add(Epoch e) { epochs.add(e); }

    public List<Epoch> epochs() { return Collections.unmodifiableList(epochs); }

    public boolean isEmpty() { return epochs.isEmpty(); }

    public Epoch last() { return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1); }

    /** Every metric name recorded in any epoch, in first-seen order. */
    public Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Epoch e : epochs) names.addAll(e.metrics().keySet());
        return names;
    }

    /** One metric over the epochs (NaN where missing). */
    public double[] series(String metric) {
        double[] s = new double[epochs.size()];
        for (int i = 0; i < s.length; i++) s[i] = epochs.get(i).get(metric);
        return s;
    }
}
