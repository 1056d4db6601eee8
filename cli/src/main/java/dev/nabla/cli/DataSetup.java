package dev.nabla.cli;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.nabla.compiler.check.TrainSettings;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.Span;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.data.CsvLoader;
import dev.nabla.runtime.data.CsvOptions;
import dev.nabla.runtime.data.DataException;
import dev.nabla.runtime.data.Dataset;
import dev.nabla.runtime.data.Encoding;
import dev.nabla.runtime.data.IdxLoader;
import dev.nabla.runtime.data.MissingPolicy;
import dev.nabla.runtime.train.Examples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads training, evaluation and prediction data for a model and checks that it fits the model's
 * input and target, with messages that name the file, the column and the model's declaration. A data
 * file named in the train block that is missing, or a column that is not in the file, is reported at
 * the {@code data} line of the model file, with the folder searched and the closest name there.
 */
final class DataSetup {
    private DataSetup() {}

    /** Loaded data: the examples, the encoding that produced them, and how many rows were dropped. */
    record Loaded(Dataset dataset, Encoding encoding, int dropped, String source) {}

    /**
     * Where the data of a run comes from, after flags override the train block.
     *
     * @param spec the data source
     * @param base the folder relative paths start from: the model file's for the train block, the working
     *             folder for {@code --data}
     * @param flag the flag that gave the data ({@code --data}), or null when it comes from the train block
     */
    record Source(TrainSettings.DataSource spec, Path base, String flag) {}

