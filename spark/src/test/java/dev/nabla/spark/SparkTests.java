package dev.nabla.spark;

import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.runtime.TrainableModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;

/** What the Spark tests share: one local[2] session per test JVM, generated tables, the public data sets. */
final class SparkTests {
    private static SparkSession spark;

    private SparkTests() {}

    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("nabla-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return spark;
    }

    /** The public data sets next to the repository ({@code ../shared/datasets}); the test is skipped without them. */
    static Path dataset(String name) {
        Path dir = Paths.get("").toAbsolutePath().getParent().resolveSibling("shared").resolve("datasets");
        Assumptions.assumeTrue(Files.isDirectory(dir), "no shared data sets at " + dir);
        Path p = dir.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(p), "no " + p);
        return p;
    }

    /** A classification table: three numbers, a categorical colour, class y in {lo, mid, hi} from a noisy rule. */
    static List<String> table(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] colours = {"red", "green", "blue"};
        List<String> lines = new ArrayList<>();
        lines.add("a,b,colour,c,y");
        for (int i = 0; i < rows; i++) {
            double a = r.nextDouble() * 10 - 5, b = r.nextDouble() * 4 + 100, c = r.nextGaussian() * 3;
            int colour = r.nextInt(3);
            double score = a + 2 * (b - 102) + (colour - 1) * 2 + r.nextGaussian() * 0.5;
            String y = score < -2 ? "lo" : score < 2 ? "mid" : "hi";
            lines.add(String.format(Locale.ROOT, "%.3f,%.3f,%s,%.3f,%s", a, b, colours[colour], c, y));
        }
        return lines;
    }

    static Path write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, lines);
    }

    static final String TABLE_MODEL = """
            model Table {
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
            train Table { optimizer adam(lr: 0.01) }
            """;

    static CompiledModel compile(String source) {
        return Nabla.compile("table.nabla", source, CompileOptions.defaults());
    }

    static double[][] params(TrainableModel m) {
        double[][] p = new double[m.signature().params().size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[m.signature().params().get(i).size()];
            m.getParam(i, p[i]);
        }
        return p;
    }
}
