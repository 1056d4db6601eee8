package dev.nabla.samples.embedding;

import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.NablaException;
import dev.nabla.runtime.Predictor;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.io.ModelCheckpoints;
import dev.nabla.runtime.train.Examples;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.Trainer;
import dev.nabla.runtime.train.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Uses Nabla the two ways an application can:
 * <ol>
 *   <li>a class generated at build time by nabla-maven-plugin from {@code src/main/nabla/.../circles.nabla}
 *       ({@link CirclesModel}), which needs only nabla-runtime;</li>
 *   <li>a model compiled at run time from text with {@link Nabla#compile(String)}, here with a hidden layer
 *       whose size is chosen when the program runs.</li>
 * </ol>
 * Both train on data made here, predict (from several threads at once), and save and load their weights.
 */
public final class EmbeddingSample {
    /** What a run measured: accuracies on examples that training never saw. */
    public record Results(double buildTimeAccuracy, double runTimeAccuracy, double reloadedAccuracy,
                          String compileError) {}

    private EmbeddingSample() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("nabla-sample");
        run(System.out, dir);
    }

    /** Runs the whole sample, printing to {@code out} and saving weights into {@code dir}. */
    public static Results run(PrintStream out, Path dir) throws Exception {
        double buildTime = buildTimeModel(out, dir);
        double[] runTime = runTimeModel(out, dir);
        String error = brokenModel(out);
        return new Results(buildTime, runTime[0], runTime[1], error);
    }

    /** (a) The class nabla-maven-plugin generated during generate-sources. */
    static double buildTimeModel(PrintStream out, Path dir) throws Exception {
        Examples train = circles(600, 1);
        Examples test = circles(400, 2);

        CirclesModel model = new CirclesModel(32);      // buffers for batches of up to 32 examples
        model.initialize(11);                           // parameters from their initializers, seeded
        Trainer trainer = new Trainer(model, new TrainOptions(80, 32, true, 5));
        trainer.fit(train, null, TrainingListener.NONE);
        double accuracy = trainer.evaluate(test).get("accuracy");

        Predictor predictor = Predictor.of(model);      // works for generated classes too
        float[] inner = predictor.predict(new float[] {0.1f, -0.2f});
        float[] outer = predictor.predict(new float[] {0.7f, 0.7f});
        ModelCheckpoints.save(model, dir.resolve("circles.safetensors"), Map.of("sample", "circles"));

        out.printf(Locale.ROOT, "build time: %s, %d parameters%n", model.getClass().getName(),
                CirclesModel.SIGNATURE.parameterCount());
        out.printf(Locale.ROOT, "  test accuracy %.3f; P(ring) at (0.1,-0.2) = %.3f, at (0.7,0.7) = %.3f%n",
                accuracy, inner[1], outer[1]);
        return accuracy;
    }

    /** (b) A model compiled while the program runs. Returns the accuracy before and after a save/load. */
    static double[] runTimeModel(PrintStream out, Path dir) throws Exception {
        Examples train = xor(400, 1);
        Examples test = xor(400, 2);
        int hidden = 8;                                 // chosen at run time

        CompiledModel compiled = Nabla.compile(xorModel(hidden));
        Trainer trainer = compiled.trainer();           // epochs, batch and seed from the train block
        trainer.fit(train, null, TrainingListener.NONE);
        Predictor predictor = compiled.predictor(trainer.model());

        // a Predictor is thread-safe: share it
        int[] predicted = IntStream.range(0, test.size()).parallel()
                .map(i -> predictor.predictClass(test.x()[i])).toArray();
        double accuracy = accuracy(predicted, test.classes());

        Path weights = dir.resolve("xor.safetensors");
        predictor.save(weights);
        TrainableModel loaded = compiled.load(weights);
        double reloaded = accuracy(compiled.predictor(loaded).predictClasses(test.x()), test.classes());

        out.printf(Locale.ROOT, "run time: %s (hidden %d), compiled to %s%n", compiled.name(), hidden,
                compiled.modelClass().getName());
        out.printf(Locale.ROOT, "  test accuracy %.3f, after save and load %.3f (%s)%n", accuracy, reloaded,
                weights.getFileName());
        return new double[] {accuracy, reloaded};
    }

    /** Model errors come back as a NablaException with every diagnostic and its location. */
    static String brokenModel(PrintStream out) {
        try {
            Nabla.compile(xorModel(8).replace("W1 @ p", "W1 @ x"));
            throw new IllegalStateException("the broken model compiled");
        } catch (NablaException e) {
            out.println("a broken model is reported like this:");
            out.println(e.getMessage());
            return e.errors().get(0).headline();
        }
    }

    /** The XOR classifier with a hidden layer of {@code hidden} units. */
    static String xorModel(int hidden) {
        return """
                model Xor {
                    input  p[2]
                    target q: class(2)
                    param W1[%1$d, 2] init xavier
                    param b1[%1$d]
                    param W2[2, %1$d] init xavier
                    param b2[2]
                    h      = tanh(W1 @ p + b1)
                    logits = W2 @ h + b2
                    output probs = softmax(logits)
                    loss   cross_entropy(logits, q)
                }

                train Xor {
                    batch     16
                    epochs    60
                    optimizer adam(lr: 0.05)
                    seed      3
                }
                """.formatted(hidden);
    }

    /** Points of the inner disc (radius below 0.5, class 0) and of the ring from 0.8 to 1.2 (class 1). */
    static Examples circles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double radius = y[i] == 0 ? 0.5 * Math.sqrt(r.nextDouble()) : 0.8 + 0.4 * r.nextDouble();
            double angle = 2 * Math.PI * r.nextDouble();
            x[i][0] = (float) (radius * Math.cos(angle));
            x[i][1] = (float) (radius * Math.sin(angle));
        }
        return Examples.classification(x, y);
    }

    /** Points of [-1, 1]^2 away from the axes; the class is the XOR of the signs of the coordinates. */
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

    static double accuracy(int[] predicted, int[] expected) {
        int right = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == expected[i]) right++;
        return right / (double) predicted.length;
    }
}
