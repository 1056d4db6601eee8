package dev.nabla.runtime;

/**
 * The base class of generated models: the generic accessors over the generated buffers, so that the
 * generated code itself stays the fused passes and nothing else. Buffers are {@code float[][]} or
 * {@code double[][]} ({@code [rows][cols]}: a batch of examples, or a parameter's rows), and
 * {@code int[]} for class targets.
 */
public abstract class GeneratedModel implements TrainableModel {
    /** Storage kinds for {@link #storage}. */
    public static final int PARAM = 0, GRAD = 1, INPUT = 2, TARGET = 3, OUTPUT = 4, INPUT_GRAD = 5, OPT_STATE = 6;

    private final ModelSignature signature;
    private final int maxBatch;
    /** The learning rate the optimizer update reads; schedules change it between steps. */
    protected double lr = 0.01;
    /** Optimizer steps taken so far. */
    protected long step;

    protected GeneratedModel(ModelSignature signature, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("batch capacity must be at least 1, got " + maxBatch);
        this.signature = signature;
        this.maxBatch = maxBatch;
    }

    /** The buffer of a parameter, gradient, input, target or output (by kind and index); null if none. */
    protected abstract Object storage(int kind, int index);

    /** Resets optimizer state (moments, velocities) to zero. */
    protected abstract void resetOptimizerState();

    @Override public final ModelSignature signature() { return signature; }
    @Override public final int maxBatch() { return maxBatch; }
    @Override public double learningRate() { return lr; }
    @Override public void setLearningRate(double lr) { this.lr = lr; }
    @Override public long stepCount() { return step; }
    @Override public void setStepCount(long steps) {
        if (steps < 0) throw new IllegalArgumentException("step count must not be negative, got " + steps);
        this.step = steps;
    }

    @Override
    public void getOptimizerState(int i, double[] dst) { read(storage(OPT_STATE, i), dst, signature.stateParam(i)); }

    @Override
    public void setOptimizerState(int i, double[] src) {
        TensorSpec p = signature.stateParam(i);
        if (src.length != p.size()) {
            throw new IllegalArgumentException("optimizer state " + signature.optimizerState().get(i) + " has " + p.size()
                    + " values, got " + src.length);
        }
        write(storage(OPT_STATE, i), src, p);
    }

    /** The thread running a pass now, or null. */
    private final java.util.concurrent.atomic.AtomicReference<Thread> user = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Marks the start of a pass on this thread; fails fast when another thread is running one on this instance
     * (instances hold the buffers of one batch, so two threads at once would silently mix their examples).
     *
     * @throws java.util.ConcurrentModificationException naming both threads
     */
    protected final void enter() {
        Thread me = Thread.currentThread();
        if (user.compareAndSet(null, me)) return;
        Thread other = user.get();
        throw new java.util.ConcurrentModificationException("model " + signature.modelName() + " is used by two threads at once ("
                + me.getName() + " and " + (other == null ? "another thread" : other.getName()) + "); an instance is used by one "
                + "thread at a time: give each thread its own copy(), or share a Predictor");
    }

    /** Marks the end of a pass started by {@link #enter()}. */
    protected final void leave() { user.set(null); }

    /** Throws unless {@code 1 <= n <= maxBatch}. */
    protected final void checkBatch(int n) {
        if (n < 1 || n > maxBatch) {
            throw new IllegalArgumentException("batch of " + n + " examples; this instance holds 1 to " + maxBatch);
        }
    }

    @Override
    public void initialize(long seed) {
        double[] tmp = null;
        for (int p = 0; p < signature.params().size(); p++) {
            TensorSpec spec = signature.params().get(p);
            if (tmp == null || tmp.length != spec.size()) tmp = new double[spec.size()];
            Initializers.fill(tmp, spec.init(), seed, spec.name());
            setParam(p, tmp);
        }
        resetOptimizerState();
        step = 0;
    }

    @Override
    public void setInput(int input, int row, float[] values) {
        copyRow(storage(INPUT, input), row, values, signature.inputs().get(input));
    }

    @Override
    public void setInput(int input, int row, double[] values) {
        copyRow(storage(INPUT, input), row, values, signature.inputs().get(input));
    }

