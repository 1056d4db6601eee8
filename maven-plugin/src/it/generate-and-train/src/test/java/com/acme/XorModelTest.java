package com.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.testing.BlobsModel;
import dev.nabla.runtime.train.Examples;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.Trainer;
import dev.nabla.runtime.train.TrainingListener;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Trains the classes that nabla:generate and nabla:test-generate wrote, on data made here. */
class XorModelTest {
    /** Points in [-1, 1]^2 away from the axes; the class is the XOR of the signs of the coordinates. */
    static Examples xor(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                double v = 0.1 + 0.9 * r.nextDouble();
                x[i][k] = (float) (r.nextBoolean() ? v : -v);
            }
            y[i] = (x[i][0] > 0) != (x[i][1] > 0) ? 1 : 0;
        }
        return Examples.classification(x, y);
    }

    @Test
    void xorTrainsToHighAccuracy() {
        Examples train = xor(400, 1);
        Examples test = xor(400, 2);

        XorModel model = new XorModel(16);   // buffers for batches of up to 16 examples
        model.initialize(7);                 // parameters from their initializers, seeded
        Trainer trainer = new Trainer(model, TrainOptions.builder().epochs(60).batchSize(16).seed(3).build());
        trainer.fit(train, null, TrainingListener.NONE);
        double accuracy = trainer.evaluate(test).get("accuracy");
        assertTrue(accuracy >= 0.95, "accuracy on unseen points: " + accuracy);

        float[] probs = new float[2];
        model.setInput(0, 0, new float[] {0.5f, -0.5f});
        model.forward(1);
        model.getOutput(0, 0, probs);        // probs of the first example
        assertTrue(probs[1] > 0.5f, "P(class 1 | (0.5, -0.5)) = " + probs[1]);

        assertEquals("Xor", XorModel.SIGNATURE.modelName());
        assertEquals("[p[2]]", model.signature().inputs().toString());
        assertEquals("adam", model.signature().optimizer());
    }

    @Test
    void aTestOnlyModelComesFromTestGenerate() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 200;
        float[][] x = new float[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            float centre = y[i] == 0 ? -1.5f : 1.5f;
            x[i][0] = centre + (float) r.nextGaussian() * 0.5f;
            x[i][1] = centre + (float) r.nextGaussian() * 0.5f;
        }
        BlobsModel model = new BlobsModel(20);
        model.initialize(1);
        Trainer trainer = new Trainer(model, new TrainOptions(10, 20, true, 1));
        trainer.fit(Examples.classification(x, y), null, TrainingListener.NONE);
        assertTrue(trainer.evaluate(Examples.classification(x, y)).get("accuracy") >= 0.97);
    }
}
