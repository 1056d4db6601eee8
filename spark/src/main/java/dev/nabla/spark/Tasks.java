package dev.nabla.spark;

import dev.nabla.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * What the executors run on their blocks: the gradient of their rows of a synchronous step, a round of local steps
 * for periodic averaging, and the loss and metrics of validation rows. Every task is a pure function of the block
 * and of what the driver sent, so a task that Spark runs again (after an executor was lost) gives the same bits.
 */
final class Tasks {
    private Tasks() {}

    /** Adds the metrics of the first {@code k} staged rows (rows {@code rows[i]} of the block) to a node. */
    static void addMetrics(GeneratedModel m, Block b, int[] rows, int k, Partial.Node node) {
        if (m.signature().outputs().isEmpty()) return;
        float[] out = new float[m.signature().outputs().get(0).size()];
        for (int i = 0; i < k; i++) {
            m.getOutput(0, i, out);
            int r = rows == null ? i : rows[i];
            if (b.classes != null) {
                int best = 0;
                for (int j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
                if (best == b.classes[r]) node.correct++;
            } else if (b.targets[r].length == out.length) {
                float[] t = b.targets[r];
                for (int j = 0; j < out.length; j++) {
                    double d = out[j] - t[j];
                    node.absErrors += Math.abs(d);
                    node.squaredErrors += d * d;
                }
                node.values += out.length;
            }
        }
    }

    static void stage(GeneratedModel m, Block b, int[] rows, int from, int k) {
        for (int i = 0; i < k; i++) {
            int r = rows[from + i];
            m.setInput(0, i, b.x[r]);
            if (b.classes != null) m.setClassTarget(0, i, b.classes[r]);
            else m.setTarget(0, i, b.targets[r]);
        }
    }

    /** One synchronous step: the gradient of this block's rows of the global batch, weighted by their count. */
    static final class SyncStep implements FlatMapFunction<Iterator<Block>, Partial> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<ModelCode> code;
        private final Broadcast<Shipped> params;
        private final Shipped.Layout layout;
        private final int[] batch;
        private final int parts, batchSize;

        SyncStep(Broadcast<ModelCode> code, Broadcast<Shipped> params, Shipped.Layout layout, int[] batch, int parts, int batchSize) {
            this.code = code;
            this.params = params;
            this.layout = layout;
            this.batch = batch;
            this.parts = parts;
            this.batchSize = batchSize;
        }

        @Override
        public Iterator<Partial> call(Iterator<Block> it) {
            Block b = it.next();
            Partial.Node node = new Partial.Node(b.index, b.index + 1);
            int[] rows = new int[Math.min(batch.length, b.size())];
            int k = 0;
            for (int t : batch) {
                int r = t - b.start;
                if (r >= 0 && r < b.size()) rows[k++] = r;
            }
            if (k > 0) {
                ModelCode c = code.value();
                GeneratedModel m = WorkerModels.borrow(c, Math.min(batchSize, b.size()));
                try {
                    layout.write(params.value(), m);
                    stage(m, b, rows, 0, k);
                    double loss = m.computeGradients(k);
                    if (layout.floats) node.leaf = layout.gradientFloats(m);
                    else {
                        double[] g = layout.gradientDoubles(m);
                        for (int i = 0; i < g.length; i++) g[i] *= k;
                        node.sum = g;
                    }
                    node.leafWeight = k;
                    node.loss = loss * k;
                    node.rows = k;
                    if (!m.signature().outputs().isEmpty()) {
                        m.forward(k);
                        addMetrics(m, b, rows, k, node);
                    }
                } finally {
                    WorkerModels.release(c, m);
                }
            }
            return List.of(Partial.leaf(parts, node)).iterator();
        }
    }

    /** The loss and metrics of a block's rows (validation), in chunks of the model's capacity. */
    static final class Evaluate implements FlatMapFunction<Iterator<Block>, Partial> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<ModelCode> code;
        private final Broadcast<Shipped> params;
        private final Shipped.Layout layout;
        private final int parts, chunk;

        Evaluate(Broadcast<ModelCode> code, Broadcast<Shipped> params, Shipped.Layout layout, int parts, int chunk) {
            this.code = code;
            this.params = params;
            this.layout = layout;
            this.parts = parts;
            this.chunk = chunk;
        }

