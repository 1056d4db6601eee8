package dev.nabla.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code nabla init NAME}: a folder with a model file, a small generated data set and a README, ready to
 * train: {@code nabla train NAME/NAME.nabla}.
 */
@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Creates a folder with a model file, a small data set and a README, ready to train.")
final class InitCommand implements Callable<Integer> {
    /** Rows of the generated data set. */
    static final int ROWS = 400;

    @Parameters(paramLabel = "NAME", description = "The folder to create (it must not exist, or be empty).")
    Path folder;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path name = folder.getFileName();
        if (name == null || OutputFiles.isStandardStream(folder) || name.toString().startsWith(".")) {
            throw new UserError("init: give the name of a folder to create, got '" + folder + "'");
        }
        String base = name.toString();
        String model = modelName(base);
        Path parent = folder.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserError("init: cannot create " + folder + ": folder " + (folder.getParent() == null ? parent : folder.getParent())
                    + " does not exist");
        }
        try {
            if (Files.exists(folder)) {
                if (!Files.isDirectory(folder)) throw new UserError("init: " + folder + " exists and is not a folder");
                try (var entries = Files.list(folder)) {
                    if (entries.findAny().isPresent()) {
                        throw new UserError("init: " + folder + " already exists and is not empty; choose another name");
                    }
                }
            } else {
                Files.createDirectory(folder);
            }
            Path modelFile = folder.resolve(base + ".nabla");
            Files.writeString(modelFile, modelText(model), StandardCharsets.UTF_8);
            Files.writeString(folder.resolve("moons.csv"), moons(ROWS, 7), StandardCharsets.UTF_8);
            Files.writeString(folder.resolve("README.md"), readme(base, model), StandardCharsets.UTF_8);
            var out = spec.commandLine().getOut();
            out.println("Created " + folder + " with " + base + ".nabla (model " + model + "), moons.csv (" + ROWS
                    + " examples) and README.md. Train it:");
            out.println();
            out.println("    nabla train " + modelFile);
            out.flush();
            return Main.OK;
        } catch (IOException e) {
            throw new UserError("init: cannot create " + folder + ": " + TrainCommand.reason(e));
        }
    }

    /** {@code my-first_model} becomes {@code MyFirstModel}; a name that starts with a digit gets {@code M}. */
    static String modelName(String folder) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (int i = 0; i < folder.length(); i++) {
            char c = folder.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) sb.insert(0, 'M');
        return sb.toString();
    }

    static String modelText(String model) {
        return """
                # A classifier of two interleaved half-moons: 2 inputs -> 16 -> 16 -> 2 classes.
                # The language is described in docs/language.md of the Nabla sources.
                model %1$s {
                    input  x[2]                    # one example: two coordinates (the batch axis is implicit)
                    target moon: class(2)          # its class: upper or lower
                    param  W1[16, 2]
                    param  b1[16]
                    param  W2[16, 16]
                    param  b2[16]
                    param  W3[2, 16]
                    param  b3[2]
                    h1     = tanh(W1 @ x + b1)
                    h2     = tanh(W2 @ h1 + b2)
                    logits = W3 @ h2 + b3
                    output probs = softmax(logits)
                    loss   cross_entropy(logits, moon)
                }

                train %1$s {
                    data       csv("moons.csv", label: "moon", standardize: true)   # relative to this file
                    validation 0.2
                    batch      32
                    epochs     60
                    optimizer  adam(lr: 0.01)
                    seed       1
                }
                """.formatted(model);
    }

    /** Two half-moons with a little noise, as scikit-learn's make_moons draws them; the same rows for a seed. */
    static String moons(int rows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("x1,x2,moon\n");
        for (int i = 0; i < rows; i++) {
            boolean upper = i % 2 == 0;
            double t = Math.PI * rnd.nextDouble();
            double x = upper ? Math.cos(t) : 1 - Math.cos(t);
            double y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
            x += 0.1 * rnd.nextGaussian();
            y += 0.1 * rnd.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%s%n", x, y, upper ? "upper" : "lower"));
        }
        return sb.toString();
    }

    static String readme(String base, String model) {
        return """
                # %1$s

                A Nabla project: `%1$s.nabla` declares the model `%2$s` (what it computes for one example, and its
                loss) and how to train it (the `train` block); `moons.csv` is its data, %3$d points of two
                interleaved half-moons with the column `moon` as the label.

                Train it (one line per epoch, then a summary; it reaches about 99%% validation accuracy):

                    nabla train %1$s.nabla

                Save the weights, plot the learning curves and write a report:

                    nabla train %1$s.nabla --save %1$s.safetensors --plot curves.svg --report report.html

                Predict (class and probabilities for each row) and evaluate:

                    nabla predict %1$s.nabla --weights %1$s.safetensors --input moons.csv --output predictions.csv
                    nabla eval %1$s.nabla --weights %1$s.safetensors --data moons.csv

                Next steps: change the hidden sizes or the activations in `%1$s.nabla` (`nabla check %1$s.nabla` finds
                mistakes with their line and column), point `data csv(...)` at your own CSV file and its label
                column, or override the train block on the command line (`--epochs`, `--batch`, `--lr`, ...;
                `nabla train --help` lists them).
                """.formatted(base, model, ROWS);
    }
}
