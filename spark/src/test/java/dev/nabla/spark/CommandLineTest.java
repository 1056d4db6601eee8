package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.cli.Main;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.io.ModelCheckpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nabla train --spark local[2]}: the command finds this module through ServiceLoader, trains on Spark, and
 * writes a checkpoint that {@code nabla predict} and {@code nabla eval} use on one machine and that
 * {@code --resume} continues exactly.
 */
@Timeout(300)
class CommandLineTest {
    @TempDir
    static Path dir;
    static Path model, csv;

    record Result(int code, String out, String err) {}

    static Result run(Object... args) {
        List<String> a = new ArrayList<>();
        for (Object o : args) a.add(o.toString());
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(a.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void files() throws Exception {
        SparkTests.spark(); // the command joins this JVM's session (and leaves it running)
        csv = SparkTests.write(dir.resolve("table.csv"), SparkTests.table(300, 21));
        model = Files.writeString(dir.resolve("table.nabla"), SparkTests.TABLE_MODEL.replace("train Table { optimizer adam(lr: 0.01) }", """
                train Table {
                    data       csv("table.csv", label: "y", categorical: "colour", standardize: true)
                    validation 0.2
                    batch      32
                    epochs     4
                    optimizer  adam(lr: 0.01)
                    seed       3
                }
                """));
    }

    static double[][] weights(Path file) throws Exception {
        TrainableModel m = SparkTests.compile(SparkTests.TABLE_MODEL).newModel(4);
        ModelCheckpoints.load(m, file, true);
        return SparkTests.params(m);
    }

    @Test
    void trainOnSparkThenPredictAndEvaluateOnOneMachine() throws Exception {
        Path spark = dir.resolve("spark.safetensors"), single = dir.resolve("single.safetensors");
        Result s = run("train", model, "--spark", "local[2]", "--save", spark, "--log-format", "json");
        assertEquals(0, s.code(), s.toString());
        Result one = run("train", model, "--save", single, "--log-format", "json");
        assertEquals(0, one.code(), one.toString());
        // the same epochs (synchronous steps): the same losses to rounding
        List<String> a = s.out().lines().filter(l -> l.contains("\"event\":\"epoch\"")).toList();
        List<String> b = one.out().lines().filter(l -> l.contains("\"event\":\"epoch\"")).toList();
        assertEquals(4, a.size(), s.out());
        assertEquals(4, b.size());
        for (int i = 0; i < 4; i++) assertEquals(loss(b.get(i)), loss(a.get(i)), 1e-5, a.get(i));

        Map<String, String> meta = ModelCheckpoints.load(SparkTests.compile(SparkTests.TABLE_MODEL).newModel(4), spark, false);
        Map<String, String> oneMeta = ModelCheckpoints.load(SparkTests.compile(SparkTests.TABLE_MODEL).newModel(4), single, false);
        assertEquals(oneMeta.get("nabla.encoding"), meta.get("nabla.encoding"));
        assertEquals("4", meta.get("nabla.epochs_done"));
        assertEquals("table.csv", meta.get("nabla.data"));
        assertTrue(meta.containsKey("nabla.standardizer"), meta.toString());

        Result predict = run("predict", model, "--weights", spark, "--input", csv);
        assertEquals(0, predict.code(), predict.toString());
        assertEquals("y,p_hi,p_lo,p_mid", predict.out().lines().findFirst().orElseThrow());
        assertEquals(301, predict.out().lines().count());
        Result evalSpark = run("eval", model, "--weights", spark, "--data", csv);
        Result evalOne = run("eval", model, "--weights", single, "--data", csv);
        assertEquals(0, evalSpark.code(), evalSpark.toString());
        assertEquals(evalOne.out(), evalSpark.out().replace("spark.safetensors", "single.safetensors"));

        // two epochs, then two more with --resume: the same weights as four straight
        Path half = dir.resolve("half.safetensors"), resumed = dir.resolve("resumed.safetensors");
        assertEquals(0, run("train", model, "--spark", "local[2]", "--epochs", 2, "--save", half, "--quiet").code());
        Result r = run("train", model, "--spark", "local[2]", "--resume", half, "--save", resumed, "--quiet");
        assertEquals(0, r.code(), r.toString());
        double[][] w4 = weights(spark), w22 = weights(resumed);
        for (int p = 0; p < w4.length; p++) assertArrayEquals(w4[p], w22[p], 0.0, "parameter " + p);
    }

    private static double loss(String jsonLine) {
        String k = "\"loss\":";
        int i = jsonLine.indexOf(k) + k.length();
        int j = i;
        while (j < jsonLine.length() && "0123456789.-+eE".indexOf(jsonLine.charAt(j)) >= 0) j++;
        return Double.parseDouble(jsonLine.substring(i, j));
    }

    @Test
    void periodicAveragingFromTheCommandLine() {
        Result r = run("train", model, "--spark", "local[2]", "--local-steps", 4, "--epochs", 2);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Epoch 2/2"), r.out());
        assertTrue(r.out().contains("Trained Table for 2 epochs"), r.out());
    }

    @Test
    void mistakesAreNamed() throws Exception {
        Result r = run("train", model, "--local-steps", 2);
        assertEquals(1, r.code());
        assertEquals("nabla: --local-steps goes with --spark\n", r.err());
        r = run("train", model, "--spark", "local[2]", "--threads", 2);
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("nabla: --threads is for one machine"), r.err());
        r = run("train", model, "--spark");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().startsWith("nabla: --spark without a master works under spark-submit"), r.err());
        r = run("train", model, "--spark", "local[2]", "--local-steps", 0);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--local-steps must be at least 1, got 0"), r.err());
        Path holes = SparkTests.write(dir.resolve("holes.csv"), List.of("a,b,colour,c,y", "1,101,red,2,lo", "2,,blue,1,hi"));
        r = run("train", model, "--spark", "local[2]", "--data", holes);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().startsWith("nabla: holes.csv: row 2: column 'b': missing value (empty field)"), r.err());
        r = run("train", model, "--spark", "local[2]", "--data", dir.resolve("absent.csv"));
        assertEquals(1, r.code(), r.toString());
        assertEquals("nabla: absent.csv: file or folder not found\n", r.err());
    }
}
