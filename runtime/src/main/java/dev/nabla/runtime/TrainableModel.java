package dev.nabla.runtime;

/**
 * A compiled model: what the generated class of every Nabla model offers. Examples are staged row by
 * row into the model's own buffers ({@link #setInput}, {@link #setTarget}), then one call runs a whole
 * fused pass over the first {@code n} rows. A training step allocates nothing.
 *
 * <p>Instances are not thread-safe: one thread trains or predicts with an instance at a time. Use
 * {@link #copy()} for a second instance with the same parameters.
 */
public interface TrainableModel {
    ModelSignature signature();

    /** The largest batch the buffers were allocated for. */
    int maxBatch();

    /** Computes the outputs for the first {@code n} staged examples. */
    void forward(int n);

    /** Computes the outputs and the batch-mean loss for the first {@code n} staged examples and targets. */
    double evaluate(int n);

    /** Computes the batch-mean loss and the gradient of every parameter; parameters are unchanged. */
    double computeGradients(int n);

    /** Forward, loss, backward and optimizer update in one fused pass; returns the loss before the update. */
    double trainStep(int n);

    /** {@link #trainStep} that also computes the outputs (for training metrics) before the update. */
    double trainStepWithOutputs(int n);

    /** Sets every parameter to its initializer's values, drawn from {@code seed}; resets optimizer state. */
    void initialize(long seed);

    double learningRate();

    void setLearningRate(double lr);

    /** Number of optimizer steps taken (the step counter of Adam's bias correction, for example). */
    long stepCount();

    void setInput(int input, int row, float[] values);

    void setInput(int input, int row, double[] values);

    void setTarget(int target, int row, float[] values);

    void setTarget(int target, int row, double[] values);

    void setClassTarget(int target, int row, int classIndex);

    /** Copies one example's output (or the whole output when it does not depend on the example). */
    void getOutput(int output, int row, float[] dst);

    void getOutput(int output, int row, double[] dst);

    /** The parameter's values in row-major order of its declared shape. */
    void getParam(int param, double[] dst);

    void setParam(int param, double[] src);

    /** The gradient from the last {@link #computeGradients} or training step. */
    void getGradient(int param, double[] dst);

    /**
     * Sets a parameter's gradient (row-major in its declared shape), for example a gradient summed over
     * several machines; {@link #applyGradients()} then updates the parameters from it.
     *
     * @throws IllegalArgumentException when {@code src} does not have the parameter's size
     */
    void setGradient(int param, double[] src);

    /**
     * One optimizer update from the gradients now held (as set by {@link #setGradient} or computed by
     * {@link #computeGradients}): the same update, clipping and step count as a training step's.
     */
    void applyGradients();

    /** The optimizer state buffer {@code i} (see {@link ModelSignature#optimizerState()}), row-major. */
    void getOptimizerState(int i, double[] dst);

    void setOptimizerState(int i, double[] src);

    /** Sets the optimizer's step counter (when resuming from a checkpoint). */
    void setStepCount(long steps);

    /** A new instance with the same signature, batch capacity and parameter values (optimizer state reset). */
    TrainableModel copy();
}
