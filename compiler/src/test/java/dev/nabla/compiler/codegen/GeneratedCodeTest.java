package dev.nabla.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.jit.JaninoCompiler;
import dev.nabla.runtime.GeneratedModel;
import dev.nabla.runtime.TrainableModel;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Properties of the generated Java itself: javac accepts it, a step allocates nothing, errors are reported. */
class GeneratedCodeTest {
    static final String IRIS = """
            model Iris {
                input  x[4]
                target y: class(3)
                param W1[16, 4] init xavier
                param b1[16]
                param W2[3, 16] init xavier
                param b2[3]
                h      = tanh(W1 @ x + b1)
                logits = W2 @ h + b2
                output probs = softmax(logits)
                loss   cross_entropy(logits, y) + 1e-4 * l2(W1, W2)
            }
            """;

    static void stage(TrainableModel m, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] row = new float[4];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) row[k] = (float) (r.nextDouble() * 2 - 1);
            m.setInput(0, i, row);
            m.setClassTarget(0, i, r.nextInt(3));
        }
    }

    @Test
    void trainingStepAllocatesNothing() {
        Compilation c = Compilation.compile(new SourceFile("iris.nabla", IRIS), CompileOptions.defaults());
        TrainableModel m = c.newModel(16);
        m.initialize(3);
        stage(m, 16, 1);
        for (int i = 0; i < 30_000; i++) m.trainStep(16); // let the JIT compile the step
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        double sink = 0;
        for (int i = 0; i < 10_000; i++) sink += m.trainStep(16);
        long after = bean.getThreadAllocatedBytes(id);
        assertTrue(Double.isFinite(sink));
        assertEquals(0, after - before, "bytes allocated by 10,000 training steps");
    }

    @Test
    void javacCompilesTheSameSourceAndItComputesTheSame(@TempDir Path dir) throws Exception {
        Compilation c = Compilation.compile(new SourceFile("iris.nabla", IRIS), CompileOptions.defaults());
        Path src = dir.resolve(c.java().className() + ".java");
        Files.writeString(src, c.java().source());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-d", dir.toString(), "-classpath", System.getProperty("java.class.path"),
                "-Xlint:all", "-Werror", "--release", "17", src.toString());
        assertEquals(0, rc, "javac: " + err);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> cls = loader.loadClass(c.java().qualifiedName());
            TrainableModel viaJavac = (GeneratedModel) cls.getConstructor(int.class).newInstance(8);
            TrainableModel viaJanino = c.newModel(8);
            for (TrainableModel m : List.of(viaJavac, viaJanino)) {
                m.initialize(5);
                stage(m, 8, 2);
                for (int i = 0; i < 3; i++) m.trainStep(8);
            }
            double[] a = new double[64], b = new double[64];
            viaJavac.getParam(0, a);
            viaJanino.getParam(0, b);
            assertArrayEquals(a, b, 0.0, "the same source gives the same weights whichever compiler built it");
        }
    }

    /** A deep model with a wide layer, weight decay and Adam: the largest methods the generator writes. */
    /**
     * Generated code is read by people: every local it declares is used, and no loop is empty (a one-hot
     * target that its readers recompute, for example, leaves neither a dead loop nor an unused local).
     */
    @Test
    void everyDeclaredLocalIsUsedAndNoLoopIsEmpty() {
        String smoothed = IRIS.replace("cross_entropy(logits, y)", "cross_entropy(logits, y, label_smoothing: 0.1)");
        String oneHotMse = IRIS.replace("cross_entropy(logits, y)", "mse(softmax(logits), onehot(y))");
        for (String model : List.of(IRIS, smoothed, oneHotMse, deepModel(3))) {
            String src = Compilation.compile(new SourceFile("m.nabla", model), CompileOptions.defaults()).java().source();
            java.util.regex.Matcher decl = java.util.regex.Pattern
                    .compile("final (?:float|double|int|float\\[\\]|float\\[\\]\\[\\]|int\\[\\]) (\\w+) = ").matcher(src);
            while (decl.find()) {
                String rest = src.substring(decl.end());
                assertTrue(java.util.regex.Pattern.compile("\\b" + decl.group(1) + "\\b").matcher(rest).find(),
                        "unused local " + decl.group(1) + " in\n" + src);
            }
            assertFalse(java.util.regex.Pattern.compile("for \\([^)]*\\) \\{\\s*\\}").matcher(src).find(), "empty loop in\n" + src);
        }
    }

    static String deepModel(int layers) {
        StringBuilder sb = new StringBuilder("model Deep {\n    input x[784]\n    target y: class(10)\n");
        int prev = 784;
        for (int l = 1; l <= layers; l++) {
            int width = l == layers ? 10 : 64;
            sb.append("    param W").append(l).append('[').append(width).append(", ").append(prev).append("]\n");
            sb.append("    param b").append(l).append('[').append(width).append("]\n");
            prev = width;
        }
        String h = "x";
        for (int l = 1; l <= layers; l++) {
            String z = "W" + l + " @ " + h + " + b" + l;
            sb.append("    h").append(l).append(" = ").append(l == layers ? z : "gelu(" + z + ")").append('\n');
            h = "h" + l;
        }
        StringBuilder weights = new StringBuilder();
        for (int l = 1; l <= layers; l++) weights.append(l == 1 ? "" : ", ").append("W").append(l);
        sb.append("    output probs = softmax(").append(h).append(")\n");
        sb.append("    loss cross_entropy(").append(h).append(", y, label_smoothing: 0.1) + 1e-4 * l2(").append(weights)
                .append(")\n}\ntrain Deep { optimizer adam(lr: 0.001, weight_decay: 0.01)  clip_norm 1.0 }\n");
        return sb.toString();
    }

    /** {@code layers} tanh layers of width 4: every product small enough for row units, so fusion could grow without end. */
    static String narrowDeepModel(int layers) {
        StringBuilder sb = new StringBuilder("model Narrow {\n    input x[4]\n    target y: class(3)\n");
        for (int l = 1; l <= layers; l++) {
            int width = l == layers ? 3 : 4;
            sb.append("    param W").append(l).append('[').append(width).append(", 4]\n    param b").append(l).append('[')
                    .append(width).append("]\n");
        }
        String h = "x";
        for (int l = 1; l <= layers; l++) {
            String z = "W" + l + " @ " + h + " + b" + l;
            sb.append("    h").append(l).append(" = ").append(l == layers ? z : "tanh(" + z + ")").append('\n');
            h = "h" + l;
        }
        return sb.append("    loss cross_entropy(").append(h).append(", y)\n}\ntrain Narrow { optimizer adam  clip_norm 1.0 }\n")
                .toString();
    }

    @Test
    void everyGeneratedMethodStaysUnderTheJitLimit(@TempDir Path dir) throws Exception {
        // HotSpot does not compile methods over 8000 bytes of bytecode (and the JVM refuses 64 KB): wide layers
        // (kernels), and a long chain of narrow ones (row units, thousands of buffers, a long signature)
        for (String model : List.of(deepModel(24), narrowDeepModel(400))) {
            Compilation c = Compilation.compile(new SourceFile("deep.nabla", model), CompileOptions.defaults());
            Path src = dir.resolve(c.java().className() + ".java");
            Files.writeString(src, c.java().source());
            int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), "-classpath",
                    System.getProperty("java.class.path"), src.toString());
            assertEquals(0, rc);
            Path cls = dir.resolve(c.java().qualifiedName().replace('.', '/') + ".class");
            org.codehaus.janino.util.ClassFile cf;
            try (var in = Files.newInputStream(cls)) {
                cf = new org.codehaus.janino.util.ClassFile(in);
            }
            int largest = 0;
            String name = "";
            for (org.codehaus.janino.util.ClassFile.MethodInfo m : cf.methodInfos) {
                for (org.codehaus.janino.util.ClassFile.AttributeInfo a : m.getAttributes()) {
                    if (!(a instanceof org.codehaus.janino.util.ClassFile.CodeAttribute code)) continue;
                    if (m.getName().equals("<init>") || m.getName().equals("<clinit>")) {
                        // run once (never JIT-compiled); they only have to stay far from the JVM's 64 KB
                        assertTrue(code.code.length < 32_000, m.getName() + " has " + code.code.length + " bytes");
                    } else if (code.code.length > largest) {
                        largest = code.code.length;
                        name = m.getName();
                    }
                }
            }
            assertTrue(largest < 8000, "method " + name + " has " + largest + " bytes of bytecode");
            assertTrue(cf.methodInfos.size() > 50, "one small method per unit");
            // and Janino (the in-process path) compiles it and it trains
            TrainableModel m = c.newModel(4);
            m.initialize(3);
            float[] row = new float[m.signature().inputs().get(0).size()];
            for (int k = 0; k < row.length; k++) row[k] = (k % 7) * 0.1f - 0.3f;
            for (int i = 0; i < 4; i++) {
                m.setInput(0, i, row);
                m.setClassTarget(0, i, i % m.signature().targets().get(0).classes());
            }
            assertTrue(Double.isFinite(m.trainStep(4)));
        }
    }

    @Test
    void theGeneratedClassCarriesTheTrainBlockSettings() throws ReflectiveOperationException {
        // a class generated ahead of time (the Maven plugin) trains as Nabla.compile(...).trainer() does
        dev.nabla.compiler.CompiledModel withBlock = dev.nabla.compiler.Nabla.compile("iris.nabla",
                IRIS + "train Iris { epochs 7  batch 12  seed 99  shuffle false }\n", CompileOptions.defaults());
        Object fromClass = withBlock.modelClass().getMethod("trainOptions").invoke(null);
        assertEquals(new dev.nabla.runtime.train.TrainOptions(7, 12, false, 99), fromClass);
        assertEquals(withBlock.trainOptions(), fromClass);
        dev.nabla.compiler.CompiledModel without = dev.nabla.compiler.Nabla.compile("iris.nabla", IRIS, CompileOptions.defaults());
        assertEquals(dev.nabla.runtime.train.TrainOptions.defaults(), without.modelClass().getMethod("trainOptions").invoke(null));
    }

    @Test
    void theFusedSgdStepEqualsGradientsThenUpdate() {
        // plain SGD is fused into the weight-gradient kernels of trainStep; computeGradients stores them (the
        // hidden layer is wider than products written into row units, whose gradients are accumulated instead)
        String wide = IRIS.replace("+ 1e-4 * l2(W1, W2)", "").replace("[16, 4]", "[40, 4]").replace("b1[16]", "b1[40]")
                .replace("[3, 16]", "[3, 40]");
        Compilation c = Compilation.compile(new SourceFile("iris.nabla", wide + "train Iris { optimizer sgd(lr: 0.1) }\n"),
                CompileOptions.defaults());
        assertTrue(c.java().source().contains("backward_update_W1"), "the W1 update is fused");
        assertTrue(c.java().source().contains("backward_update_W2"), "the W2 update is fused");
        TrainableModel fused = c.newModel(8), manual = c.newModel(8);
        fused.initialize(9);
        manual.initialize(9);
        for (int step = 0; step < 5; step++) {
            stage(fused, 8, step);
            stage(manual, 8, step);
            double a = fused.trainStep(8);
            double b = manual.computeGradients(8);
            assertEquals(b, a, 1e-6);
            for (int p = 0; p < 4; p++) {
                int size = manual.signature().params().get(p).size();
                double[] w = new double[size], g = new double[size];
                manual.getParam(p, w);
                manual.getGradient(p, g);
                for (int i = 0; i < size; i++) w[i] -= 0.1 * (float) g[i];
                manual.setParam(p, w);
            }
        }
        for (int p = 0; p < 4; p++) {
            int size = manual.signature().params().get(p).size();
            double[] a = new double[size], b = new double[size];
            fused.getParam(p, a);
            manual.getParam(p, b);
            assertArrayEquals(b, a, 1e-5);
        }
        assertEquals(5, fused.stepCount());
    }

    @Test
    void janinoFailuresCarryTheNumberedSource() {
        GeneratedSource broken = new GeneratedSource("p", "Broken", "package p;\npublic class Broken { int f() { return nope; } }\n");
        NablaException e = assertThrows(NablaException.class, () -> JaninoCompiler.compile(broken, "broken.nabla"));
        assertTrue(e.getMessage().contains("broken.nabla"), e.getMessage());
        assertTrue(e.getMessage().contains("generated line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("    2  public class Broken"), e.getMessage());
    }

    @Test
    void constantsAreSetBeforeTheFirstPass() {
        // the constant 1 of reciprocal is shared with the backward seed; a fresh model must still predict right
        String text = "model R {\n param x[3]\n output y = reciprocal(x)\n loss sum(y)\n}\n";
        Compilation c = Compilation.compile(new SourceFile("r.nabla", text), CompileOptions.defaults()
                .withNum(dev.nabla.compiler.ir.Num.DOUBLE));
        TrainableModel m = c.newModel(1);
        m.setParam(0, new double[] {2, 4, 5});
        m.forward(1);
        double[] y = new double[3];
        m.getOutput(0, 0, y);
        assertArrayEquals(new double[] {0.5, 0.25, 0.2}, y, 1e-15);
        assertEquals(0.95, m.evaluate(1), 1e-15);
    }

    @Test
    void identicalSourceIsCompiledOnce() {
        Compilation a = Compilation.compile(new SourceFile("a.nabla", IRIS), CompileOptions.defaults());
        Compilation b = Compilation.compile(new SourceFile("a.nabla", IRIS), CompileOptions.defaults());
        assertTrue(a.modelClass() == b.modelClass(), "the Janino cache is keyed by the source hash");
    }
}
