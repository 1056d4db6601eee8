package dev.nabla.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * A generated model whose steps run on several threads, data-parallel: the examples of a batch are dealt
 * out in turn to {@code threads} replicas that share the parameters (example {@code i} goes to replica
 * {@code i % threads}), each replica computes the loss and gradients of its examples, and the gradients
 * are summed into the main model's in a fixed order (replica 0, 1, ...) weighted by each replica's share
 * of the batch, before one optimizer update. The result does not depend on thread scheduling: the same
 * inputs give the same bits on every run (they differ from a single-threaded step only by the order of
 * floating-point additions).
 *
 * <p>Steps allocate nothing: the workers are started once and hand work over through volatile counters.
 * Call {@link #close()} to stop them (they are daemon threads, so an unclosed model does not keep the JVM
 * alive). Like every model, an instance is used by one thread at a time.
 */
public final class DataParallelModel implements TrainableModel, AutoCloseable {
    private static final int FORWARD = 1, EVALUATE = 2, GRADIENTS = 3, GRADIENTS_WITH_OUTPUTS = 4, REDUCE = 5, UPDATE = 6;

    private final GeneratedModel main;
    private final GeneratedModel[] replicas;
    private final int threads;
    private final Worker[] workers;
    private final int[] counts;
    private final double[] losses;
    /** The parameters each thread reduces and updates, balanced by size. */
    private final int[][] parts;
    private int batch;

    /** Wraps {@code model} (a generated model) for {@code threads} threads; 1 thread just runs the model. */
    public static TrainableModel of(TrainableModel model, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (threads == 1) return model;
        if (!(model instanceof GeneratedModel g)) {
            throw new IllegalArgumentException("data-parallel steps need a generated model");
        }
        return new DataParallelModel(g, threads);
    }

    private DataParallelModel(GeneratedModel main, int threads) {
        this.main = main;
        this.threads = threads;
        int capacity = main.maxBatch();
        int perReplica = (capacity + threads - 1) / threads;
        this.replicas = new GeneratedModel[threads];
        replicas[0] = main;
        for (int t = 1; t < threads; t++) replicas[t] = main.newReplica(perReplica);
        this.counts = new int[threads];
        this.losses = new double[threads];
        this.parts = partition(main.signature(), threads);
        this.workers = new Worker[threads];
        for (int t = 1; t < threads; t++) {
            workers[t] = new Worker(t);
            Thread th = new Thread(workers[t], "nabla-step-" + t);
            th.setDaemon(true);
            workers[t].thread = th;
            th.start();
        }
    }

    public int threads() { return threads; }

