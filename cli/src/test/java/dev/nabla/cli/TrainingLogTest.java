package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.train.Examples;
import dev.nabla.runtime.train.History;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.Trainer;
import dev.nabla.runtime.train.TrainingListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The live line and the result line of an epoch show the same loss. */
class TrainingLogTest {
    static final String MODEL = """
            model Line {
                input  x[3]
                target y[1]
                param  W[1, 3]
                param  b[1]
                output z = W @ x + b
                loss   mse(z, y)
            }
            """;

    @Test
    void theRunningLossAfterTheLastStepIsTheEpochLoss() {
        // 103 examples in batches of 10: the last batch has 3, so an unweighted mean of the step losses differs
        int n = 103, batch = 10;
        SplittableRandom rnd = new SplittableRandom(5);
        float[][] x = new float[n][3];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) x[i][j] = (float) rnd.nextGaussian();
            y[i][0] = 2 * x[i][0] - x[i][2] + (float) rnd.nextGaussian();
        }
        TrainableModel m = Compilation.compile(new SourceFile("line.nabla", MODEL), CompileOptions.defaults()).newModel(batch);
        m.initialize(1);
        StringWriter text = new StringWriter();
        TrainingLog log = new TrainingLog(TrainingLog.Format.TEXT, new PrintWriter(text), true, n, batch);
        List<Double> running = new ArrayList<>(), unweighted = new ArrayList<>();
        TrainingListener probe = new TrainingListener() {
            double sum;
            int steps;

            @Override public void epochStarted(int epoch, int epochs, int s) {
                sum = 0;
                steps = 0;
                log.epochStarted(epoch, epochs, s);
            }

            @Override public void stepFinished(int epoch, int step, double loss) {
                sum += loss;
                steps++;
                log.stepFinished(epoch, step, loss);
            }

            @Override public void epochFinished(History.Epoch e, int epochs) {
                running.add(log.runningLoss());
                unweighted.add(sum / steps);
                log.epochFinished(e, epochs);
            }
        };
        History h = new Trainer(m, TrainOptions.builder().epochs(3).batchSize(batch).seed(2).build())
                .fit(Examples.regression(x, y), null, probe);
        for (int e = 0; e < 3; e++) {
            double loss = h.epochs().get(e).get("loss");
            assertEquals(loss, running.get(e), 0.0, "epoch " + (e + 1) + ": the live line's loss is the epoch's");
            assertTrue(TrainingLog.format(loss).equals(TrainingLog.format(running.get(e))));
            assertTrue(Math.abs(unweighted.get(e) - loss) > 1e-6, "the data must tell the two means apart");
        }
        String[] lines = text.toString().split("\n");
        assertEquals(3, lines.length, "one line per epoch:\n" + text);
        for (int e = 0; e < 3; e++) {
            String result = lines[e].substring(lines[e].lastIndexOf('\r') + 1);
            assertTrue(result.startsWith("Epoch " + (e + 1) + "/3 - "), result);
            assertTrue(result.contains("loss: " + TrainingLog.format(h.epochs().get(e).get("loss"))), result);
        }
    }
}