    static Loaded load(Source src, ModelSignature sig, String labelOverride, MissingPolicy missing) {
        TrainSettings.DataSource d = src.spec();
        try {
            if (d instanceof TrainSettings.Idx idx) {
                Path images = existing(src, idx.images()), labels = existing(src, idx.labels());
                Dataset ds = IdxLoader.loadMnist(images, labels);
                checkFits(ds, sig, images.getFileName().toString());
                return new Loaded(ds, null, 0, images.getFileName().toString());
            }
            TrainSettings.Csv csv = (TrainSettings.Csv) d;
            boolean stdin = OutputFiles.isStandardStream(Path.of(csv.path()));
            Path file = stdin ? StandardInput.copyToTempFile(src.flag() == null ? "the data file" : src.flag(), ".csv")
                    : existing(src, csv.path());
            String name = stdin ? StandardInput.NAME : file.getFileName().toString();
            String label = labelOverride != null ? labelOverride : csv.label();
            if (label == null) {
                throw new UserError(name + ": which column is the label? Add label: \"NAME\" to csv(...) in the "
                        + "train block, or pass --label NAME");
            }
            checkColumns(src, csv, file, name, label, labelOverride != null);
            TensorSpec target = sig.targets().get(0);
            CsvOptions.Builder o = CsvOptions.builder().label(label).classification(target.isClass())
                    .onMissing(missing == null ? MissingPolicy.ERROR : missing).charset(csv.charset());
            if (csv.features() != null) o.features(csv.features());
            if (!csv.categorical().isEmpty()) o.categorical(csv.categorical());
            CsvLoader.Result r = load(file, name, o.build(), null);
            checkFits(r.dataset(), sig, name);
            return new Loaded(r.dataset(), r.encoding(), r.droppedRows(), name);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** New data (evaluation) encoded exactly like the training data; {@code -} is standard input. */
    static Loaded loadLike(String flag, Path file, Encoding encoding, boolean withLabel, MissingPolicy missing,
                           ModelSignature sig) {
        try {
            boolean stdin = OutputFiles.isStandardStream(file);
            Path path = stdin ? StandardInput.copyToTempFile(flag, ".csv")
                    : existing(new Source(null, Path.of(""), flag), file.toString());
            String name = stdin ? StandardInput.NAME : path.getFileName().toString();
            CsvOptions o = CsvOptions.builder().label(withLabel ? encoding.labelColumn() : null)
                    .onMissing(missing == null ? MissingPolicy.ERROR : missing).build();
            CsvLoader.Result r = load(path, name, o, encoding);
            checkFeatureCount(name, encoding, sig);
            return new Loaded(r.dataset(), r.encoding(), r.droppedRows(), name);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The encoding must give as many features as the model's input takes. */
    static void checkFeatureCount(String name, Encoding encoding, ModelSignature sig) {
        int in = sig.inputs().get(0).size();
        if (encoding.featureCount() != in) {
            throw new UserError(name + ": encodes " + encoding.featureCount() + " features, but input '"
                    + sig.inputs().get(0).name() + "' takes " + in);
        }
    }

    /** Loads a CSV file; messages name it {@code name} (the file's name, or {@code stdin}). */
    private static CsvLoader.Result load(Path file, String name, CsvOptions o, Encoding encoding) {
        try {
            return encoding == null ? CsvLoader.load(file, o) : CsvLoader.load(file, o, encoding);
        } catch (DataException e) {
            throw new UserError(renamed(e, name));
        }
    }

    /** The message of a data error with its source called {@code name}. */
    static String renamed(DataException e, String name) {
        StringBuilder s = new StringBuilder(name);
        if (e.line() > 0) {
            s.append(':').append(e.line());
            if (e.column() > 0) s.append(':').append(e.column());
        }
        return s.append(": ").append(e.detail()).toString();
    }

    // ---------------------------------------------------------------- files and columns, located

    /**
     * The file {@code path} relative to the source's folder, which must exist: otherwise an error with the
     * folder searched and the closest file name there, at the data line of the model (or naming the flag).
     */
    static Path existing(Source src, String path) {
        Path file = src.base().resolve(path);
        if (Files.isRegularFile(file)) return file;
        Path absolute = file.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        String problem;
        if (Files.isDirectory(absolute)) {
            problem = "'" + path + "' is a folder, not a data file";
        } else if (folder == null || !Files.isDirectory(folder)) {
            problem = "data file '" + path + "' not found: folder " + folder + " does not exist";
        } else {
            problem = "data file '" + path + "' not found in " + folder + similarFiles(folder, absolute.getFileName().toString());
        }
        throw located(src, problem, src.flag() == null ? "; paths in the train block are relative to the model file" : "");
    }

    /** {@code ; did you mean 'spirals.csv'?}, or a few files of the folder, or nothing. */
    private static String similarFiles(Path folder, String name) {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            Iterator<Path> it = s.iterator();
            while (it.hasNext() && files.size() < 10_000) {
                Path p = it.next();
                if (Files.isRegularFile(p)) files.add(p.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        String close = Suggestions.closest(name, files);
        if (close != null) return "; did you mean '" + close + "'?";
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? null : name.substring(dot);
        List<String> same = files.stream().filter(f -> ext != null && f.endsWith(ext)).sorted().toList();
        return same.isEmpty() ? "" : " (" + ext.substring(1) + " files there: " + Suggestions.list(same) + ")";
    }

    /**
     * Checks that the label, feature and categorical columns are in the file's header, before loading it, so
     * that a wrong name is reported at the data line of the model with the closest unused column.
     */
    private static void checkColumns(Source src, TrainSettings.Csv csv, Path file, String name, String label,
                                     boolean labelFromFlag) {
        List<String> header = header(file);
        if (header == null) return; // the loader reports what is wrong with the file
        Set<String> features = csv.features() == null ? Set.of() : new LinkedHashSet<>(csv.features());
        if (!header.contains(label)) {
            List<String> free = header.stream().filter(c -> !features.contains(c)).toList();
            String problem = "no column '" + label + "' (the label) in " + name + Suggestions.didYouMean(label, free)
                    + "; its columns: " + Suggestions.list(header);
            if (labelFromFlag) throw new UserError("--label " + label + ": " + problem.substring(0, 1).toLowerCase() + problem.substring(1));
            throw located(src, problem, "");
        }
        List<String> named = new ArrayList<>(features);
        for (String c : csv.categorical()) if (!named.contains(c)) named.add(c);
        for (String column : named) {
            if (header.contains(column)) continue;
            List<String> free = header.stream().filter(c -> !c.equals(label) && !features.contains(c)).toList();
            String role = features.contains(column) ? "a feature" : "categorical";
            throw located(src, "no column '" + column + "' (" + role + ") in " + name + Suggestions.didYouMean(column, free)
                    + "; its columns: " + Suggestions.list(header), "");
        }
    }

    /** The trimmed column names of a CSV file's header, or null when it cannot be read. */
    private static List<String> header(Path file) {
        try (CsvReader<CsvRecord> r = CsvReader.builder().skipEmptyLines(true).ignoreDifferentFieldCount(true)
                .detectBomHeader(true).ofCsvRecord(file, StandardCharsets.UTF_8)) {
            Iterator<CsvRecord> it = r.iterator();
            if (!it.hasNext()) return null;
            return it.next().getFields().stream().map(String::trim).toList();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** An error at the data line of the model file, or naming the flag that gave the data. */
    private static UserError located(Source src, String problem, String hint) {
        if (src.flag() != null) return new UserError(src.flag() + ": " + problem);
        Span span = src.spec() == null ? null : src.spec().span();
        if (span == null || !span.isKnown()) return new UserError(problem + hint);
        return UserError.at(Diagnostic.error(span, problem + hint));
    }

    // ---------------------------------------------------------------- fit to the model

    /** The data must have as many features as the input takes, and targets the target can hold. */
    static void checkFits(Dataset ds, ModelSignature sig, String file) {
        if (sig.inputs().size() != 1 || sig.targets().size() != 1) {
            throw new UserError("model " + sig.modelName() + " has " + sig.inputs().size() + " inputs and "
                    + sig.targets().size() + " targets; training from a data file needs exactly one of each");
        }
        TensorSpec in = sig.inputs().get(0), target = sig.targets().get(0);
        if (ds.featureCount() != in.size()) {
            throw new UserError(file + ": has " + ds.featureCount() + " feature columns (" + abbreviate(ds.featureNames())
                    + "), but input '" + in.name() + "' takes " + in.size() + " values " + in.shapeString());
        }
        if (target.isClass()) {
            if (!ds.isClassification()) {
                throw new UserError(file + ": target '" + target.name() + "' is a class index, but the data has no class labels");
            }
            if (ds.classNames().size() > target.classes()) {
                throw new UserError(file + ": the label column has " + ds.classNames().size() + " classes ("
                        + abbreviate(ds.classNames().toArray(String[]::new)) + "), but target '" + target.name()
                        + "' is class(" + target.classes() + ")");
            }
        } else if (ds.targetWidth() != target.size()) {
            throw new UserError(file + ": has " + ds.targetWidth() + " target values per row, but target '" + target.name()
                    + "' takes " + target.size());
        }
    }

    private static String abbreviate(String[] names) {
        List<String> l = List.of(names);
        if (l.size() <= 6) return String.join(", ", l);
        return String.join(", ", l.subList(0, 5)) + ", ... " + l.size() + " in all";
    }

    static Examples examples(Dataset d) {
        if (d.isClassification()) return Examples.classification(d.features(), d.labels());
        if (d.isRegression()) return Examples.regression(d.features(), d.targets());
        return Examples.unlabeled(d.features());
    }
}