    @Override
    public void setTarget(int target, int row, float[] values) {
        copyRow(storage(TARGET, target), row, values, signature.targets().get(target));
    }

    @Override
    public void setTarget(int target, int row, double[] values) {
        copyRow(storage(TARGET, target), row, values, signature.targets().get(target));
    }

    @Override
    public void setClassTarget(int target, int row, int classIndex) {
        TensorSpec spec = signature.targets().get(target);
        if (!spec.isClass()) throw new IllegalArgumentException("target " + spec.name() + " is not a class index");
        if (classIndex < 0 || classIndex >= spec.classes()) {
            throw new IllegalArgumentException("class index " + classIndex + " is outside 0.." + (spec.classes() - 1)
                    + " for target " + spec.name());
        }
        checkRow(row);
        ((int[]) storage(TARGET, target))[row] = classIndex;
    }

    private void checkRow(int row) {
        if (row < 0 || row >= maxBatch) throw new IndexOutOfBoundsException("row " + row + " of " + maxBatch);
    }

    private void copyRow(Object buf, int row, float[] values, TensorSpec spec) {
        checkRow(row);
        checkLength(values.length, spec);
        if (buf instanceof float[][]) {
            System.arraycopy(values, 0, ((float[][]) buf)[row], 0, values.length);
        } else {
            double[] dst = ((double[][]) buf)[row];
            for (int i = 0; i < values.length; i++) dst[i] = values[i];
        }
    }

    private void copyRow(Object buf, int row, double[] values, TensorSpec spec) {
        checkRow(row);
        checkLength(values.length, spec);
        if (buf instanceof double[][]) {
            System.arraycopy(values, 0, ((double[][]) buf)[row], 0, values.length);
        } else {
            float[] dst = ((float[][]) buf)[row];
            for (int i = 0; i < values.length; i++) dst[i] = (float) values[i];
        }
    }

    private static void checkLength(int length, TensorSpec spec) {
        if (length != spec.size()) {
            throw new IllegalArgumentException(spec.name() + " takes " + spec.size() + " values per example, got " + length);
        }
    }

    @Override
    public void getOutput(int output, int row, float[] dst) {
        Object buf = storage(OUTPUT, output);
        TensorSpec spec = signature.outputs().get(output);
        if (buf instanceof float[][]) {
            float[][] b = (float[][]) buf;
            if (b.length == maxBatch && b[0].length == spec.size()) {
                System.arraycopy(b[row], 0, dst, 0, spec.size());
            } else {
                flatten(b, dst);
            }
        } else {
            double[] tmp = new double[spec.size()];
            getOutput(output, row, tmp);
            for (int i = 0; i < tmp.length; i++) dst[i] = (float) tmp[i];
        }
    }

    @Override
    public void getOutput(int output, int row, double[] dst) {
        Object buf = storage(OUTPUT, output);
        TensorSpec spec = signature.outputs().get(output);
        if (buf instanceof double[][]) {
            double[][] b = (double[][]) buf;
            if (b.length == maxBatch && b[0].length == spec.size()) {
                System.arraycopy(b[row], 0, dst, 0, spec.size());
            } else {
                read(b, dst);
            }
        } else {
            float[][] b = (float[][]) buf;
            if (b.length == maxBatch && b[0].length == spec.size()) {
                for (int i = 0; i < spec.size(); i++) dst[i] = b[row][i];
            } else {
                read(b, dst);
            }
        }
    }

    @Override
    public void getParam(int param, double[] dst) { read(storage(PARAM, param), dst, signature.params().get(param)); }

    @Override
    public void setParam(int param, double[] src) {
        TensorSpec spec = signature.params().get(param);
        if (src.length != spec.size()) {
            throw new IllegalArgumentException("parameter " + spec.name() + " has " + spec.size() + " values, got " + src.length);
        }
        write(storage(PARAM, param), src, spec);
    }

    @Override
    public void getGradient(int param, double[] dst) { read(storage(GRAD, param), dst, signature.params().get(param)); }

    @Override
    public void setGradient(int param, double[] src) {
        TensorSpec spec = signature.params().get(param);
        if (src.length != spec.size()) {
            throw new IllegalArgumentException("the gradient of " + spec.name() + " has " + spec.size() + " values, got "
                    + src.length);
        }
        write(storage(GRAD, param), src, spec);
    }

