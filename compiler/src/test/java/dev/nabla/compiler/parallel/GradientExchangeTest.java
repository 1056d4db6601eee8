package dev.nabla.compiler.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.runtime.DataParallelModel;
import dev.nabla.runtime.TrainableModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gradients set from outside ({@link TrainableModel#setGradient}) and applied ({@link TrainableModel#applyGradients}):
 * what a cluster does when it sums the gradients of several machines and updates one copy of the parameters.
 */
class GradientExchangeTest {
    static final String MODEL = """
            model G {
                input  x[5]
                target y: class(3)
                param W1[7, 5]
                param b1[7]
                param V[7, 3]
                param c[3]
                h      = tanh(W1 @ x + b1)
                logits = h @ V + c
                output probs = softmax(logits)
                loss   cross_entropy(logits, y)
            }
            train G { optimizer adam(lr: 0.05) clip_norm 0.5 }
            """;

    static Compilation compile() {
        return Compilation.compile(new SourceFile("g.nabla", MODEL), CompileOptions.defaults());
    }

    static void stage(TrainableModel m, SplittableRandom r, int n) {
        float[] row = new float[5];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 5; k++) row[k] = (float) (r.nextDouble() * 4 - 2);
            m.setInput(0, i, row);
            m.setClassTarget(0, i, r.nextInt(3));
        }
    }

    static double[][] params(TrainableModel m) {
        double[][] p = new double[m.signature().params().size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[m.signature().params().get(i).size()];
            m.getParam(i, p[i]);
        }
        return p;
    }

    static double[][] gradients(TrainableModel m) {
        double[][] g = new double[m.signature().params().size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = new double[m.signature().params().get(i).size()];
            m.getGradient(i, g[i]);
        }
        return g;
    }

    /** Computing the gradient on one instance and applying it on another is the same as a training step. */
    @Test
    void gradientsMovedToAnotherInstanceGiveTheTrainingStepsParameters() {
        Compilation c = compile();
        TrainableModel stepper = c.newModel(16), worker = c.newModel(16), applier = c.newModel(16);
        for (TrainableModel m : new TrainableModel[] {stepper, worker, applier}) m.initialize(5);
        SplittableRandom a = new SplittableRandom(1), b = new SplittableRandom(1);
        for (int step = 0; step < 12; step++) {
            stage(stepper, a, 16);
            double loss = stepper.trainStep(16);
            stage(worker, b, 16);
            double[][] p = params(applier);
            for (int i = 0; i < p.length; i++) worker.setParam(i, p[i]);
            assertEquals(loss, worker.computeGradients(16), 0.0);
            double[][] g = gradients(worker);
            for (int i = 0; i < g.length; i++) applier.setGradient(i, g[i]);
            for (int i = 0; i < g.length; i++) {
                double[] back = new double[g[i].length];
                applier.getGradient(i, back);
                assertArrayEquals(g[i], back, 0.0, "the gradient reads back as it was set");
            }
            applier.applyGradients();
            assertEquals(step + 1, applier.stepCount());
            double[][] want = params(stepper), got = params(applier);
            for (int i = 0; i < want.length; i++) assertArrayEquals(want[i], got[i], 0.0, "step " + step + " param " + i);
        }
    }

    /** The weighted sum of two halves' gradients is the whole batch's gradient (up to rounding). */
    @Test
    void summedHalfBatchGradientsUpdateLikeTheWholeBatch() {
        Compilation c = compile();
        TrainableModel whole = c.newModel(20), half = c.newModel(20);
        whole.initialize(9);
        half.initialize(9);
        SplittableRandom r = new SplittableRandom(4);
        stage(whole, r, 20);
        whole.trainStep(20);
        r = new SplittableRandom(4);
        stage(half, r, 12);
        half.computeGradients(12);
        double[][] first = gradients(half);
        stage(half, r, 8);
        half.computeGradients(8);
        double[][] second = gradients(half);
        for (int i = 0; i < first.length; i++) {
            double[] sum = new double[first[i].length];
            for (int k = 0; k < sum.length; k++) sum[k] = first[i][k] * 12 / 20 + second[i][k] * 8 / 20;
            half.setGradient(i, sum);
        }
        half.applyGradients();
        double[][] want = params(whole), got = params(half);
        for (int i = 0; i < want.length; i++) {
            for (int k = 0; k < want[i].length; k++) assertEquals(want[i][k], got[i][k], 1e-5, "param " + i + "[" + k + "]");
        }
    }

    @Test
    void dataParallelModelsTakeGradientsFromOutsideToo() {
        Compilation c = compile();
        TrainableModel single = c.newModel(8);
        TrainableModel parallel = DataParallelModel.of(c.newModel(8), 2);
        single.initialize(2);
        parallel.initialize(2);
        SplittableRandom r = new SplittableRandom(3);
        double[][] g = new double[4][];
        for (int i = 0; i < 4; i++) {
            g[i] = new double[single.signature().params().get(i).size()];
            for (int k = 0; k < g[i].length; k++) g[i][k] = r.nextDouble() - 0.5;
        }
        for (TrainableModel m : new TrainableModel[] {single, parallel}) {
            for (int i = 0; i < 4; i++) m.setGradient(i, g[i]);
            m.applyGradients();
        }
        double[][] want = params(single), got = params(parallel);
        for (int i = 0; i < want.length; i++) assertArrayEquals(want[i], got[i], 0.0);
        assertEquals(1, parallel.stepCount());
        ((DataParallelModel) parallel).close();
    }

    @Test
    void aGradientOfTheWrongSizeIsRefusedByName() {
        TrainableModel m = compile().newModel(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.setGradient(1, new double[3]));
        assertTrue(e.getMessage().contains("b1") && e.getMessage().contains("7"), e.getMessage());
    }
}
