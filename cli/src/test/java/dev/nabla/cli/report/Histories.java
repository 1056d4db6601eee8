package dev.nabla.cli.report;

import dev.nabla.runtime.train.History;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small training histories for the report tests. */
final class Histories {
    private Histories() {}

    /** A classifier run: loss and accuracy on both splits, validation only every third epoch, and lr. */
    static History classifier(int epochs) {
        History h = new History();
        for (int e = 1; e <= epochs; e++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", 2.0 * Math.exp(-e / 8.0));
            m.put("accuracy", 1 - 0.9 * Math.exp(-e / 6.0));
            boolean validated = e % 3 == 0;
            m.put("val_loss", validated ? 2.2 * Math.exp(-e / 9.0) : Double.NaN);
            m.put("val_accuracy", validated ? 1 - 0.95 * Math.exp(-e / 7.0) : Double.NaN);
            m.put("lr", 1e-3);
            h.add(new History.Epoch(e, m, 0.25));
        }
        return h;
    }

    /** A regression run with training metrics only. */
    static History regressionTrainOnly(int epochs) {
        History h = new History();
        for (int e = 1; e <= epochs; e++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", 1.0 / e);
            m.put("mae", 0.5 / e);
            h.add(new History.Epoch(e, m, 0.1));
        }
        return h;
    }

    /** One epoch of one metric pair. */
    static History singleEpoch() {
        History h = new History();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", 0.7);
        m.put("val_loss", 0.8);
        m.put("rmse", 0.3);
        h.add(new History.Epoch(1, m, 1.5));
        return h;
    }
}
