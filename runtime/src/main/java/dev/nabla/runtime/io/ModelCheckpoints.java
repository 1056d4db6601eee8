package dev.nabla.runtime.io;

import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.data.DataException;
import dev.nabla.runtime.data.Encoding;
import dev.nabla.runtime.data.Standardizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and loads a model's weights (and optimizer state) as a safetensors file that PyTorch's
 * {@code safetensors} loader reads: one tensor per parameter under its model name, optimizer state under
 * {@code optimizer.PARAM.STATE}, the step counter as {@code optimizer.step}, and {@code __metadata__}
 * with the model name, source hash, Nabla version, precision, optimizer and hyper-parameters, plus
 * whatever the caller adds (seed, label mapping, normalization statistics, ...).
 */
public final class ModelCheckpoints {
    /** Metadata keys written by {@link #save}. */
    public static final String MODEL = "nabla.model", SOURCE_HASH = "nabla.source_hash", VERSION = "nabla.version",
            PRECISION = "nabla.precision", OPTIMIZER = "nabla.optimizer", HYPER = "nabla.hyper", LR = "nabla.lr",
            FORMAT = "format";
    /**
     * Metadata keys that {@code nabla train} adds and {@code predict}, {@code eval} and {@code --resume} read
     * back: epochs trained, the column encoding and the standardization statistics. {@link #load} checks
     * them.
     */
    public static final String EPOCHS_DONE = "nabla.epochs_done", ENCODING = "nabla.encoding",
            STANDARDIZER = "nabla.standardizer";
    /** Tensor name of the optimizer's step counter. */
    public static final String STEP = "optimizer.step";

    private ModelCheckpoints() {}

    /** The version written into checkpoints. */
    public static String version() {
        String v = ModelCheckpoints.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** Writes the model's parameters, optimizer state and metadata atomically. */
    public static void save(TrainableModel model, Path file, Map<String, String> extra) throws CheckpointException {
        ModelSignature s = model.signature();
        boolean f32 = !"double".equals(s.precision());
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        for (int p = 0; p < s.params().size(); p++) {
            TensorSpec spec = s.params().get(p);
            double[] v = new double[spec.size()];
            model.getParam(p, v);
            tensors.put(spec.name(), entry(v, spec.shape(), f32));
        }
        for (int i = 0; i < s.optimizerState().size(); i++) {
            TensorSpec spec = s.stateParam(i);
            double[] v = new double[spec.size()];
            model.getOptimizerState(i, v);
            tensors.put("optimizer." + s.optimizerState().get(i), entry(v, spec.shape(), f32));
        }
        tensors.put(STEP, TensorEntry.i64(new long[] {model.stepCount()}));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT, "pt");
        meta.put(MODEL, s.modelName());
        meta.put(SOURCE_HASH, s.sourceHash());
        meta.put(VERSION, version());
        meta.put(PRECISION, s.precision());
        meta.put(OPTIMIZER, s.optimizer());
        meta.put(HYPER, s.optimizerHyperParameters().toString());
        meta.put(LR, Double.toString(model.learningRate()));
        meta.putAll(extra);
        Safetensors.write(file, tensors, meta);
    }

    private static TensorEntry entry(double[] v, int[] shape, boolean f32) {
        if (!f32) return TensorEntry.f64(v, shape);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return TensorEntry.f32(f, shape);
    }

    /**
     * Loads parameters (and, when {@code optimizerState}, the optimizer state, step counter and learning
     * rate) into the model; returns the file's metadata. Every parameter must be present with its shape.
     *
     * <p>A checkpoint is data, and one from elsewhere may be corrupt or hostile, so everything it holds is
     * checked before the model is touched, and every problem is a {@link CheckpointException} naming the
     * file and the tensor or key: a parameter or optimizer state that is missing, of another shape or
     * dtype, or holds NaN or an infinity (refused, with the position of the first such value: training or
     * predicting from it could only give NaN); a step counter that is not one non-negative I64 value; and
     * the metadata that tools read back: {@value #LR} (a positive finite number), {@value #EPOCHS_DONE}
     * (a whole number from 0), {@value #ENCODING} and {@value #STANDARDIZER} (readable, and as wide as the
     * model's input when the model has one input). The model is left unchanged when loading fails.
     */
    public static Map<String, String> load(TrainableModel model, Path file, boolean optimizerState) throws CheckpointException {
        Checkpoint c = Safetensors.read(file);
        ModelSignature s = model.signature();
        for (String name : c.tensors().keySet()) {
            if (name.startsWith("optimizer.")) continue;
            boolean known = s.params().stream().anyMatch(p -> p.name().equals(name));
            if (!known) {
                throw new CheckpointException(file, "tensor '" + name + "' is not a parameter of model " + s.modelName()
                        + " (its parameters: " + String.join(", ", s.params().stream().map(TensorSpec::name).toList()) + ")");
            }
        }
        double[][] params = new double[s.params().size()][];
        for (int p = 0; p < params.length; p++) {
            TensorSpec spec = s.params().get(p);
            params[p] = values(c, file, spec.name(), spec);
        }
        double[][] state = new double[optimizerState ? s.optimizerState().size() : 0][];
        long step = -1;
        double lr = Double.NaN;
        if (optimizerState) {
            for (int i = 0; i < state.length; i++) {
                String name = "optimizer." + s.optimizerState().get(i);
                if (!c.tensors().containsKey(name)) {
                    throw new CheckpointException(file, "optimizer state '" + name + "' is missing; was it saved with "
                            + "another optimizer? (this model uses " + s.optimizer() + ")");
                }
                state[i] = values(c, file, name, s.stateParam(i));
            }
            TensorEntry stepEntry = c.tensors().get(STEP);
            if (stepEntry != null) step = stepCount(stepEntry, file);
        }
        checkMetadata(c.metadata(), s, file); // after the tensors: a mismatch there says more
        if (optimizerState && c.metadata().get(LR) != null) lr = Double.parseDouble(c.metadata().get(LR).trim());
        for (int p = 0; p < params.length; p++) model.setParam(p, params[p]);
        for (int i = 0; i < state.length; i++) model.setOptimizerState(i, state[i]);
        if (step >= 0) model.setStepCount(step);
        if (!Double.isNaN(lr)) model.setLearningRate(lr);
        return c.metadata();
    }

