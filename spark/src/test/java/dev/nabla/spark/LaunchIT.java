package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nabla command's jar (which holds no Spark) in its own JVM: without the module it says how to add it; with the
 * module and Spark named by {@code NABLA_SPARK_CLASSPATH} it trains on Spark. (spark-submit with the shaded jar is
 * tested by {@link ClusterIT}.)
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LaunchIT {
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The command line's self-contained jar ({@code nabla-cli-VERSION-all.jar}), built by the cli module. */
    static final Path CLI_JAR = cliJar();

    private static Path cliJar() {
        Path dir = Path.of("..", "cli", "target").toAbsolutePath().normalize();
        try (java.util.stream.Stream<Path> jars = java.nio.file.Files.list(dir)) {
            return jars.filter(p -> p.getFileName().toString().matches("nabla-cli-.*-all\\.jar")).findFirst()
                    .orElse(dir.resolve("nabla-cli-all.jar"));
        } catch (java.io.IOException e) {
            return dir.resolve("nabla-cli-all.jar");
        }
    }

    @TempDir
    Path dir;

    record Result(int code, String output) {}

    static Result java(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.add("-Xmx1g");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove(ClusterTrainingEnv.NAME);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the JVM did not exit");
            return new Result(p.exitValue(), new String(out));
        } finally {
            p.destroyForcibly();
        }
    }

    /** The environment variable the command reads (spelled here so that a rename shows). */
    static final class ClusterTrainingEnv {
        static final String NAME = "NABLA_SPARK_CLASSPATH";
    }

    static List<String> sparkOptions() {
        return Arrays.asList(System.getProperty("nabla.spark.java.options").trim().split("\\s+"));
    }

    Path model() throws IOException {
        SparkTests.write(dir.resolve("table.csv"), SparkTests.table(120, 12));
        return Files.writeString(dir.resolve("table.nabla"), SparkTests.TABLE_MODEL.replace("train Table { optimizer adam(lr: 0.01) }", """
                train Table {
                    data       csv("table.csv", label: "y", categorical: "colour", standardize: true)
                    batch      30
                    epochs     2
                    optimizer  adam(lr: 0.01)
                }
                """));
    }

    @Test
    void theCommandWithoutTheModuleSaysHowToAddIt() throws Exception {
        assertTrue(Files.isRegularFile(CLI_JAR), CLI_JAR + " (built by the cli module)");
        Result r = java(Map.of(), List.of("-jar", CLI_JAR.toString(), "train", model().toString(), "--spark", "local[1]"));
        assertEquals(1, r.code(), r.output());
        assertTrue(r.output().contains("nabla: --spark needs the nabla-spark module and Apache Spark"), r.output());
        assertTrue(r.output().contains("source spark/target/nabla-spark.env"), r.output());
    }

    @Test
    void theCommandTrainsWithTheModuleFromTheEnvironment() throws Exception {
        String cp = System.getProperty("nabla.spark.jar") + java.io.File.pathSeparator + System.getProperty("nabla.spark.classpath");
        List<String> args = new ArrayList<>(sparkOptions());
        args.addAll(List.of("-jar", CLI_JAR.toString(), "train", model().toString(), "--spark", "local[1]", "--spark-conf",
                "spark.ui.enabled=false", "--spark-conf", "spark.driver.host=127.0.0.1", "--save", dir.resolve("w.safetensors").toString()));
        Result r = java(Map.of(ClusterTrainingEnv.NAME, cp), args);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("Trained Table for 2 epochs"), r.output());
        assertTrue(Files.size(dir.resolve("w.safetensors")) > 0);
        assertTrue(!r.output().contains(" INFO "), "Spark's INFO lines stay quiet:\n" + r.output());
    }
}
