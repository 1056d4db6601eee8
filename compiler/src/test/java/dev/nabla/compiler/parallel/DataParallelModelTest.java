package dev.nabla.compiler.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.runtime.DataParallelModel;
import dev.nabla.runtime.TrainableModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Data-parallel steps: the same result on every run, the single-threaded result up to rounding. */
class DataParallelModelTest {
    static final String MODEL = """
            model P {
                input  x[6]
                target y: class(3)
                param W1[12, 6]
                param b1[12]
                param W2[3, 12]
                param b2[3]
                h      = tanh(W1 @ x + b1)
                logits = W2 @ h + b2
                output probs = softmax(logits)
                loss   cross_entropy(logits, y)
            }
            train P { optimizer adam(lr: 0.01) }
            """;

    static Compilation compile() {
        return Compilation.compile(new SourceFile("p.nabla", MODEL), CompileOptions.defaults());
    }

    /** Trains on fixed random batches of varying size and returns all parameters. */
    static double[] train(TrainableModel m, int steps) {
        SplittableRandom r = new SplittableRandom(11);
        float[] row = new float[6];
        for (int s = 0; s < steps; s++) {
            int n = 1 + r.nextInt(m.maxBatch());
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 6; k++) row[k] = (float) (r.nextDouble() * 2 - 1);
                m.setInput(0, i, row);
                m.setClassTarget(0, i, r.nextInt(3));
            }
            assertTrue(Double.isFinite(m.trainStep(n)));
        }
        double[] all = new double[12 * 6 + 12 + 3 * 12 + 3];
        int off = 0;
        for (int p = 0; p < 4; p++) {
            double[] v = new double[m.signature().params().get(p).size()];
            m.getParam(p, v);
            System.arraycopy(v, 0, all, off, v.length);
            off += v.length;
        }
        return all;
    }

    @Test
    void parallelStepsMatchTheSingleThreadedStepAndRepeatExactly() {
        Compilation c = compile();
        TrainableModel single = c.newModel(17);
        single.initialize(3);
        double[] expected = train(single, 40);
        for (int threads : new int[] {2, 3}) {
            double[] first = null;
            for (int run = 0; run < 2; run++) {
                TrainableModel m = DataParallelModel.of(c.newModel(17), threads);
                m.initialize(3);
                double[] got = train(m, 40);
                ((DataParallelModel) m).close();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(expected[i], got[i], 1e-4 + 1e-3 * Math.abs(expected[i]),
                            "threads=" + threads + " value " + i);
                }
                if (first == null) first = got;
                else assertArrayEquals(first, got, 0.0, "threads=" + threads + ": the same bits on every run");
            }
        }
    }

    @Test
    void outputsAndLossOfABatchSmallerThanTheThreadCount() {
        Compilation c = compile();
        TrainableModel single = c.newModel(4);
        TrainableModel par = DataParallelModel.of(c.newModel(4), 3);
        single.initialize(5);
        par.initialize(5);
        float[] row = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f};
        for (TrainableModel m : new TrainableModel[] {single, par}) {
            m.setInput(0, 0, row);
            m.setClassTarget(0, 0, 2);
        }
        assertEquals(single.evaluate(1), par.evaluate(1), 1e-6);
        float[] a = new float[3], b = new float[3];
        single.getOutput(0, 0, a);
        par.getOutput(0, 0, b);
        assertArrayEquals(a, b, 1e-6f);
        ((DataParallelModel) par).close();
    }
}
