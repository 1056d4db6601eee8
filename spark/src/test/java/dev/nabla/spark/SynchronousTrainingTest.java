package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.ir.Num;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.data.CsvLoader;
import dev.nabla.runtime.data.CsvOptions;
import dev.nabla.runtime.data.Dataset;
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
 * Synchronous data-parallel training on local[2] reproduces the single-machine run: the same examples, split and
 * statistics, the same global batches, so the same loss curve and final weights up to the rounding of sums.
 */
@Timeout(300)
class SynchronousTrainingTest {
    @TempDir
    Path dir;

    record Single(History history, double[][] weights, Standardizer std, Dataset train) {}

    /** What {@code nabla train} does on one machine: CsvLoader, split, Standardizer, Trainer. */
    static Single single(CompiledModel c, Path csv, TrainOptions o, double validation) throws Exception {
        CsvLoader.Result r = CsvLoader.load(csv, CsvOptions.builder().label("y").classification(true).categorical("colour").build());
        Dataset.Split split = r.dataset().split(validation, o.seed());
        Standardizer std = Standardizer.fit(split.train());
        Dataset train = std.apply(split.train()), val = std.apply(split.validation());
        TrainableModel m = c.newModel(o.batchSize(), o.seed());
        Trainer t = new Trainer(m, o);
        History h = t.fit(Examples.classification(train.features(), train.labels()),
                Examples.classification(val.features(), val.labels()), TrainingListener.NONE);
        return new Single(h, SparkTests.params(m), std, train);
    }

    static TableOptions tableOptions(long seed, double validation, int partitions) {
        return TableOptions.label("y").withCategorical(List.of("colour")).withStandardize(true).withValidation(validation)
                .withSeed(seed).withPartitions(partitions);
    }

    record Distributed(History history, double[][] weights, SparkTable table) {}

    static Distributed distributed(CompiledModel c, Path csv, TrainOptions o, double validation, int partitions) throws Exception {
        SparkTable table = SparkTable.read(SparkTests.spark(), csv.toUri().toString(), tableOptions(o.seed(), validation, partitions),
                c.signature());
        TrainableModel m = c.newModel(o.batchSize(), o.seed());
        History h = SparkTraining.of(c).fit(table, m, o, SparkTraining.Mode.synchronous(), TrainingListener.NONE);
        return new Distributed(h, SparkTests.params(m), table);
    }

    private void compare(Num num, double lossTolerance, double weightTolerance) throws Exception {
        Path csv = SparkTests.write(dir.resolve("table.csv"), SparkTests.table(403, 5));
        CompiledModel c = Nabla.compile("table.nabla", SparkTests.TABLE_MODEL, CompileOptions.defaults().withNum(num));
        TrainOptions o = new TrainOptions(4, 32, true, 11);
        Single want = single(c, csv, o, 0.25);
        Distributed got = distributed(c, csv, o, 0.25, 3);
        try (SparkTable t = got.table()) {
            assertEquals(want.train().size(), t.trainSize());
            assertEquals(403 - want.train().size(), t.validationSize());
            assertEquals(List.of("a", "b", "colour=blue", "colour=green", "colour=red", "c"), t.encoding().featureNames());
            assertEquals(List.of("hi", "lo", "mid"), t.encoding().classNames());
            for (int j = 0; j < 6; j++) {
                assertEquals(want.std().mean()[j], t.standardizer().mean()[j], 1e-12 * Math.abs(want.std().mean()[j]) + 1e-15);
                assertEquals(want.std().std()[j], t.standardizer().std()[j], 1e-12 * want.std().std()[j]);
            }
            assertEquals(4, got.history().epochs().size());
            for (String metric : List.of("loss", "val_loss")) {
                double[] a = want.history().series(metric), b = got.history().series(metric);
                for (int e = 0; e < a.length; e++) {
                    assertEquals(a[e], b[e], lossTolerance * Math.abs(a[e]), metric + " of epoch " + (e + 1));
                }
            }
            for (String metric : List.of("accuracy", "val_accuracy")) {
                double[] a = want.history().series(metric), b = got.history().series(metric);
                for (int e = 0; e < a.length; e++) assertEquals(a[e], b[e], 0.011, metric + " of epoch " + (e + 1));
            }
            for (int p = 0; p < want.weights().length; p++) {
                for (int i = 0; i < want.weights()[p].length; i++) {
                    double w = want.weights()[p][i];
                    assertEquals(w, got.weights()[p][i], weightTolerance * (1 + Math.abs(w)), "parameter " + p + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void floatModelReproducesTheSingleMachineLossCurveAndWeights() throws Exception {
        compare(Num.FLOAT, 1e-5, 1e-4);
    }

    @Test
    void doubleModelReproducesTheSingleMachineRunToDoubleRounding() throws Exception {
        compare(Num.DOUBLE, 1e-12, 1e-10);
    }

    /** The same partitions give the same bits on every run; other partition counts only change the rounding. */
    @Test
    void runsRepeatBitForBit() throws Exception {
        Path csv = SparkTests.write(dir.resolve("table.csv"), SparkTests.table(300, 9));
        CompiledModel c = SparkTests.compile(SparkTests.TABLE_MODEL);
        TrainOptions o = new TrainOptions(2, 16, true, 3);
        Distributed a = distributed(c, csv, o, 0.2, 4), b = distributed(c, csv, o, 0.2, 4), d = distributed(c, csv, o, 0.2, 2);
        a.table().close();
        b.table().close();
        d.table().close();
        for (int p = 0; p < a.weights().length; p++) {
            assertArrayEquals(a.weights()[p], b.weights()[p], 0.0, "parameter " + p);
            for (int i = 0; i < a.weights()[p].length; i++) assertEquals(a.weights()[p][i], d.weights()[p][i], 1e-4);
        }
        assertArrayEquals(a.history().series("loss"), b.history().series("loss"), 0.0);
        assertTrue(a.history().last().get("accuracy") > 0.5, a.history().last().metrics().toString());
    }
}
