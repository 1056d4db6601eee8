package dev.nabla.compiler.fuzz;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.InternalCompilerError;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.TrainableModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Random;

/**
 * One model text through the public API: {@link Nabla#compile(String, String, CompileOptions)}, then, when it
 * compiles, one training step on random data. The outcome is one of:
 * <ul>
 *   <li>{@link Kind#DIAGNOSED}: a {@link NablaException} whose errors all carry a location
 *       ({@code file:line:col});</li>
 *   <li>{@link Kind#TRAINED}: the model compiled (Janino) and a training step ran;</li>
 *   <li>{@link Kind#TOO_LARGE}: the model compiled, but its tensors are too large to allocate in a test (by
 *       the sizes in its signature, or running out of memory for the buffers of its intermediate values);</li>
 *   <li>{@link Kind#FAILURE}: anything else: an error without a location, an internal compiler error, any
 *       other exception or error.</li>
 * </ul>
 */
final class FuzzCase {
    enum Kind { DIAGNOSED, TRAINED, TOO_LARGE, FAILURE }

    record Outcome(Kind kind, String detail) {
        static Outcome failure(String what, Throwable e) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            String trace = w.toString();
            return new Outcome(Kind.FAILURE, what + ": " + (trace.length() > 3000 ? trace.substring(0, 3000) + "..." : trace));
        }
    }

    /** Elements of inputs, targets, outputs and parameters above which a compiled model is not instantiated. */
    static final long MAX_TEST_ELEMENTS = 32_000_000;
    static final int BATCH = 2;

    private FuzzCase() {}

    static Outcome run(String source, long seed) {
        CompiledModel compiled;
        try {
            compiled = Nabla.compile("fuzz.nabla", source, CompileOptions.defaults());
        } catch (InternalCompilerError e) {
            return new Outcome(Kind.FAILURE, "internal compiler error: " + shorten(e.getMessage()));
        } catch (NablaException e) {
            if (e.errors().isEmpty()) return new Outcome(Kind.FAILURE, "a NablaException without errors: " + shorten(e.getMessage()));
            for (Diagnostic d : e.errors()) {
                if (!d.span().isKnown() || d.span().line() < 1 || d.span().column() < 1) {
                    return new Outcome(Kind.FAILURE, "an error without file:line:col: " + shorten(d.format()));
                }
                if (d.message().contains("internal compiler error")) {
                    return new Outcome(Kind.FAILURE, shorten(d.format()));
                }
            }
            return new Outcome(Kind.DIAGNOSED, e.errors().get(0).headline());
        } catch (Throwable e) {
            return Outcome.failure("Nabla.compile threw", e);
        }
        try {
            ModelSignature s = compiled.signature();
            if (elements(s) > MAX_TEST_ELEMENTS) return new Outcome(Kind.TOO_LARGE, s.modelName());
            TrainableModel m = compiled.newModel(BATCH, seed);
            Random r = new Random(seed);
            for (int row = 0; row < BATCH; row++) {
                for (int i = 0; i < s.inputs().size(); i++) m.setInput(i, row, random(r, s.inputs().get(i).size()));
                for (int i = 0; i < s.targets().size(); i++) {
                    TensorSpec t = s.targets().get(i);
                    if (t.isClass()) m.setClassTarget(i, row, r.nextInt(t.classes()));
                    else m.setTarget(i, row, random(r, t.size()));
                }
            }
            m.trainStep(BATCH);
            return new Outcome(Kind.TRAINED, s.modelName());
        } catch (OutOfMemoryError e) {
            // buffers of intermediate values (a product of two large inputs, say) the signature does not show
            return new Outcome(Kind.TOO_LARGE, "out of memory instantiating or training " + compiled.name());
        } catch (Throwable e) {
            return Outcome.failure("the compiled model failed a training step", e);
        }
    }

    private static long elements(ModelSignature s) {
        long n = 0;
        for (TensorSpec t : s.inputs()) n += (long) t.size() * BATCH;
        for (TensorSpec t : s.targets()) n += (long) t.size() * BATCH;
        for (TensorSpec t : s.outputs()) n += (long) t.size() * BATCH;
        for (TensorSpec t : s.params()) n += 4L * t.size(); // value, gradient, optimizer state
        return n;
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    private static String shorten(String s) {
        return s == null ? "null" : s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
