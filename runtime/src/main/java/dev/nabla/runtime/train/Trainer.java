package dev.nabla.runtime.train;

import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.TrainableModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop around a compiled model with one input and one target: epochs of shuffled
 * batches, each a single fused {@link TrainableModel#trainStepWithOutputs} call, then the metrics of
 * the epoch on the training and validation examples. Deterministic: the same model, data, options and
 * initial parameters give the same weights on every run.
 */
public final class Trainer {
    private final TrainableModel model;
    private final TrainOptions options;

    public Trainer(TrainableModel model, TrainOptions options) {
        this.model = model;
        this.options = options;
        ModelSignature s = model.signature();
        if (s.inputs().size() != 1) {
            throw new IllegalArgumentException("the trainer feeds models with one input; " + s.modelName() + " has "
                    + s.inputs().size());
        }
        if (s.targets().size() != 1) {
            throw new IllegalArgumentException("the trainer feeds models with one target; " + s.modelName() + " has "
                    + s.targets().size());
        }
        if (options.batchSize() > model.maxBatch()) {
            throw new IllegalArgumentException("batch size " + options.batchSize() + " exceeds the model's capacity "
                    + model.maxBatch());
        }
    }

    public TrainableModel model() { return model; }

    /**
     * Trains on {@code train}; evaluates on {@code validation} (may be null or empty) after each epoch.
     * Stops early when the options say so; a loss that becomes NaN or infinite stops training with a
     * {@link TrainingException} naming the epoch and step (the parameters of that step are not kept:
     * callers that save a checkpoint after each epoch keep the last good one).
     */
    public History fit(Examples train, Examples validation, TrainingListener listener) {
        check(train, "training");
        boolean hasValidation = validation != null && validation.size() > 0;
        if (hasValidation) check(validation, "validation");
        TrainOptions.EarlyStopping early = options.earlyStop();
        if (early != null && early.monitor().startsWith("val_") && !hasValidation) {
            throw new IllegalArgumentException("early stopping watches " + early.monitor()
                    + " but there is no validation split; set validation or watch a training metric");
        }
        History history = new History();
        int n = train.size();
        int batch = options.batchSize();
        int steps = (n + batch - 1) / batch;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double baseLr = model.learningRate();
        if (options.initialEpoch() >= options.epochs()) {
            throw new IllegalArgumentException("nothing to train: " + options.initialEpoch() + " of " + options.epochs()
                    + " epochs are already done");
        }
        // the shuffled order of epoch e depends on the order of epoch e-1: replay the skipped epochs' shuffles
        for (int e = 1; e <= options.initialEpoch(); e++) {
            if (options.shuffle()) shuffle(order, new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + e));
        }
        long globalStep = (long) options.initialEpoch() * steps;
        double best = Double.NaN;
        int bestEpoch = 0;
        double[][] bestParams = null;
        for (int epoch = options.initialEpoch() + 1; epoch <= options.epochs(); epoch++) {
            long start = System.nanoTime();
            if (options.shuffle()) shuffle(order, new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + epoch));
            if (options.schedule() != null && !options.perStep()) model.setLearningRate(options.schedule().lr(baseLr, epoch - 1));
            listener.epochStarted(epoch, options.epochs(), steps);
            Metrics m = new Metrics(model);
            for (int s = 0; s < steps; s++) {
                int from = s * batch;
                int size = Math.min(batch, n - from);
                if (options.schedule() != null && options.perStep()) {
                    model.setLearningRate(options.schedule().lr(baseLr, globalStep));
                }
                globalStep++;
                stage(train, order, from, size);
                double loss = m.hasOutputs() ? model.trainStepWithOutputs(size) : model.trainStep(size);
                if (!Double.isFinite(loss)) {
                    throw new TrainingException("the loss became " + loss + " at epoch " + epoch + ", step " + (s + 1)
                            + " of " + steps + "; try a smaller learning rate (now " + model.learningRate() + ")");
                }
                m.addLoss(loss, size);
                m.addOutputs(model, train, order, from, size);
                listener.stepFinished(epoch, s + 1, loss);
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            m.into(metrics, "", train);
            if (validation != null && validation.size() > 0) evaluate(validation).forEach((k, v) -> metrics.put("val_" + k, v));
            metrics.put("lr", model.learningRate());
            History.Epoch e = new History.Epoch(epoch, metrics, (System.nanoTime() - start) / 1e9);
            history.add(e);
            listener.epochFinished(e, options.epochs());
            if (early != null) {
                Double v = metrics.get(early.monitor());
                if (v == null) {
                    throw new IllegalArgumentException("early stopping watches " + early.monitor()
                            + ", which this model does not report (it reports " + String.join(", ", metrics.keySet()) + ")");
                }
                boolean better = Double.isNaN(best) || (early.higherIsBetter() ? v > best + early.minDelta()
                        : v < best - early.minDelta());
                if (better) {
                    best = v;
                    bestEpoch = epoch;
                    if (early.restoreBest()) bestParams = snapshot();
                } else if (epoch - bestEpoch >= early.patience()) {
                    if (early.restoreBest() && bestParams != null) restore(bestParams);
                    listener.stoppedEarly(epoch, bestEpoch, early.monitor(), best);
                    break;
                }
            }
        }
        return history;
    }

    private double[][] snapshot() {
        int count = model.signature().params().size();
        double[][] p = new double[count][];
        for (int i = 0; i < count; i++) {
            p[i] = new double[model.signature().params().get(i).size()];
            model.getParam(i, p[i]);
        }
        return p;
    }

    private void restore(double[][] p) {
        for (int i = 0; i < p.length; i++) model.setParam(i, p[i]);
    }

    /** The loss and metrics of the model on some examples ({@code loss}, {@code accuracy} or {@code mae}, {@code rmse}). */
    public Map<String, Double> evaluate(Examples data) {
        check(data, "evaluation");
        Metrics m = new Metrics(model);
        int batch = model.maxBatch();
        for (int from = 0; from < data.size(); from += batch) {
            int size = Math.min(batch, data.size() - from);
            stage(data, null, from, size);
            m.addLoss(model.evaluate(size), size);
            m.addOutputs(model, data, null, from, size);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        m.into(out, "", data);
        return out;
    }

    private void check(Examples data, String what) {
        TensorSpec in = model.signature().inputs().get(0);
        TensorSpec target = model.signature().targets().get(0);
        if (data.size() == 0) throw new IllegalArgumentException("no " + what + " examples");
        if (data.x()[0].length != in.size()) {
            throw new IllegalArgumentException("input " + in.name() + " takes " + in.size() + " values per example, the "
                    + what + " data has " + data.x()[0].length);
        }
        if (target.isClass() && !data.hasClasses()) {
            throw new IllegalArgumentException("target " + target.name() + " is a class index, the " + what
                    + " data has no class labels");
        }
        if (!target.isClass() && (!data.hasTargets() || data.targets()[0].length != target.size())) {
            throw new IllegalArgumentException("target " + target.name() + " takes " + target.size()
                    + " values per example, the " + what + " data has "
                    + (data.hasTargets() ? data.targets()[0].length : 0));
        }
    }

    private void stage(Examples data, int[] order, int from, int size) {
        boolean classes = model.signature().targets().get(0).isClass();
        for (int i = 0; i < size; i++) {
            int e = order == null ? from + i : order[from + i];
            model.setInput(0, i, data.x()[e]);
            if (classes) model.setClassTarget(0, i, data.classes()[e]);
            else model.setTarget(0, i, data.targets()[e]);
        }
    }

    /** Fisher-Yates with a seeded generator: the same seed gives the same order everywhere. */
    static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
