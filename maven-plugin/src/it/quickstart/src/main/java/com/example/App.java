package com.example;

import dev.nabla.runtime.data.CsvLoader;
import dev.nabla.runtime.data.CsvOptions;
import dev.nabla.runtime.data.DataException;
import dev.nabla.runtime.data.Dataset;
import dev.nabla.runtime.train.Examples;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.Trainer;
import dev.nabla.runtime.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;

/** Trains the Xor model (generated from src/main/nabla/com/example/xor.nabla) on data/xor.csv. */
public final class App {
    public static void main(String[] args) throws DataException {
        double accuracy = trainAndTest(Path.of(args.length > 0 ? args[0] : "data/xor.csv"));
        System.out.printf("accuracy on the held-out rows: %.3f%n", accuracy);
    }

    static double trainAndTest(Path file) throws DataException {
        // the column "label" holds the class of each row; every other column is a feature
        CsvLoader.Result csv = CsvLoader.load(file, CsvOptions.builder().label("label").build());
        List<String> classes = csv.encoding().classNames();          // [even, odd]: class index -> name
        Dataset.Split split = csv.dataset().split(0.25, 42);          // a quarter held out, seeded
        Examples train = Examples.classification(split.train().features(), split.train().labels());
        Examples test = Examples.classification(split.validation().features(), split.validation().labels());

        XorModel model = new XorModel(16);   // buffers for batches of up to 16 examples
        model.initialize(7);                 // parameters from their initializers, seeded
        Trainer trainer = new Trainer(model, TrainOptions.builder().epochs(60).batchSize(16).seed(3).build());
        trainer.fit(train, null, TrainingListener.NONE);

        float[] probs = new float[classes.size()];
        model.setInput(0, 0, new float[] {0.5f, -0.5f});
        model.forward(1);
        model.getOutput(0, 0, probs);        // the probability of each class for the point (0.5, -0.5)
        System.out.printf("(0.5, -0.5) is %s with probability %.2f%n", classes.get(probs[1] > probs[0] ? 1 : 0),
                Math.max(probs[0], probs[1]));
        return trainer.evaluate(test).get("accuracy");
    }
}
