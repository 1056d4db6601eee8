package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on real public data from {@code ../shared/datasets} next to the repository (skipped when that
 * folder is absent; the files are read in place, never copied into the project). The model files are
 * written into a temporary folder with absolute data paths.
 */
class PublicDatasetsTest {
    static final Path DATASETS = Cli.datasets();

    @TempDir
    Path dir;

    private static Path dataset(String name) {
        Assumptions.assumeTrue(Files.isDirectory(DATASETS), "no shared data sets at " + DATASETS);
        Path p = DATASETS.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(p), "no " + p);
        return p;
    }

    private static String quoted(Path p) {
        return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Iris: 150 flowers, 4 measurements, label column "species" (3 classes); a 4-16-3 network. */
    @Test
    void irisReachesValidationAccuracyOf93Percent() throws IOException {
        Path iris = dataset("iris.csv");
        assertTrue(Files.readAllLines(iris).get(0).endsWith(",species"), "the label column is 'species'");
        Path model = Files.writeString(dir.resolve("iris.nabla"), """
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
                train Iris {
                    data       csv(%s, label: "species", standardize: true)
                    validation 0.2
                    batch      16
                    epochs     100
                    optimizer  adam(lr: 0.01)
                    seed       42
                }
                """.formatted(quoted(iris)));
        Path weights = dir.resolve("iris.safetensors");
        JsonObject done = Cli.done(Cli.run("train", model, "--log-format", "json", "--save", weights).assertOk());
        double acc = Cli.number(done, "val_accuracy");
        assertTrue(acc >= 0.93, "iris validation accuracy " + acc + " < 0.93");

        // and the saved model classifies the file with the class names of the data
        List<String> preds = Cli.run("predict", model, "--weights", weights, "--input", iris).assertOk().outLines();
        assertEquals("species,p_setosa,p_versicolor,p_virginica", preds.get(0));
        assertEquals(151, preds.size());
    }

    private Path penguinsModel(Path penguins) throws IOException {
        // island (3 values) and sex (2 values) one-hot, plus 4 measurements: 9 features
        return Files.writeString(dir.resolve("penguins.nabla"), """
                model Penguins {
                    input  x[9]
                    target species: class(3)
                    param W1[16, 9] init xavier
                    param b1[16]
                    param W2[3, 16] init xavier
                    param b2[3]
                    h      = relu(W1 @ x + b1)
                    logits = W2 @ h + b2
                    output probs = softmax(logits)
                    loss   cross_entropy(logits, species)
                }
                train Penguins {
                    data       csv(%s, label: "species", categorical: "island, sex", standardize: true)
                    validation 0.2
                    epochs     50
                    optimizer  adam(lr: 0.01)
                    seed       1
                }
                """.formatted(quoted(penguins)));
    }

    /** Penguins has empty fields: by default that is an error naming the file, the row and the column. */
    @Test
    void penguinsMissingValuesAreAnErrorNamingFileRowAndColumn() throws IOException {
        Path penguins = dataset("penguins.csv");
        List<String> lines = Files.readAllLines(penguins);
        int firstLine = 0, firstColumn = 0;
        String[] header = lines.get(0).split(",", -1);
        search:
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            for (int j = 0; j < f.length; j++) {
                if (f[j].isEmpty()) {
                    firstLine = i + 1;
                    firstColumn = j;
                    break search;
                }
            }
        }
        assertTrue(firstLine > 0, "penguins.csv has no empty field any more");
        Cli.run("train", penguinsModel(penguins)).assertUserError("penguins.csv:" + firstLine + ":",
                "column '" + header[firstColumn] + "'", "missing");
    }

    /** With --on-missing drop it trains, and says how many rows it dropped. */
    @Test
    void penguinsWithOnMissingDropTrainsAndReportsTheDroppedRows() throws IOException {
        Path penguins = dataset("penguins.csv");
        long incomplete = Files.readAllLines(penguins).stream().skip(1)
                .filter(l -> List.of(l.split(",", -1)).contains("")).count();
        assertTrue(incomplete > 0);
        Cli.Result r = Cli.run("train", penguinsModel(penguins), "--on-missing", "drop", "--quiet").assertOk();
        Matcher m = Pattern.compile("dropped (\\d+) rows with missing values from penguins.csv").matcher(r.err());
        assertTrue(m.find(), "no report of the dropped rows:\n" + r);
        assertEquals(incomplete, Long.parseLong(m.group(1)), "rows with an empty field");
        long total = Files.readAllLines(penguins).size() - 1;
        long kept = total - incomplete;
        long validation = Math.round(kept * 0.2);
        assertTrue(Cli.summary(r).get("val_accuracy") >= 0.9, r.toString());
        Cli.Result text = Cli.run("train", penguinsModel(penguins), "--on-missing", "drop", "--epochs", 1).assertOk();
        assertTrue(text.out().contains("on " + (kept - validation) + " examples (" + validation + " for validation)"),
                text.toString());
    }

    /**
     * MNIST's 10,000 test digits: 8,000 to train, 2,000 to validate; a 784-128-10 relu network with Adam
     * (lr 0.003, cosine schedule over 12 epochs, batch 64) reaches about 96.5 % validation accuracy in
     * about ten seconds on 2 cores.
     */
    @Test
    @Timeout(120)
    void mnistReachesValidationAccuracyOf95Percent() throws IOException {
        Path images = dataset("mnist-t10k-images-idx3-ubyte.gz");
        Path labels = dataset("mnist-t10k-labels-idx1-ubyte.gz");
        Path model = Files.writeString(dir.resolve("mnist.nabla"), """
                model Mnist {
                    input  x[784]
                    target digit: class(10)
                    param W1[128, 784] init he
                    param b1[128]
                    param W2[10, 128] init xavier
                    param b2[10]
                    h      = relu(W1 @ x + b1)
                    logits = W2 @ h + b2
                    output probs = softmax(logits)
                    loss   cross_entropy(logits, digit)
                }
                train Mnist {
                    data       idx(images: %s, labels: %s)
                    validation 0.2
                    batch      64
                    epochs     12
                    schedule   cosine
                    optimizer  adam(lr: 0.003)
                    seed       2
                }
                """.formatted(quoted(images), quoted(labels)));
        Cli.Result r = Cli.run("train", model, "--log-format", "json").assertOk();
        List<JsonObject> epochs = Cli.epochEvents(r);
        assertEquals(12, epochs.size());
        JsonObject done = Cli.done(r);
        double acc = Cli.number(done, "val_accuracy");
        assertTrue(acc >= 0.95, "MNIST validation accuracy " + acc + " < 0.95\n" + r);
        Cli.Result text = Cli.run("train", model, "--epochs", 1).assertOk();
        assertTrue(text.out().contains("on 8000 examples (2000 for validation)"), text.toString());
    }
}
