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

    /**
     * Checks what reaches the generated source: the package must be a Java package name (or empty, the
     * unnamed package), and hyper-parameters and clipping thresholds finite numbers.
     *
     * @throws IllegalArgumentException naming the option that is not valid
     */
    public CompileOptions {
        if (num == null) throw new IllegalArgumentException("num must be FLOAT or DOUBLE, not null");
        checkPackage(packageName);
        if (optimizer != null) {
            for (java.util.Map.Entry<String, Double> h : optimizer.numbers().entrySet()) {
                if (h.getValue() == null || !Double.isFinite(h.getValue())) {
                    throw new IllegalArgumentException("optimizer " + optimizer.kind().keyword() + ": hyper-parameter " + h.getKey()
                            + " must be a finite number, got " + h.getValue());
                }
            }
        }
        if (clipValue != null && !(clipValue > 0 && Double.isFinite(clipValue))) {
            throw new IllegalArgumentException("clip value must be a positive finite number, got " + clipValue);
        }
        if (clipNorm != null && !(clipNorm > 0 && Double.isFinite(clipNorm))) {
            throw new IllegalArgumentException("clip norm must be a positive finite number, got " + clipNorm);
        }
    }

    /**
     * A package name as Java writes it: identifiers separated by dots, none of them a keyword (such as
     * {@code com.example.models}), or the empty string for the unnamed package.
     */
    private static void checkPackage(String p) {
        if (p == null) throw new IllegalArgumentException("package name must not be null (use \"\" for the unnamed package)");
        if (p.isEmpty()) return;
        if (!javax.lang.model.SourceVersion.isName(p)) {
            String shown = p.length() > 60 ? p.substring(0, 57) + "..." : p;
            StringBuilder printable = new StringBuilder();
            shown.codePoints().forEach(c -> {
                if (c < 0x20 || c == 0x7f) printable.append(String.format("\\u%04x", c));
                else printable.appendCodePoint(c);
            });
            throw new IllegalArgumentException("not a Java package name: \"" + printable + "\" (a package name is "
                    + "identifiers separated by dots, none of them a Java keyword, such as com.example.models)");
        }
    }

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
