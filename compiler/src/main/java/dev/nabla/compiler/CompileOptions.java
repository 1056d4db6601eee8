package dev.nabla.compiler;

import dev.nabla.compiler.ir.Num;

/**
 * How to compile a model file.
 *
 * @param num             element type of the generated code (float for training, double for checks)
 * @param packageName     package of the generated class
 * @param modelName       which model of the file (null: the only one)
 * @param inputGradients  also compute gradients with respect to the inputs (for gradient checks)
 * @param optimizer       optimizer whose update is fused into the step (null: the train block's, else sgd)
 */
public record CompileOptions(Num num, String packageName, String modelName, boolean inputGradients,
                             dev.nabla.compiler.check.TrainSettings.OptimizerSpec optimizer, Double clipValue,
                             Double clipNorm) {
    public static final String DEFAULT_PACKAGE = "dev.nabla.generated";

    public static CompileOptions defaults() {
        return new CompileOptions(Num.FLOAT, DEFAULT_PACKAGE, null, false, null, null, null);
    }

    public CompileOptions withNum(Num n) {
        return new CompileOptions(n, packageName, modelName, inputGradients, optimizer, clipValue, clipNorm);
    }

    public CompileOptions withPackage(String p) {
        return new CompileOptions(num, p, modelName, inputGradients, optimizer, clipValue, clipNorm);
    }

    public CompileOptions withModel(String m) {
        return new CompileOptions(num, packageName, m, inputGradients, optimizer, clipValue, clipNorm);
    }

    public CompileOptions withInputGradients(boolean b) {
        return new CompileOptions(num, packageName, modelName, b, optimizer, clipValue, clipNorm);
    }

    /** The optimizer to fuse (overrides the train block's). */
    public CompileOptions withOptimizer(dev.nabla.compiler.check.TrainSettings.OptimizerSpec o) {
        return new CompileOptions(num, packageName, modelName, inputGradients, o, clipValue, clipNorm);
    }

    /** Gradient clipping by value and by global norm (null: the train block's, else none). */
    public CompileOptions withClipping(Double value, Double norm) {
        return new CompileOptions(num, packageName, modelName, inputGradients, optimizer, value, norm);
    }
}
