package dev.nabla.spark;

import dev.nabla.compiler.CompiledModel;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.train.History;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.TrainingException;
import dev.nabla.runtime.train.TrainingListener;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Trains a compiled model on a {@link SparkTable}: the driver holds the model (parameters, optimizer state, learning
 * rate) and runs the epochs like {@code Trainer.fit} (shuffling, schedules, metrics, validation, early stopping,
 * listeners, resuming from {@code TrainOptions.initialEpoch}); the executors run the generated step on their blocks,
 * compiling the generated class once per JVM.
 *
 * <ul>
 *   <li>{@link Mode#synchronous()}: every step draws the same global batch as {@code Trainer} (the same seeded
 *       shuffle of the training rows each epoch), each partition computes the gradient of its rows of that batch,
 *       the gradients are summed (weighted by rows) in a fixed order, and the driver applies the optimizer. The loss
 *       curve and the weights equal the single-machine run's up to the rounding of the sums.</li>
 *   <li>{@link Mode#averaging(int)}: each partition takes K local steps (batches of {@code batchSize} of its own
 *       rows, shuffled per epoch) from the last average; then parameters and optimizer state are averaged, weighted
 *       by rows. One Spark job per K steps instead of per step.</li>
 * </ul>
 * Both give the same bits on every run and when Spark retries a task.
 */
public final class SparkTraining {
    /** Synchronous steps, or periodic averaging every K local steps. */
    public record Mode(int localSteps) implements Serializable {
        public Mode {
            if (localSteps < 0) throw new IllegalArgumentException("local steps must be at least 1, got " + localSteps);
        }

        public static Mode synchronous() { return new Mode(0); }

        public static Mode averaging(int localSteps) {
            if (localSteps < 1) throw new IllegalArgumentException("local steps must be at least 1, got " + localSteps);
            return new Mode(localSteps);
        }

        public boolean isSynchronous() { return localSteps == 0; }
    }

    private final ModelCode code;
    private final ModelSignature signature;

    /** For the generated class {@code className} with this source (as {@code CompiledModel.javaSource()} gives it). */
    public SparkTraining(String className, String javaSource, ModelSignature signature) {
        this.code = ModelCode.of(className, javaSource);
        this.signature = Objects.requireNonNull(signature, "signature");
    }

    public static SparkTraining of(CompiledModel compiled) {
        return new SparkTraining(compiled.modelClass().getName(), compiled.javaSource(), compiled.signature());
    }

    /** Optimizer steps (synchronous) or local steps per partition (averaging) in one epoch. */
    public static int stepsPerEpoch(SparkTable data, int batch, Mode mode) {
        if (mode.isSynchronous()) return (data.trainSize() + batch - 1) / batch;
        int parts = data.partitions(), largest = 0;
        for (int p = 0; p < parts; p++) {
            largest = Math.max(largest, SparkTable.RangeParts.start(data.trainSize(), parts, p + 1)
                    - SparkTable.RangeParts.start(data.trainSize(), parts, p));
        }
        return (largest + batch - 1) / batch;
    }

    /**
     * Trains {@code model} (the driver's copy) on {@code data}; evaluates on its validation rows after every epoch.
     * Throws {@link TrainingException} when the loss stops being finite, with the epoch and step.
     */
    public History fit(SparkTable data, TrainableModel model, TrainOptions options, Mode mode, TrainingListener listener) {
        if (!model.signature().sourceHash().equals(signature.sourceHash())
                || !model.signature().modelName().equals(signature.modelName())) {
            throw new IllegalArgumentException("the model " + model.signature().modelName() + " is not the one this training "
                    + "was made for (" + signature.modelName() + ")");
        }
        if (options.batchSize() > model.maxBatch()) {
            throw new IllegalArgumentException("batch size " + options.batchSize() + " exceeds the model's capacity " + model.maxBatch());
        }
        TrainOptions.EarlyStopping early = options.earlyStop();
        boolean hasValidation = data.validationSize() > 0;
        if (early != null && early.monitor().startsWith("val_") && !hasValidation) {
            throw new IllegalArgumentException("early stopping watches " + early.monitor()
                    + " but there is no validation split; set validation or watch a training metric");
        }
        if (options.initialEpoch() >= options.epochs()) {
            throw new IllegalArgumentException("nothing to train: " + options.initialEpoch() + " of " + options.epochs()
                    + " epochs are already done");
        }
        return new Run(data, model, options, mode, listener).fit();
    }

