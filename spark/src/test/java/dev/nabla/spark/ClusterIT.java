package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.cli.Main;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.io.ModelCheckpoints;
import dev.nabla.spark.bench.LoopbackCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster: a master and two workers as separate JVMs on the loopback address, started from the
 * Maven-resolved Spark jars. {@code nabla train --spark spark://...} ships the module's shaded jar to the executors;
 * one executor is killed after the first of three epochs of the run; Spark runs its tasks again and the run ends with the same weights,
 * bit for bit, as the same run on local[2], and the loss curve of the single-machine run.
 */
@Timeout(value = 480, unit = TimeUnit.SECONDS)
class ClusterIT {
    @TempDir
    Path dir;

    /** Output that trips a latch when the JSON line of an epoch appears. */
    static final class Watch extends StringWriter {
        final CountDownLatch epochOne = new CountDownLatch(1);

        @Override
        public void write(String s, int off, int len) {
            super.write(s, off, len);
            if (toString().contains("\"event\":\"epoch\",\"epoch\":1,")) epochOne.countDown();
        }
    }

    static int run(StringWriter out, StringWriter err, Object... args) {
        List<String> a = new ArrayList<>();
        for (Object o : args) a.add(o.toString());
        return Main.run(a.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    static double[][] weights(Path file) throws Exception {
        TrainableModel m = SparkTests.compile(SparkTests.TABLE_MODEL).newModel(4);
        ModelCheckpoints.load(m, file, true);
        return SparkTests.params(m);
    }

    static List<Double> losses(String out) {
        List<Double> l = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.contains("\"event\":\"epoch\"")) continue;
            int i = line.indexOf("\"loss\":") + 7;
            int j = line.indexOf(',', i);
            l.add(Double.parseDouble(line.substring(i, j)));
        }
        return l;
    }

    @Test
    void trainingSurvivesAKilledExecutorWithTheSameResult() throws Exception {
        Path jar = Path.of(System.getProperty("nabla.spark.jar", "missing"));
        assertTrue(Files.isRegularFile(jar), "the shaded jar " + jar + " (built by the package phase)");
        String classpath = System.getProperty("nabla.spark.classpath");
        List<String> javaOptions = Arrays.asList(System.getProperty("nabla.spark.java.options").trim().split("\\s+"));
        Path csv = SparkTests.write(dir.resolve("table.csv"), SparkTests.table(1000, 31));
        Path model = Files.writeString(dir.resolve("table.nabla"), SparkTests.TABLE_MODEL.replace("train Table { optimizer adam(lr: 0.01) }", """
                train Table {
                    data       csv("table.csv", label: "y", categorical: "colour", standardize: true)
                    validation 0.1
                    batch      125
                    epochs     3
                    optimizer  adam(lr: 0.01)
                    seed       8
                }
                """));
        Path clusterWeights = dir.resolve("cluster.safetensors");
        Watch out = new Watch();
        StringWriter err = new StringWriter();
        AtomicLong killed = new AtomicLong(-1);
        try (LoopbackCluster cluster = new LoopbackCluster(classpath, javaOptions, 2, "1g", Duration.ofSeconds(120))) {
            Thread killer = new Thread(() -> {
                try {
                    if (!out.epochOne.await(300, TimeUnit.SECONDS)) return;
                    List<ProcessHandle> executors = cluster.executors();
                    if (executors.isEmpty()) {
                        err.write("killer: no executor process found\n");
                        return;
                    }
                    ProcessHandle victim = executors.get(0);
                    victim.destroyForcibly();
                    victim.onExit().get(30, TimeUnit.SECONDS);
                    killed.set(victim.pid());
                } catch (Exception e) {
                    err.write("killer: " + e + "\n");
                }
            }, "executor-killer");
            killer.setDaemon(true);
            killer.start();
            int code = run(out, err, "train", model, "--spark", cluster.masterUrl(), "--save", clusterWeights, "--log-format", "json",
                    "--spark-conf", "spark.jars=" + jar, "--spark-conf", "spark.driver.host=127.0.0.1",
                    "--spark-conf", "spark.driver.bindAddress=127.0.0.1", "--spark-conf", "spark.executor.memory=512m",
                    "--spark-conf", "spark.default.parallelism=2", "--spark-conf", "spark.ui.enabled=false",
                    // the kernels of this JVM (plain, see the pom) on the executors too, for the same bits
                    "--spark-conf", "spark.executor.extraJavaOptions=-Dnabla.vector=false");
            killer.join(TimeUnit.SECONDS.toMillis(60));
            String diagnostics = "\nout:\n" + out + "\nerr:\n" + err + "\nmaster:\n" + cluster.log("master");
            assertEquals(0, code, diagnostics);
            assertTrue(killed.get() > 0, "an executor was killed after epoch 1" + diagnostics);
            assertEquals(3, losses(out.toString()).size(), diagnostics);
        }

        // the same run on local[2], started the way spark-submit starts it (SparkSubmit, the module's shaded jar):
        // the same bits
        Path localWeights = dir.resolve("local.safetensors");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dnabla.vector=false"));
        cmd.addAll(javaOptions);
        cmd.addAll(List.of("-cp", classpath, "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.default.parallelism=2",
                jar.toString(), "train", model.toString(), "--save", localWeights.toString(), "--log-format", "json", "--spark"));
        Process submit = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String localOut;
        try {
            localOut = new String(submit.getInputStream().readAllBytes());
            assertTrue(submit.waitFor(180, TimeUnit.SECONDS), "spark-submit did not finish");
        } finally {
            submit.destroyForcibly();
        }
        assertEquals(0, submit.exitValue(), localOut);
        double[][] a = weights(clusterWeights), b = weights(localWeights);
        for (int p = 0; p < a.length; p++) assertArrayEquals(b[p], a[p], 0.0, "parameter " + p);
        assertEquals(losses(localOut), losses(out.toString()));

        // and the single-machine run's loss curve
        StringWriter oneOut = new StringWriter(), oneErr = new StringWriter();
        assertEquals(0, run(oneOut, oneErr, "train", model, "--log-format", "json"), oneErr.toString());
        List<Double> want = losses(oneOut.toString()), got = losses(out.toString());
        for (int e = 0; e < want.size(); e++) assertEquals(want.get(e), got.get(e), 1e-4 * want.get(e), "epoch " + (e + 1));
    }
}