    /** The step counter: exactly one I64 value, not negative (scalar or shape [1], as PyTorch writes it). */
    private static long stepCount(TensorEntry e, Path file) throws CheckpointException {
        String found = e.dtype() + Shapes.format(e.shape());
        if (e.dtype() != DType.I64 || e.elementCount() != 1 || e.rank() > 1) {
            throw new CheckpointException(file, "'" + STEP + "' must hold one I64 value (the optimizer's step count), "
                    + "but it is " + found);
        }
        long step = e.toLongArray()[0];
        if (step < 0) throw new CheckpointException(file, "'" + STEP + "' is " + step + "; a step count is never negative");
        return step;
    }

    /** The metadata Nabla's tools read back must be well-formed (see {@link #load}). */
    private static void checkMetadata(Map<String, String> meta, ModelSignature s, Path file) throws CheckpointException {
        String lr = meta.get(LR);
        if (lr != null) {
            double v;
            try {
                v = Double.parseDouble(lr.trim());
            } catch (NumberFormatException e) {
                throw new CheckpointException(file, "metadata " + LR + " is not a number: " + quote(lr));
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new CheckpointException(file, "metadata " + LR + " is " + quote(lr)
                        + "; a learning rate is a positive finite number");
            }
        }
        String done = meta.get(EPOCHS_DONE);
        if (done != null) {
            int d;
            try {
                d = Integer.parseInt(done.trim());
            } catch (NumberFormatException e) {
                d = -1;
            }
            if (d < 0) {
                throw new CheckpointException(file, "metadata " + EPOCHS_DONE + " is " + quote(done)
                        + "; it counts the epochs trained, a whole number from 0");
            }
        }
        int inputWidth = s.inputs().size() == 1 ? s.inputs().get(0).size() : -1;
        String encoding = meta.get(ENCODING);
        if (encoding != null) {
            Encoding e;
            try {
                e = Encoding.fromJson(encoding);
            } catch (DataException ex) {
                throw new CheckpointException(file, "metadata " + ENCODING + ": " + ex.getMessage());
            }
            if (inputWidth >= 0 && e.featureCount() != inputWidth) {
                throw new CheckpointException(file, "metadata " + ENCODING + " encodes " + e.featureCount()
                        + " features, but input '" + s.inputs().get(0).name() + "' of model " + s.modelName() + " takes "
                        + inputWidth);
            }
            if (e.isClassification() && s.targets().size() == 1 && s.targets().get(0).isClass()
                    && e.classNames().size() > s.targets().get(0).classes()) {
                throw new CheckpointException(file, "metadata " + ENCODING + " names " + e.classNames().size()
                        + " classes, but target '" + s.targets().get(0).name() + "' of model " + s.modelName() + " has "
                        + s.targets().get(0).classes());
            }
        }
        String standardizer = meta.get(STANDARDIZER);
        if (standardizer != null) {
            Standardizer st;
            try {
                st = Standardizer.fromJson(standardizer);
            } catch (DataException ex) {
                throw new CheckpointException(file, "metadata " + STANDARDIZER + ": " + ex.getMessage());
            }
            if (inputWidth >= 0 && st.featureCount() != inputWidth) {
                throw new CheckpointException(file, "metadata " + STANDARDIZER + " scales " + st.featureCount()
                        + " features, but input '" + s.inputs().get(0).name() + "' of model " + s.modelName() + " takes "
                        + inputWidth);
            }
        }
    }

    /** A metadata value as quoted in messages, shortened when long. */
    private static String quote(String v) {
        String t = v.length() > 40 ? v.substring(0, 37) + "..." : v;
        return FormatException.quote(t);
    }

    private static double[] values(Checkpoint c, Path file, String name, TensorSpec spec) throws CheckpointException {
        TensorEntry e = c.tensors().get(name);
        if (e == null) throw new CheckpointException(file, "tensor '" + name + "' is missing");
        long[] shape = e.shape();
        int[] expected = spec.shape();
        boolean same = shape.length == expected.length;
        for (int i = 0; same && i < shape.length; i++) same = shape[i] == expected[i];
        if (!same) {
            throw new CheckpointException(file, "'" + name + "' has shape " + Shapes.format(shape)
                    + " in the checkpoint but " + spec.shapeString() + " in the model");
        }
        double[] v = switch (e.dtype()) {
            case F64 -> e.toDoubleArray();
            case F32 -> {
                float[] f = e.toFloatArray();
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) d[i] = f[i];
                yield d;
            }
            default -> throw new CheckpointException(file, "'" + name + "' holds " + e.dtype() + " values, not floating point");
        };
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new CheckpointException(file, "'" + name + "' holds " + v[i] + " at " + position(i, expected)
                        + "; weights must be finite numbers (was the model saved after training diverged?)");
            }
        }
        return v;
    }

    /** The position of flat index {@code i} in a tensor of this shape, e.g. {@code [3,2]}. */
    private static String position(int i, int[] shape) {
        int[] at = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = i % shape[d];
            i /= shape[d];
        }
        return Arrays.toString(at).replace(" ", "");
    }
}
