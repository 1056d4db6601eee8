package dev.nabla.compiler.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.TrainableModel;
import java.util.List;
import java.util.Random;

/** Model text for the hostile-input tests, and the checks they share. */
final class Models {
    private Models() {}

    /** A model with input x[4], target y[4], parameters W[4,4] and b[4], and {@code z = <expr>}. */
    static String withValue(String expr) {
        return "model M {\n    input x[4]\n    target y[4]\n    param W[4, 4]\n    param b[4]\n    z = " + expr
                + "\n    output p = z\n    loss mse(z, y)\n}\n";
    }

    /** The only error of compiling {@code source} (front end and back), which must fail. */
    static Diagnostic error(String source) {
        return error(source, CompileOptions.defaults());
    }

    static Diagnostic error(String source, CompileOptions options) {
        NablaException e = assertThrows(NablaException.class, () -> Nabla.compile("m.nabla", source, options));
        List<Diagnostic> errors = e.errors();
        assertEquals(1, errors.size(), () -> "one error expected:\n" + e.getMessage());
        Diagnostic d = errors.get(0);
        assertTrue(d.span().isKnown(), () -> "the error has a location: " + d.format());
        assertFalse(e.getMessage().contains("internal compiler error"), e::getMessage);
        return d;
    }

    /** The diagnostics of checking {@code source} (parse and check only), which must succeed. */
    static List<Diagnostic> checks(String source) {
        return Compilation.check(new SourceFile("m.nabla", source), CompileOptions.defaults());
    }

    /** Compiles {@code source}, runs one training step on random data and returns the loss. */
    static double trainsOneStep(String source, CompileOptions options) {
        CompiledModel m = Nabla.compile("m.nabla", source, options);
        TrainableModel t = m.newModel(3, 1);
        ModelSignature s = t.signature();
        Random r = new Random(5);
        for (int row = 0; row < 3; row++) {
            for (int i = 0; i < s.inputs().size(); i++) t.setInput(i, row, random(r, s.inputs().get(i).size()));
            for (int i = 0; i < s.targets().size(); i++) {
                TensorSpec spec = s.targets().get(i);
                if (spec.isClass()) t.setClassTarget(i, row, r.nextInt(spec.classes()));
                else t.setTarget(i, row, random(r, spec.size()));
            }
        }
        return t.trainStep(3);
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }
}