    /** Parameters dealt to threads, largest first, each to the thread with the least so far. */
    static int[][] partition(ModelSignature sig, int threads) {
        int count = sig.params().size();
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(sig.params().get(y).size(), sig.params().get(x).size()));
        long[] load = new long[threads];
        java.util.List<java.util.List<Integer>> lists = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) lists.add(new java.util.ArrayList<>());
        for (int p : order) {
            int best = 0;
            for (int t = 1; t < threads; t++) if (load[t] < load[best]) best = t;
            lists.get(best).add(p);
            load[best] += sig.params().get(p).size();
        }
        int[][] parts = new int[threads][];
        for (int t = 0; t < threads; t++) parts[t] = lists.get(t).stream().mapToInt(Integer::intValue).toArray();
        return parts;
    }

    /** Work of one replica (or, for REDUCE and UPDATE, one thread's share of the parameters) for a job. */
    private void run(int t, int job) {
        if (job == REDUCE) {
            for (int p : parts[t]) reduceGradient(p, batch);
            return;
        }
        if (job == UPDATE) {
            for (int p : parts[t]) main.updateParam(p);
            return;
        }
        GeneratedModel m = replicas[t];
        int n = counts[t];
        if (n == 0) return;
        switch (job) {
            case FORWARD -> m.forward(n);
            case EVALUATE -> losses[t] = m.evaluate(n);
            case GRADIENTS -> losses[t] = m.computeGradients(n);
            default -> {
                losses[t] = m.computeGradients(n);
                m.forward(n);
            }
        }
    }

    /** Runs a job on every replica (replica 0 on this thread) and waits for all of them. */
    private void runAll(int n, int job) {
        checkBatch(n);
        for (int t = 0; t < threads; t++) counts[t] = n / threads + (t < n % threads ? 1 : 0);
        batch = n;
        runJob(job);
    }

    /** Runs a job on every thread (part 0 on this one) and waits for all of them. */
    private void runJob(int job) {
        for (int t = 1; t < threads; t++) workers[t].submit(job);
        Throwable failure = null;
        try {
            run(0, job);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int t = 1; t < threads; t++) {
            Throwable f = workers[t].await();
            if (failure == null) failure = f;
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error er) throw er;
    }

    private void checkBatch(int n) {
        if (n < 1 || n > main.maxBatch()) {
            throw new IllegalArgumentException("batch of " + n + " examples; this instance holds 1 to " + main.maxBatch());
        }
    }

    private double weightedLoss(int n) {
        double s = 0;
        for (int t = 0; t < threads; t++) if (counts[t] > 0) s += losses[t] * counts[t] / n;
        return s;
    }

    /** main gradient = sum over replicas of (share of the batch) x (replica's gradient), in replica order. */
    private void reduceGradients() {
        runJob(REDUCE);
    }

    /** One parameter's gradient reduced into the main model's buffer, replicas in a fixed order. */
    private void reduceGradient(int p, int n) {
        Object dst = main.gradientBuffer(p);
        if (dst instanceof float[][] d) {
            float w0 = (float) counts[0] / n;
            for (float[] row : d) for (int j = 0; j < row.length; j++) row[j] *= w0;
            for (int t = 1; t < threads; t++) {
                if (counts[t] == 0) continue;
                float w = (float) counts[t] / n;
                float[][] s = (float[][]) replicas[t].gradientBuffer(p);
                for (int i = 0; i < d.length; i++) {
                    float[] dr = d[i], sr = s[i];
                    for (int j = 0; j < dr.length; j++) dr[j] += w * sr[j];
                }
            }
        } else {
            double[][] d = (double[][]) dst;
            double w0 = (double) counts[0] / n;
            for (double[] row : d) for (int j = 0; j < row.length; j++) row[j] *= w0;
            for (int t = 1; t < threads; t++) {
                if (counts[t] == 0) continue;
                double w = (double) counts[t] / n;
                double[][] s = (double[][]) replicas[t].gradientBuffer(p);
                for (int i = 0; i < d.length; i++) {
                    double[] dr = d[i], sr = s[i];
                    for (int j = 0; j < dr.length; j++) dr[j] += w * sr[j];
                }
            }
        }
    }

    /** The optimizer update, its per-parameter part spread over the threads. */
    private void update() {
        main.prepareUpdate();
        runJob(UPDATE);
        main.finishUpdate();
    }

    @Override public ModelSignature signature() { return main.signature(); }
    @Override public int maxBatch() { return main.maxBatch(); }

    @Override
    public void forward(int n) { runAll(n, FORWARD); }

    @Override
    public double evaluate(int n) {
        runAll(n, EVALUATE);
        return weightedLoss(n);
    }

    @Override
    public double computeGradients(int n) {
        runAll(n, GRADIENTS);
        reduceGradients();
        return weightedLoss(n);
    }

    @Override
    public double trainStep(int n) {
        double loss = computeGradients(n);
        update();
        return loss;
    }

    @Override
    public double trainStepWithOutputs(int n) {
        runAll(n, GRADIENTS_WITH_OUTPUTS);
        reduceGradients();
        double loss = weightedLoss(n);
        update();
        return loss;
    }

    @Override public void initialize(long seed) { main.initialize(seed); }
    @Override public double learningRate() { return main.learningRate(); }
    @Override public void setLearningRate(double lr) { main.setLearningRate(lr); }
    @Override public long stepCount() { return main.stepCount(); }
    @Override public void setStepCount(long steps) { main.setStepCount(steps); }

    private GeneratedModel replicaOf(int row) { return replicas[row % threads]; }

    @Override public void setInput(int input, int row, float[] values) { replicaOf(row).setInput(input, row / threads, values); }
    @Override public void setInput(int input, int row, double[] values) { replicaOf(row).setInput(input, row / threads, values); }
    @Override public void setTarget(int target, int row, float[] values) { replicaOf(row).setTarget(target, row / threads, values); }
    @Override public void setTarget(int target, int row, double[] values) { replicaOf(row).setTarget(target, row / threads, values); }
    @Override public void setClassTarget(int target, int row, int c) { replicaOf(row).setClassTarget(target, row / threads, c); }
    @Override public void getOutput(int output, int row, float[] dst) { replicaOf(row).getOutput(output, row / threads, dst); }
    @Override public void getOutput(int output, int row, double[] dst) { replicaOf(row).getOutput(output, row / threads, dst); }
    @Override public void getParam(int param, double[] dst) { main.getParam(param, dst); }
    @Override public void setParam(int param, double[] src) { main.setParam(param, src); }
    @Override public void getGradient(int param, double[] dst) { main.getGradient(param, dst); }
    @Override public void setGradient(int param, double[] src) { main.setGradient(param, src); }
    @Override public void applyGradients() { update(); }
    @Override public void getOptimizerState(int i, double[] dst) { main.getOptimizerState(i, dst); }
    @Override public void setOptimizerState(int i, double[] src) { main.setOptimizerState(i, src); }

    @Override
    public TrainableModel copy() { return new DataParallelModel((GeneratedModel) main.copy(), threads); }

    @Override
    public void close() {
        for (int t = 1; t < threads; t++) workers[t].stop();
    }

    /** A worker thread: waits for a job, runs its replica's part, reports done. */
    private final class Worker implements Runnable {
        private final int index;
        private volatile int job;          // the job to run, 0 when idle
        private volatile long submitted;   // jobs handed over so far
        private volatile long completed;   // jobs finished so far
        private volatile boolean stopped;
        private volatile Throwable failure;
        private Thread thread;

        Worker(int index) { this.index = index; }

        void submit(int j) {
            failure = null;
            job = j;
            submitted++;
            LockSupport.unpark(thread);
        }

        Throwable await() {
            long target = submitted;
            int spins = 0;
            while (completed != target) {
                if (++spins < 20_000) Thread.onSpinWait();
                else LockSupport.parkNanos(50_000);
            }
            return failure;
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            long seen = 0;
            while (!stopped) {
                int spins = 0;
                while (submitted == seen && !stopped) {
                    if (++spins < 20_000) Thread.onSpinWait();
                    else LockSupport.park(this);
                }
                if (stopped) return;
                seen = submitted;
                try {
                    DataParallelModel.this.run(index, job);
                } catch (Throwable e) {
                    failure = e;
                }
                completed = seen;
            }
        }
    }
}
