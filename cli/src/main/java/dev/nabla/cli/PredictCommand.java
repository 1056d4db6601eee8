package dev.nabla.cli;

import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.data.Dataset;
import dev.nabla.runtime.data.MissingPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla predict FILE --weights W --input data.csv [--output preds.csv]}. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = "Predicts with a trained model: class names and probabilities, or values, one row per input row.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The model file.")
    Path file;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Weights saved by 'nabla train --save'.")
    Path weights;

    @Option(names = "--input", required = true, paramLabel = "CSV", description = "Rows to predict (the label column may be absent).")
    Path input;

    @Option(names = "--output", paramLabel = "CSV", description = "Where to write the predictions (default: standard output).")
    Path output;

    @Option(names = "--on-missing", paramLabel = "POLICY", description = "error (default) or drop rows with missing values.")
    String onMissing;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to use when a file has several.")
    String model;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        MissingPolicy missing = Flags.missingPolicy(onMissing);
        TrainedModel t = TrainedModel.load(file, model, weights, spec.commandLine().getErr());
        TrainableModel m = t.model();
        if (m.signature().outputs().isEmpty()) throw new UserError(file + ": the model declares no output to predict");
        DataSetup.Loaded loaded = DataSetup.loadLike(input, t.encoding(), false, missing, m.signature());
        Dataset data = loaded.dataset();
        if (loaded.dropped() > 0) {
            spec.commandLine().getErr().println("nabla: dropped " + loaded.dropped() + " rows with missing values from "
                    + loaded.source() + "; the predictions are for the other " + data.size() + " rows, in order");
        }
        if (t.standardizer() != null) data = t.standardizer().apply(data);
        String csv = predictions(m, data, t);
        if (output == null) {
            spec.commandLine().getOut().print(csv);
            spec.commandLine().getOut().flush();
        } else {
            writeAtomically(output, csv);
            spec.commandLine().getErr().println("nabla: wrote " + data.size() + " predictions to " + output);
        }
        return Main.OK;
    }

    static String predictions(TrainableModel m, Dataset data, TrainedModel t) {
        TensorSpec out = m.signature().outputs().get(0);
        List<String> classes = t.encoding().classNames();
        boolean classify = classes != null && out.size() >= classes.size() && m.signature().targets().get(0).isClass();
        StringWriter sw = new StringWriter();
        PrintWriter w = new PrintWriter(sw);
        if (classify) {
            StringBuilder h = new StringBuilder(t.encoding().labelColumn() == null ? "predicted" : t.encoding().labelColumn());
            for (String c : classes) h.append(",").append(csvField("p_" + c));
            w.print(h.append('\n'));
        } else {
            StringBuilder h = new StringBuilder();
            for (int j = 0; j < out.size(); j++) h.append(j == 0 ? "" : ",").append(out.size() == 1 ? out.name() : out.name() + "_" + j);
            w.print(h.append('\n'));
        }
        float[] row = new float[out.size()];
        int cap = m.maxBatch();
        for (int from = 0; from < data.size(); from += cap) {
            int n = Math.min(cap, data.size() - from);
            for (int i = 0; i < n; i++) m.setInput(0, i, data.features()[from + i]);
            m.forward(n);
            for (int i = 0; i < n; i++) {
                m.getOutput(0, i, row);
                StringBuilder line = new StringBuilder();
                if (classify) {
                    int best = 0;
                    for (int j = 1; j < classes.size(); j++) if (row[j] > row[best]) best = j;
                    line.append(csvField(classes.get(best)));
                    for (int j = 0; j < classes.size(); j++) line.append(',').append(String.format(Locale.ROOT, "%.6g", row[j]));
                } else {
                    for (int j = 0; j < row.length; j++) line.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.7g", row[j]));
                }
                w.print(line.append('\n'));
            }
        }
        w.flush();
        return sw.toString();
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) return "\"" + s.replace("\"", "\"\"") + "\"";
        return s;
    }

    /** Writes a whole file or nothing: a temporary file in the same folder, then a move over the target. */
    static void writeAtomically(Path target, String text) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new UserError("cannot write " + target + ": " + dir + " does not exist");
        if (Files.isDirectory(target)) throw new UserError("cannot write " + target + ": it is a directory");
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
            throw new UserError("cannot write " + target + ": " + TrainCommand.reason(e));
        }
    }
}