        @Override
        public Iterator<Partial> call(Iterator<Block> it) {
            Block b = it.next();
            Partial.Node node = new Partial.Node(b.index, b.index + 1);
            ModelCode c = code.value();
            int capacity = Math.min(chunk, b.size());
            GeneratedModel m = WorkerModels.borrow(c, capacity);
            try {
                layout.write(params.value(), m);
                int[] rows = new int[capacity];
                for (int from = 0; from < b.size(); from += capacity) {
                    int k = Math.min(capacity, b.size() - from);
                    for (int i = 0; i < k; i++) rows[i] = from + i;
                    stage(m, b, rows, 0, k);
                    node.loss += m.evaluate(k) * k;
                    node.rows += k;
                    addMetrics(m, b, rows, k, node);
                }
            } finally {
                WorkerModels.release(c, m);
            }
            return List.of(Partial.leaf(parts, node)).iterator();
        }
    }

    /**
     * A round of periodic averaging: local steps {@code first} to {@code first + lrs.length - 1} of this epoch over the
     * block's own shuffled rows, from the parameters and optimizer state the driver sent; returns them after the
     * steps, weighted by the number of rows this block trained on.
     */
    static final class LocalRound implements FlatMapFunction<Iterator<Block>, Partial> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<ModelCode> code;
        private final Broadcast<Shipped> state;
        private final Shipped.Layout layout;
        private final double[] lrs;
        private final int parts, batchSize, epoch, first;
        private final long seed;
        private final boolean shuffle;

        LocalRound(Broadcast<ModelCode> code, Broadcast<Shipped> state, Shipped.Layout layout, double[] lrs, int parts,
                   int batchSize, int epoch, int first, long seed, boolean shuffle) {
            this.code = code;
            this.state = state;
            this.layout = layout;
            this.lrs = lrs;
            this.parts = parts;
            this.batchSize = batchSize;
            this.epoch = epoch;
            this.first = first;
            this.seed = seed;
            this.shuffle = shuffle;
        }

        @Override
        public Iterator<Partial> call(Iterator<Block> it) {
            Block b = it.next();
            Partial.Node node = new Partial.Node(b.index, b.index + 1);
            int steps = (b.size() + batchSize - 1) / batchSize;
            int last = Math.min(first + lrs.length, steps);
            if (first < last) {
                int[] order = localOrder(b, epoch, seed, shuffle);
                ModelCode c = code.value();
                GeneratedModel m = WorkerModels.borrow(c, Math.min(batchSize, b.size()));
                try {
                    Shipped s = state.value();
                    layout.write(s, m);
                    m.setStepCount(s.step);
                    boolean outputs = !m.signature().outputs().isEmpty();
                    int[] rows = new int[Math.min(batchSize, b.size())];
                    for (int j = first; j < last; j++) {
                        int from = j * batchSize;
                        int k = Math.min(batchSize, b.size() - from);
                        System.arraycopy(order, from, rows, 0, k);
                        m.setLearningRate(lrs[j - first]);
                        stage(m, b, rows, 0, k);
                        double loss = outputs ? m.trainStepWithOutputs(k) : m.trainStep(k);
                        node.loss += loss * k;
                        node.rows += k;
                        if (outputs) addMetrics(m, b, rows, k, node);
                    }
                    double[] v = layout.read(m);
                    if (layout.floats) {
                        float[] f = new float[v.length];
                        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                        node.leaf = f;
                    } else {
                        for (int i = 0; i < v.length; i++) v[i] *= node.rows;
                        node.sum = v;
                    }
                    node.leafWeight = node.rows;
                    node.steps = last - first;
                } finally {
                    WorkerModels.release(c, m);
                }
            }
            return List.of(Partial.leaf(parts, node)).iterator();
        }
    }

    private static final Map<String, int[]> ORDERS = new ConcurrentHashMap<>();

    /** The block's row order in an epoch: a seeded shuffle of its own rows (kept for the epoch's rounds). */
    static int[] localOrder(Block b, int epoch, long seed, boolean shuffle) {
        String key = seed + "/" + shuffle + "/" + b.index + "/" + b.start + "/" + b.size() + "/" + epoch;
        int[] order = ORDERS.get(key);
        if (order != null) return order;
        order = new int[b.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (shuffle) {
            SplittableRandom r = new SplittableRandom((seed * 0x9E3779B97F4A7C15L + epoch) * 0xBF58476D1CE4E5B9L + b.index);
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        if (ORDERS.size() > 64) ORDERS.clear();
        ORDERS.put(key, order);
        return order;
    }

    static <T> List<T> list(Iterator<T> it) {
        List<T> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
