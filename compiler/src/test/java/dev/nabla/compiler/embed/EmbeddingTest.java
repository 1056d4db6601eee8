package dev.nabla.compiler.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.NablaException;
import dev.nabla.runtime.Predictor;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.io.CheckpointException;
import dev.nabla.runtime.io.ModelCheckpoints;
import dev.nabla.runtime.train.Examples;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.Trainer;
import dev.nabla.runtime.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API: compile at run time, train, predict from many threads, save and load. */
class EmbeddingTest {
    static final String QUADRANTS = """
            # XOR of the signs of two coordinates: not linearly separable
            model Quadrants {
                input  p[2]
                target q: class(2)
                param W1[8, 2] init xavier
                param b1[8]
                param W2[2, 8] init xavier
                param b2[2]
                h      = tanh(W1 @ p + b1)
                logits = W2 @ h + b2
                output probs = softmax(logits)
                loss   cross_entropy(logits, q)
            }

            train Quadrants {
                batch     16
                epochs    60
                optimizer adam(lr: 0.05)
                seed      3
            }
            """;

    static float[][] x;
    static int[] y;
    static CompiledModel compiled;
    static TrainableModel trained;

    /** Points in [-1, 1]^2 away from the axes, labelled with the XOR of their signs. */
    static Examples quadrants(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] px = new float[n][2];
        int[] py = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                double v = 0.1 + 0.9 * r.nextDouble();
                px[i][k] = (float) (r.nextBoolean() ? v : -v);
            }
            py[i] = (px[i][0] > 0) != (px[i][1] > 0) ? 1 : 0;
        }
        return Examples.classification(px, py);
    }

    static double accuracy(Predictor p, Examples data) {
        int[] predicted = p.predictClasses(data.x());
        int right = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == data.classes()[i]) right++;
        return right / (double) predicted.length;
    }

    @BeforeAll
    static void train() {
        compiled = Nabla.compile(QUADRANTS);
        Trainer trainer = compiled.trainer();
        Examples data = quadrants(400, 1);
        x = data.x();
        y = data.classes();
        trainer.fit(data, null, TrainingListener.NONE);
        trained = trainer.model();
    }

    @Test
    void trainsFromTheTrainBlockAndPredicts() {
        assertEquals(new TrainOptions(60, 16, true, 3), compiled.trainOptions());
        assertEquals("Quadrants", compiled.name());
        assertEquals("QuadrantsModel", compiled.modelClass().getSimpleName());
        assertEquals(CompileOptions.DEFAULT_PACKAGE, compiled.modelClass().getPackageName());
        Predictor p = compiled.predictor(trained);
        assertEquals(2, p.inputSize());
        assertEquals(2, p.outputSize());
        double acc = accuracy(p, quadrants(500, 99));
        assertTrue(acc >= 0.95, "accuracy on fresh points " + acc);
        float[] probs = p.predict(new float[] {0.5f, -0.5f});
        assertEquals(1.0, probs[0] + probs[1], 1e-5);
        assertEquals(1, p.predictClass(new float[] {0.5f, -0.5f}));
        assertEquals(0, p.predictClass(new float[] {-0.5f, -0.5f}));
    }

    /**
     * An example predicted alone or inside a batch agrees to float rounding: the blocked (vector) matrix
     * kernels sum in a different order for rows in a full block than for the rows of a tail.
     */
    static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-7f + 1e-5f * Math.abs(expected[i]), "element " + i);
        }
    }

    @Test
    void batchesLargerThanTheCapacityAreSplitAndAgreeWithSingleExamples() {
        Predictor p = compiled.predictor(trained);
        assertEquals(16, p.batchCapacity());
        float[][] batch = p.predict(x); // 400 rows, capacity 16
        assertEquals(x.length, batch.length);
        for (int i = 0; i < x.length; i += 37) assertClose(p.predict(x[i]), batch[i]);
        assertEquals(0, p.predict(new float[0][]).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[3]));
        assertTrue(e.getMessage().contains("input p takes 2 values, got 3"), e.getMessage());
    }

    @Test
    void thePredictorIsASnapshot() {
        TrainableModel m = compiled.newModel(16, 5);
        Predictor before = Predictor.of(m);
        float[] first = before.predict(x[0]);
        new Trainer(m, new TrainOptions(3, 16, true, 1)).fit(Examples.classification(x, y), null, TrainingListener.NONE);
        assertArrayEquals(first, before.predict(x[0]));
        assertFalse(java.util.Arrays.equals(first, Predictor.of(m).predict(x[0])));
    }

    @Test
    void aDataParallelModelIsNotCopiedWithItsThreads() throws Exception {
        TrainableModel plain = compiled.newModel(16, 5);
        TrainableModel parallel = dev.nabla.runtime.DataParallelModel.of(plain, 2);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Predictor.of(parallel));
            assertTrue(e.getMessage().contains("pass the generated model that the DataParallelModel wraps"), e.getMessage());
            assertArrayEquals(Predictor.of(plain).predict(x[3]), Predictor.of(plain).predict(x[3]));
        } finally {
            ((AutoCloseable) parallel).close();
        }
    }

    @Test
    void predictorIsSafeToShareAcrossThreads() throws Exception {
        Predictor p = compiled.predictor(trained);
        float[][] expected = new float[x.length][];
        for (int i = 0; i < x.length; i++) expected[i] = p.predict(x[i]);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int offset = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int i = offset; i < x.length; i += 3) {
                            if (i % 2 == 0) {
                                assertClose(expected[i], p.predict(x[i]));
                            } else {
                                int to = Math.min(x.length, i + 40);
                                float[][] b = p.predict(java.util.Arrays.copyOfRange(x, i, to));
                                for (int k = 0; k < b.length; k++) assertClose(expected[i + k], b[k]);
                            }
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            start.countDown();
            for (Future<Integer> f : results) assertTrue(f.get() > 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void savedWeightsLoadIntoANewInstance(@TempDir Path dir) throws Exception {
        Predictor p = compiled.predictor(trained);
        Path file = dir.resolve("quadrants.safetensors");
        p.save(file);
        TrainableModel loaded = compiled.load(file);
        Predictor q = compiled.predictor(loaded);
        assertArrayEquals(p.predict(x)[7], q.predict(x)[7]);
        for (int i = 0; i < x.length; i += 11) assertArrayEquals(p.predict(x[i]), q.predict(x[i]));
        var meta = dev.nabla.runtime.io.Safetensors.read(file).metadata();
        assertEquals(compiled.signature().sourceHash(), meta.get(ModelCheckpoints.SOURCE_HASH));
        assertTrue(dev.nabla.runtime.io.Safetensors.read(file).tensors().containsKey("W1"));

        // another model's weights do not fit
        CompiledModel wider = Nabla.compile(QUADRANTS.replace("[8, 2]", "[9, 2]").replace("b1[8]", "b1[9]")
                .replace("[2, 8]", "[2, 9]"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> wider.load(file));
        assertTrue(e.getMessage().contains("'W1' has shape [8,2] in the checkpoint but [9,2] in the model"), e.getMessage());
        assertThrows(CheckpointException.class, () -> compiled.load(dir.resolve("missing.safetensors")));
    }

    @Test
    void compilingTheSameSourceTwiceReusesTheClass() {
        assertSame(compiled.modelClass(), Nabla.compile(QUADRANTS).modelClass());
        CompiledModel other = Nabla.compile(QUADRANTS, CompileOptions.defaults().withPackage("com.acme"));
        assertEquals("com.acme.QuadrantsModel", other.modelClass().getName());
        assertNotSame(compiled.modelClass(), other.modelClass());
        assertTrue(other.javaSource().startsWith("package com.acme;"));
    }

    @Test
    void modelErrorsCarryEveryDiagnostic() {
        String broken = """
                model Net {
                    input  x[4]
                    target y: class(3)
                    param  W[3, 5]
                    logits = W @ x
                    h      = tahn(x)
                    loss   cross_entropy(logits, y)
                }
                """;
        NablaException e = assertThrows(NablaException.class, () -> Nabla.compile("net.nabla", broken,
                CompileOptions.defaults()));
        List<String> headlines = e.errors().stream().map(Diagnostic::headline).toList();
        assertTrue(headlines.contains("net.nabla:5:16: error: shape mismatch: W @ x needs x[5], got x[4] (W is [3,5])"),
                headlines.toString());
        assertTrue(headlines.contains("net.nabla:6:14: error: unknown function 'tahn'; did you mean 'tanh'?"),
                headlines.toString());
        assertTrue(e.getMessage().startsWith("net.nabla:5:16: error: shape mismatch"), e.getMessage());
    }

    @Test
    void anythingThatIsNotAModelIsANablaException() {
        for (String text : new String[] {"", "model", "model X {", "}}}}", "\u0000\u0001", "model X { input x[0] }",
                "train X { epochs 3 }", "model M { input x[2] loss x }"}) {
            NablaException e = assertThrows(NablaException.class, () -> Nabla.compile(text), text);
            assertFalse(e.diagnostics().isEmpty(), text);
            assertTrue(e.getMessage().startsWith(Nabla.DEFAULT_SOURCE_NAME + ":"), e.getMessage());
        }
    }

    @Test
    void compilesFilesAndReportsThemByName(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("quadrants.nabla");
        Files.writeString(ok, QUADRANTS);
        assertEquals("Quadrants", Nabla.compile(ok).name());

        Path bad = dir.resolve("bad.nabla");
        Files.writeString(bad, "model Bad {\n    input x[2]\n    h = nope(x)\n}\n");
        NablaException e = assertThrows(NablaException.class, () -> Nabla.compile(bad));
        assertTrue(e.getMessage().startsWith(bad + ":3:"), e.getMessage());

        Path latin1 = dir.resolve("latin1.nabla");
        Files.write(latin1, new byte[] {'#', ' ', (byte) 0xE9, '\n'});
        NablaException enc = assertThrows(NablaException.class, () -> Nabla.compile(latin1));
        assertEquals(latin1 + ": error: not a UTF-8 text file", enc.getMessage());

        assertThrows(NoSuchFileException.class, () -> Nabla.compile(dir.resolve("absent.nabla")));
    }
}
