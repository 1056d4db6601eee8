package dev.nabla.cli;

import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.data.CsvLoader;
import dev.nabla.runtime.data.CsvOptions;
import dev.nabla.runtime.data.DataException;
import dev.nabla.runtime.data.Dataset;
import dev.nabla.runtime.data.MissingPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
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

/**
 * {@code nabla predict FILE --weights W --input data.csv [--output preds.csv]}. Rows are read, predicted and
 * written a chunk at a time, so memory stays bounded for any input size. An output file is written to a
 * temporary file and moved into place when complete; on standard output a data error in a later row stops
 * the stream there (exit code 1).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = "Predicts with a trained model: class names and probabilities, or values, one row per input row.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The model file ('-': standard input).")
    Path file;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Weights saved by 'nabla train --save'.")
    Path weights;

    @Option(names = "--input", required = true, paramLabel = "CSV", description = "Rows to predict ('-': standard input; the label column may be absent).")
    Path input;

    @Option(names = "--output", paramLabel = "CSV", description = "Where to write the predictions (default, or '-': standard output).")
    Path output;

    @Option(names = "--on-missing", paramLabel = "POLICY", description = "error (default) or drop rows with missing values.")
    String onMissing;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to use when a file has several.")
    String model;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Rows read, predicted and written at a time: memory stays bounded however long the input is. */
    static final int CHUNK_ROWS = 16_384;

    @Override
    public Integer call() {
        MissingPolicy missing = Flags.missingPolicy(onMissing);
        boolean toStdout = output == null || OutputFiles.isStandardStream(output);
        if (!toStdout) OutputFiles.check("--output", output);
        boolean fromStdin = OutputFiles.isStandardStream(input);
        if (!fromStdin) DataSetup.existing(new DataSetup.Source(null, Path.of(""), "--input"), input.toString());
        TrainedModel t = TrainedModel.load(file, model, weights, spec.commandLine().getErr());
        TrainableModel m = t.model();
        if (m.signature().outputs().isEmpty()) throw new UserError(file + ": the model declares no output to predict");
        String name = fromStdin ? StandardInput.NAME : input.getFileName().toString();
        DataSetup.checkFeatureCount(name, t.encoding(), m.signature());
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = toStdout ? null : temporaryFor(output);
        long rows = 0, dropped = 0;
        try (InputStream in = fromStdin ? StandardInput.claim("--input") : Files.newInputStream(input);
             Writer w = toStdout ? null : Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
             CsvChunks chunks = new CsvChunks(in, name, CHUNK_ROWS,
                     missing == MissingPolicy.DROP ? t.encoding().featureColumns() : List.of())) {
            Predictions p = new Predictions(m, t);
            emit(p.header(), w, out);
            CsvOptions options = CsvOptions.builder().onMissing(MissingPolicy.ERROR).build();
            boolean first = true;
            for (CsvChunks.Chunk c = chunks.next(); c != null; c = chunks.next(), first = false) {
                dropped += c.dropped();
                if (c.rows() == 0 && !first) continue;
                if (c.rows() == 0 && c.dropped() > 0) continue;
                Dataset data;
                try {
                    data = CsvLoader.load(c.file(), options, t.encoding()).dataset();
                } catch (DataException e) {
                    throw new UserError(chunks.message(e));
                }
                if (t.standardizer() != null) data = t.standardizer().apply(data);
                emit(p.rows(data), w, out);
                rows += data.size();
            }
            if (rows == 0) {
                throw new UserError(name + ": all " + dropped + " data row" + (dropped == 1 ? "" : "s")
                        + " had missing values and were dropped; nothing to predict");
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UserError((toStdout ? "cannot read " + name : "cannot write " + output) + ": " + TrainCommand.reason(e));
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        if (!toStdout) moveIntoPlace(tmp, output);
        PrintWriter err = spec.commandLine().getErr();
        if (dropped > 0) {
            err.println("nabla: dropped " + dropped + " rows with missing values from " + name
                    + "; the predictions are for the other " + rows + " rows, in order");
        }
        if (!toStdout) err.println("nabla: wrote " + rows + " predictions to " + output);
        return Main.OK;
    }

    /** Writes a piece of the predictions; on standard output, stops at the first failed write. */
    private static void emit(String text, Writer file, PrintWriter out) throws IOException {
        if (file != null) {
            file.write(text);
        } else {
            out.print(text);
            CheckedOutput.check(out);
        }
    }

    /** The predictions CSV: a header, then one line per row. */
    static final class Predictions {
        private final TrainableModel m;
        private final TensorSpec out;
        private final List<String> classes;
        private final boolean classify;
        private final String labelColumn;
        private final float[] row;

        Predictions(TrainableModel m, TrainedModel t) {
            this.m = m;
            this.out = m.signature().outputs().get(0);
            this.classes = t.encoding().classNames();
            this.classify = classes != null && out.size() >= classes.size() && m.signature().targets().get(0).isClass();
            this.labelColumn = t.encoding().labelColumn();
            this.row = new float[out.size()];
        }

        String header() {
            StringBuilder h = new StringBuilder();
            if (classify) {
                h.append(labelColumn == null ? "predicted" : labelColumn);
                for (String c : classes) h.append(",").append(csvField("p_" + c));
            } else {
                for (int j = 0; j < out.size(); j++) h.append(j == 0 ? "" : ",").append(out.size() == 1 ? out.name() : out.name() + "_" + j);
            }
            return h.append('\n').toString();
        }

        String rows(Dataset data) {
            StringBuilder sb = new StringBuilder(data.size() * 32);
            java.util.Formatter f = new java.util.Formatter(sb, Locale.ROOT);
            int cap = m.maxBatch();
            for (int from = 0; from < data.size(); from += cap) {
                int n = Math.min(cap, data.size() - from);
                for (int i = 0; i < n; i++) m.setInput(0, i, data.features()[from + i]);
                m.forward(n);
                for (int i = 0; i < n; i++) {
                    m.getOutput(0, i, row);
                    if (classify) {
                        int best = 0;
                        for (int j = 1; j < classes.size(); j++) if (row[j] > row[best]) best = j;
                        sb.append(csvField(classes.get(best)));
                        for (int j = 0; j < classes.size(); j++) f.format(",%.6g", row[j]);
                    } else {
                        for (int j = 0; j < row.length; j++) f.format(j == 0 ? "%.7g" : ",%.7g", row[j]);
                    }
                    sb.append('\n');
                }
            }
            return sb.toString();
        }
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) return "\"" + s.replace("\"", "\"\"") + "\"";
        return s;
    }

    /** A temporary file next to {@code target}, moved over it when complete: never a half-written output. */
    static Path temporaryFor(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            // not Files.createTempFile: its file is private to the owner, and the output would stay so
            return Files.createFile(dir.resolve("." + target.getFileName() + "."
                    + Long.toUnsignedString(new java.security.SecureRandom().nextLong(), 36) + ".tmp"));
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + TrainCommand.reason(e));
        }
    }

    static void moveIntoPlace(Path tmp, Path target) {
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UserError("cannot write " + target + ": " + TrainCommand.reason(e));
        }
    }

    static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