    @Override
    public void applyGradients() {
        enter();
        try {
            applyUpdate();
        } finally {
            leave();
        }
    }

    /** Reads a parameter-shaped buffer in the parameter's declared layout. */
    private static void read(Object buf, double[] dst, TensorSpec spec) {
        if (!spec.storedTransposed()) {
            read(buf, dst);
            return;
        }
        int rows = spec.shape()[0], cols = spec.shape()[1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[i * cols + j] = buf instanceof float[][] ? ((float[][]) buf)[j][i] : ((double[][]) buf)[j][i];
            }
        }
    }

    /** Writes a parameter-shaped buffer from values in the parameter's declared layout. */
    private static void write(Object buf, double[] src, TensorSpec spec) {
        if (!spec.storedTransposed()) {
            write(buf, src);
            return;
        }
        int rows = spec.shape()[0], cols = spec.shape()[1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (buf instanceof float[][]) ((float[][]) buf)[j][i] = (float) src[i * cols + j];
                else ((double[][]) buf)[j][i] = src[i * cols + j];
            }
        }
    }

    /** Gradient of the loss with respect to an input, for all rows of the last batch ({@code [n * size]}). */
    public void getInputGradient(int input, int n, double[] dst) {
        Object buf = storage(INPUT_GRAD, input);
        if (buf == null) throw new IllegalStateException("this model was compiled without input gradients");
        int size = signature.inputs().get(input).size();
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < size; c++) {
                dst[r * size + c] = buf instanceof float[][] ? ((float[][]) buf)[r][c] : ((double[][]) buf)[r][c];
            }
        }
    }

    /** Copies a [rows][cols] buffer into a row-major array. */
    protected static void read(Object buf, double[] dst) {
        int k = 0;
        if (buf instanceof float[][]) {
            for (float[] row : (float[][]) buf) for (float v : row) dst[k++] = v;
        } else {
            for (double[] row : (double[][]) buf) for (double v : row) dst[k++] = v;
        }
    }

    private static void flatten(float[][] buf, float[] dst) {
        int k = 0;
        for (float[] row : buf) for (float v : row) dst[k++] = v;
    }

    /** Copies a row-major array into a [rows][cols] buffer. */
    protected static void write(Object buf, double[] src) {
        int k = 0;
        if (buf instanceof float[][]) {
            for (float[] row : (float[][]) buf) for (int i = 0; i < row.length; i++) row[i] = (float) src[k++];
        } else {
            for (double[] row : (double[][]) buf) for (int i = 0; i < row.length; i++) row[i] = src[k++];
        }
    }

    @Override
    public TrainableModel copy() {
        GeneratedModel c = newInstance(maxBatch);
        double[] tmp = null;
        for (int p = 0; p < signature.params().size(); p++) {
            int size = signature.params().get(p).size();
            if (tmp == null || tmp.length != size) tmp = new double[size];
            getParam(p, tmp);
            c.setParam(p, tmp);
        }
        c.lr = lr;
        return c;
    }

    /** A fresh instance of the same generated class. */
    protected abstract GeneratedModel newInstance(int maxBatch);

    /**
     * A replica for data-parallel steps: its own buffers for {@code maxBatch} examples, this instance's
     * parameters and optimizer state (the same arrays, not copies).
     */
    protected abstract GeneratedModel newReplica(int maxBatch);

    /** The optimizer update from the gradients in the gradient buffers (which may be set from outside). */
    protected abstract void applyUpdate();

    /**
     * {@link #applyUpdate} in three parts, so that several threads can update different parameters:
     * the per-step values (learning rate, bias corrections, gradient-norm clipping over all gradients),
     * the update of one parameter (by index), and the step count.
     */
    protected abstract void prepareUpdate();

    protected abstract void updateParam(int param);

    protected abstract void finishUpdate();

    /** The gradient buffer of a parameter ({@code float[][]} or {@code double[][]}), for reducing replicas. */
    final Object gradientBuffer(int param) { return storage(GRAD, param); }

    /** The buffer of an output, for replicas. */
    final Object outputBuffer(int output) { return storage(OUTPUT, output); }
}
