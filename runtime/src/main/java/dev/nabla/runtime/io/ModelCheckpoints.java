package dev.nabla.runtime.io;

import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.TrainableModel;
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
        for (int p = 0; p < s.params().size(); p++) {
            TensorSpec spec = s.params().get(p);
            model.setParam(p, values(c, file, spec.name(), spec));
        }
        if (optimizerState) {
            for (int i = 0; i < s.optimizerState().size(); i++) {
                String name = "optimizer." + s.optimizerState().get(i);
                if (!c.tensors().containsKey(name)) {
                    throw new CheckpointException(file, "optimizer state '" + name + "' is missing; was it saved with "
                            + "another optimizer? (this model uses " + s.optimizer() + ")");
                }
                model.setOptimizerState(i, values(c, file, name, s.stateParam(i)));
            }
            TensorEntry step = c.tensors().get(STEP);
            if (step != null) model.setStepCount(step.toLongArray()[0]);
            String lr = c.metadata().get(LR);
            if (lr != null) {
                try {
                    model.setLearningRate(Double.parseDouble(lr));
                } catch (NumberFormatException e) {
                    throw new CheckpointException(file, "metadata " + LR + " is not a number: " + lr);
                }
            }
        }
        return c.metadata();
    }

    private static double[] values(Checkpoint c, Path file, String name, TensorSpec spec) throws CheckpointException {
        TensorEntry e = c.tensors().get(name);
        if (e == null) throw new CheckpointException(file, "tensor '" + name + "' is missing");
        if (!Arrays.equals(e.intShape(), spec.shape())) {
            throw new CheckpointException(file, "'" + name + "' has shape " + Arrays.toString(e.intShape()).replace(" ", "")
                    + " in the checkpoint but " + spec.shapeString() + " in the model");
        }
        return switch (e.dtype()) {
            case F64 -> e.toDoubleArray();
            case F32 -> {
                float[] f = e.toFloatArray();
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) d[i] = f[i];
                yield d;
            }
            default -> throw new CheckpointException(file, "'" + name + "' holds " + e.dtype() + " values, not floating point");
        };
    }
}
