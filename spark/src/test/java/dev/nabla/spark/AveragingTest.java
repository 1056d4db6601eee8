package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompiledModel;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.data.CsvLoader;
import dev.nabla.runtime.data.CsvOptions;
import dev.nabla.runtime.data.Dataset;
import dev.nabla.runtime.data.MissingPolicy;
import dev.nabla.runtime.data.Standardizer;
import dev.nabla.runtime.train.Examples;
import dev.nabla.runtime.train.History;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.Trainer;
import dev.nabla.runtime.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Periodic averaging (local SGD) on local[2] converges to the accuracy of the single-machine run, within one point,
 * on iris, penguins (both skipped without the public data sets) and a generated table.
 */
@Timeout(300)
class AveragingTest {
    @TempDir
    Path dir;

    static final String IRIS = """
            model Iris {
                input  x[4]
                target species: class(3)
                param W1[16, 4] init xavier
                param b1[16]
                param W2[3, 16] init xavier
                param b2[3]
                h      = relu(W1 @ x + b1)
                logits = W2 @ h + b2
                output probs = softmax(logits)
                loss   cross_entropy(logits, species)
            }
            train Iris { optimizer adam(lr: 0.01) }
            """;

    static final String PENGUINS = IRIS.replace("Iris", "Penguins").replace("x[4]", "x[9]").replace("[16, 4]", "[16, 9]");

    /** Validation accuracy of the single-machine run, and of periodic averaging on Spark. */
    static double[] accuracies(CompiledModel c, Path csv, String label, List<String> categorical, MissingPolicy missing,
                               TrainOptions o, double validation, int localSteps) throws Exception {
        CsvOptions.Builder b = CsvOptions.builder().label(label).classification(true).onMissing(missing);
        if (!categorical.isEmpty()) b.categorical(categorical);
        Dataset.Split split = CsvLoader.load(csv, b.build()).dataset().split(validation, o.seed());
        Standardizer std = Standardizer.fit(split.train());
        Dataset train = std.apply(split.train()), val = std.apply(split.validation());
        TrainableModel single = c.newModel(o.batchSize(), o.seed());
        History h = new Trainer(single, o).fit(Examples.classification(train.features(), train.labels()),
                Examples.classification(val.features(), val.labels()), TrainingListener.NONE);

        TableOptions to = TableOptions.label(label).withCategorical(categorical).withStandardize(true).withOnMissing(missing)
                .withValidation(validation).withSeed(o.seed()).withPartitions(2);
        try (SparkTable table = SparkTable.read(SparkTests.spark(), csv.toUri().toString(), to, c.signature())) {
            assertEquals(train.size(), table.trainSize());
            TrainableModel m = c.newModel(o.batchSize(), o.seed());
            History s = SparkTraining.of(c).fit(table, m, o, SparkTraining.Mode.averaging(localSteps), TrainingListener.NONE);
            assertEquals(o.epochs(), s.epochs().size());
            assertTrue(m.stepCount() > 0);
            return new double[] {h.last().get("val_accuracy"), s.last().get("val_accuracy")};
        }
    }

    @Test
    void irisReachesTheSingleMachineAccuracy() throws Exception {
        Path iris = SparkTests.dataset("iris.csv");
        double[] acc = accuracies(SparkTests.compile(IRIS), iris, "species", List.of(), MissingPolicy.ERROR,
                new TrainOptions(60, 16, true, 42), 0.2, 4);
        assertTrue(acc[0] >= 0.9, "single machine " + acc[0]);
        assertTrue(acc[1] >= acc[0] - 0.01, "averaging " + acc[1] + ", single machine " + acc[0]);
    }

    @Test
    void penguinsReachTheSingleMachineAccuracy() throws Exception {
        Path penguins = SparkTests.dataset("penguins.csv");
        double[] acc = accuracies(SparkTests.compile(PENGUINS), penguins, "species", List.of("island", "sex"), MissingPolicy.DROP,
                new TrainOptions(40, 32, true, 1), 0.2, 5);
        assertTrue(acc[0] >= 0.9, "single machine " + acc[0]);
        assertTrue(acc[1] >= acc[0] - 0.01, "averaging " + acc[1] + ", single machine " + acc[0]);
    }

    @Test
    void aGeneratedTableReachesTheSingleMachineAccuracy() throws Exception {
        Path csv = SparkTests.write(dir.resolve("t.csv"), SparkTests.table(1200, 17));
        double[] acc = accuracies(SparkTests.compile(SparkTests.TABLE_MODEL), csv, "y", List.of("colour"), MissingPolicy.ERROR,
                new TrainOptions(20, 32, true, 5), 0.25, 8);
        assertTrue(acc[0] >= 0.85, "single machine " + acc[0]);
        assertTrue(acc[1] >= acc[0] - 0.01, "averaging " + acc[1] + ", single machine " + acc[0]);
    }

    /** A round is a pure function of what the driver sent: the same bits on every run. */
    @Test
    void averagingRepeatsBitForBit() throws Exception {
        Path csv = SparkTests.write(dir.resolve("t.csv"), SparkTests.table(200, 2));
        CompiledModel c = SparkTests.compile(SparkTests.TABLE_MODEL);
        double[][] first = null;
        for (int run = 0; run < 2; run++) {
            TableOptions to = TableOptions.label("y").withCategorical(List.of("colour")).withPartitions(2).withSeed(3);
            try (SparkTable table = SparkTable.read(SparkTests.spark(), csv.toUri().toString(), to, c.signature())) {
                TrainableModel m = c.newModel(16, 3);
                SparkTraining.of(c).fit(table, m, new TrainOptions(3, 16, true, 3), SparkTraining.Mode.averaging(3), TrainingListener.NONE);
                // 100 rows per partition, batches of 16: 7 local steps per epoch
                assertEquals(21, m.stepCount());
                double[][] w = SparkTests.params(m);
                if (first == null) first = w;
                else for (int p = 0; p < w.length; p++) assertArrayEquals(first[p], w[p], 0.0);
            }
        }
    }
}
