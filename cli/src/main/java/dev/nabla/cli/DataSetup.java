package dev.nabla.cli;

import dev.nabla.compiler.check.TrainSettings;
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
import java.nio.file.Path;
import java.util.List;

/**
 * Loads training, evaluation and prediction data for a model and checks that it fits the model's
 * input and target, with messages that name the file, the column and the model's declaration.
 */
final class DataSetup {
    private DataSetup() {}

    /** Loaded data: the examples, the encoding that produced them, and how many rows were dropped. */
    record Loaded(Dataset dataset, Encoding encoding, int dropped, String source) {}

    /** Where the data of a run comes from, after flags override the train block. */
    record Source(TrainSettings.DataSource spec, Path base) {}

    static Loaded load(Source src, ModelSignature sig, String labelOverride, MissingPolicy missing) {
        TrainSettings.DataSource d = src.spec();
        try {
            if (d instanceof TrainSettings.Idx idx) {
                Path images = src.base().resolve(idx.images()), labels = src.base().resolve(idx.labels());
                Dataset ds = IdxLoader.loadMnist(images, labels);
                checkFits(ds, sig, images.getFileName().toString());
                return new Loaded(ds, null, 0, images.getFileName().toString());
            }
            TrainSettings.Csv csv = (TrainSettings.Csv) d;
            Path file = src.base().resolve(csv.path());
            String label = labelOverride != null ? labelOverride : csv.label();
            if (label == null) {
                throw new UserError(file.getFileName() + ": which column is the label? Add label: \"NAME\" to csv(...) in the "
                        + "train block, or pass --label NAME");
            }
            TensorSpec target = sig.targets().get(0);
            CsvOptions.Builder o = CsvOptions.builder().label(label).classification(target.isClass())
                    .onMissing(missing == null ? MissingPolicy.ERROR : missing).charset(csv.charset());
            if (csv.features() != null) o.features(csv.features());
            if (!csv.categorical().isEmpty()) o.categorical(csv.categorical());
            CsvLoader.Result r = CsvLoader.load(file, o.build());
            checkFits(r.dataset(), sig, file.getFileName().toString());
            return new Loaded(r.dataset(), r.encoding(), r.droppedRows(), file.getFileName().toString());
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** New data (evaluation or prediction) encoded exactly like the training data. */
    static Loaded loadLike(Path file, Encoding encoding, boolean withLabel, MissingPolicy missing, ModelSignature sig) {
        try {
            CsvOptions o = CsvOptions.builder().label(withLabel ? encoding.labelColumn() : null)
                    .onMissing(missing == null ? MissingPolicy.ERROR : missing).build();
            CsvLoader.Result r = CsvLoader.load(file, o, encoding);
            int in = sig.inputs().get(0).size();
            if (r.dataset().featureCount() != in) {
                throw new UserError(file.getFileName() + ": encodes " + r.dataset().featureCount() + " features, but input '"
                        + sig.inputs().get(0).name() + "' takes " + in);
            }
            return new Loaded(r.dataset(), r.encoding(), r.droppedRows(), file.getFileName().toString());
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

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
