package dev.nabla.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