    /** One call of fit: the driver's loop. */
    private final class Run {
        final SparkTable data;
        final TrainableModel model;
        final TrainOptions options;
        final Mode mode;
        final TrainingListener listener;
        final JavaSparkContext sc;
        final Broadcast<ModelCode> shippedCode;
        final Shipped.Layout params, full;
        final int n, batch, parts;
        final boolean hasOutputs;
        final double baseLr;
        int[] order;

        Run(SparkTable data, TrainableModel model, TrainOptions options, Mode mode, TrainingListener listener) {
            this.data = data;
            this.model = model;
            this.options = options;
            this.mode = mode;
            this.listener = listener;
            this.sc = data.context;
            this.shippedCode = sc.broadcast(code);
            this.params = new Shipped.Layout(signature, false);
            this.full = new Shipped.Layout(signature, true);
            this.n = data.trainSize();
            this.batch = options.batchSize();
            this.parts = data.train.getNumPartitions();
            this.hasOutputs = !signature.outputs().isEmpty();
            this.baseLr = model.learningRate();
        }

        History fit() {
            try {
                return loop();
            } finally {
                shippedCode.destroy();
            }
        }

        private History loop() {
            History history = new History();
            int steps = stepsPerEpoch(data, batch, mode);
            if (mode.isSynchronous()) {
                order = new int[n];
                for (int i = 0; i < n; i++) order[i] = i;
                // the order of epoch e follows from that of epoch e-1: replay the skipped epochs' shuffles
                for (int e = 1; e <= options.initialEpoch(); e++) if (options.shuffle()) shuffle(order, e);
            }
            double best = Double.NaN;
            int bestEpoch = 0;
            double[][] bestParams = null;
            for (int epoch = options.initialEpoch() + 1; epoch <= options.epochs(); epoch++) {
                long start = System.nanoTime();
                if (options.schedule() != null && !options.perStep()) model.setLearningRate(options.schedule().lr(baseLr, epoch - 1));
                Sums sums = new Sums();
                if (mode.isSynchronous()) {
                    if (options.shuffle()) shuffle(order, epoch);
                    listener.epochStarted(epoch, options.epochs(), steps);
                    synchronousEpoch(epoch, steps, sums);
                } else {
                    int rounds = (steps + mode.localSteps() - 1) / mode.localSteps();
                    listener.epochStarted(epoch, options.epochs(), rounds);
                    averagingEpoch(epoch, steps, rounds, sums);
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                sums.into(metrics, "", data.classification());
                if (data.validationSize() > 0) {
                    Sums v = evaluate();
                    v.into(metrics, "val_", data.classification());
                }
                metrics.put("lr", model.learningRate());
                History.Epoch e = new History.Epoch(epoch, metrics, (System.nanoTime() - start) / 1e9);
                history.add(e);
                listener.epochFinished(e, options.epochs());
                TrainOptions.EarlyStopping early = options.earlyStop();
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

        private void synchronousEpoch(int epoch, int steps, Sums sums) {
            long globalStep = (long) (epoch - 1) * steps;
            for (int s = 0; s < steps; s++) {
                int from = s * batch;
                int size = Math.min(batch, n - from);
                if (options.schedule() != null && options.perStep()) model.setLearningRate(options.schedule().lr(baseLr, globalStep));
                globalStep++;
                int[] rows = java.util.Arrays.copyOfRange(order, from, from + size);
                Broadcast<Shipped> p = sc.broadcast(Shipped.of(params.read(model), params.floats, 0));
                Partial.Node r;
                try {
                    sc.setJobDescription("nabla: epoch " + epoch + ", step " + (s + 1) + " of " + steps);
                    r = data.train.mapPartitions(new Tasks.SyncStep(shippedCode, p, params, rows, parts, batch))
                            .treeReduce(Partial::add).root();
                } finally {
                    p.destroy();
                }
                if (r.rows != size) throw new IllegalStateException("internal error: a step of " + size + " rows computed " + r.rows);
                double loss = r.loss / size;
                if (!Double.isFinite(loss)) {
                    throw new TrainingException("the loss became " + loss + " at epoch " + epoch + ", step " + (s + 1)
                            + " of " + steps + "; try a smaller learning rate (now " + model.learningRate() + ")");
                }
                params.setGradients(r.vector(), size, model);
                model.applyGradients();
                sums.add(r);
                listener.stepFinished(epoch, s + 1, loss);
            }
        }

        private void averagingEpoch(int epoch, int steps, int rounds, Sums sums) {
            int k = mode.localSteps();
            long epochStep = (long) (epoch - 1) * steps;
            for (int round = 0; round < rounds; round++) {
                int first = round * k;
                double[] lrs = new double[Math.min(k, steps - first)];
                for (int j = 0; j < lrs.length; j++) {
                    lrs[j] = options.schedule() != null && options.perStep()
                            ? options.schedule().lr(baseLr, epochStep + first + j) : model.learningRate();
                }
                Broadcast<Shipped> state = sc.broadcast(Shipped.of(full.read(model), full.floats, model.stepCount()));
                Partial.Node r;
                try {
                    sc.setJobDescription("nabla: epoch " + epoch + ", round " + (round + 1) + " of " + rounds);
                    r = data.train.mapPartitions(new Tasks.LocalRound(shippedCode, state, full, lrs, parts, batch, epoch, first,
                            options.seed(), options.shuffle())).treeReduce(Partial::add).root();
                } finally {
                    state.destroy();
                }
                double loss = r.loss / r.rows;
                double[] v = r.vector();
                if (!Double.isFinite(loss) || v == null) {
                    throw new TrainingException("the loss became " + loss + " at epoch " + epoch + ", round " + (round + 1)
                            + " of " + rounds + " (local steps " + (first + 1) + " to " + (first + lrs.length)
                            + "); try a smaller learning rate (now " + model.learningRate() + ")");
                }
                full.write(v, r.rows, model);
                model.setStepCount(model.stepCount() + r.steps);
                model.setLearningRate(lrs[lrs.length - 1]);
                sums.add(r);
                listener.stepFinished(epoch, round + 1, loss);
            }
        }

        private Sums evaluate() {
            JavaRDD<Block> v = data.validation;
            Broadcast<Shipped> p = sc.broadcast(Shipped.of(params.read(model), params.floats, 0));
            try {
                sc.setJobDescription("nabla: validation");
                Sums s = new Sums();
                s.add(v.mapPartitions(new Tasks.Evaluate(shippedCode, p, params, v.getNumPartitions(), model.maxBatch()))
                        .treeReduce(Partial::add).root());
                return s;
            } finally {
                p.destroy();
            }
        }

        private void shuffle(int[] a, int epoch) {
            SplittableRandom rnd = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + epoch);
            for (int i = a.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }

        private double[][] snapshot() {
            double[][] p = new double[signature.params().size()][];
            for (int i = 0; i < p.length; i++) {
                p[i] = new double[signature.params().get(i).size()];
                model.getParam(i, p[i]);
            }
            return p;
        }

        private void restore(double[][] p) {
            for (int i = 0; i < p.length; i++) model.setParam(i, p[i]);
        }

        /** The loss and metric sums of an epoch (or of a validation pass), as Trainer reports them. */
        final class Sums {
            double loss, abs, sq;
            long rows, correct, values;

            void add(Partial.Node r) {
                loss += r.loss;
                rows += r.rows;
                correct += r.correct;
                abs += r.absErrors;
                sq += r.squaredErrors;
                values += r.values;
            }

            void into(Map<String, Double> out, String prefix, boolean classification) {
                out.put(prefix + "loss", rows == 0 ? Double.NaN : loss / rows);
                if (!hasOutputs) return;
                if (classification) out.put(prefix + "accuracy", rows == 0 ? Double.NaN : (double) correct / rows);
                else if (values > 0) {
                    out.put(prefix + "mae", abs / values);
                    out.put(prefix + "rmse", Math.sqrt(sq / values));
                }
            }
        }
    }
}
