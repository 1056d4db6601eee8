package dev.nabla.cli;

import dev.nabla.runtime.data.DataException;
import dev.nabla.runtime.data.Encoding;
import dev.nabla.runtime.data.Standardizer;
import dev.nabla.runtime.io.ModelCheckpoints;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a checkpoint written by {@code nabla train} carries besides the weights, so that {@code predict}
 * and {@code eval} encode and scale new data exactly like the training data: the column encoding with
 * the label mapping, the standardization statistics of the training split, and the run's settings.
 */
final class RunMetadata {
    static final String ENCODING = "nabla.encoding";
    static final String STANDARDIZER = "nabla.standardizer";
    static final String SEED = "nabla.seed";
    static final String EPOCHS = "nabla.epochs";
    static final String BATCH = "nabla.batch";
    static final String DATA = "nabla.data";
    static final String EPOCHS_DONE = "nabla.epochs_done";
    /** The git commit of the Nabla build that wrote the checkpoint (absent when the build did not know it). */
    static final String COMMIT = "nabla.commit";

    private RunMetadata() {}

    static Map<String, String> of(Encoding encoding, Standardizer standardizer, long seed, int epochs, int batch, String data) {
        Map<String, String> m = new LinkedHashMap<>();
        // the version of this command line, also when it runs from classes rather than a jar with a manifest
        m.put(ModelCheckpoints.VERSION, Version.version());
        Version.Info v = Version.info();
        if (v.commit() != null) m.put(COMMIT, v.commit() + (v.modified() ? " (modified)" : ""));
        if (encoding != null) m.put(ENCODING, encoding.toJson());
        if (standardizer != null) m.put(STANDARDIZER, standardizer.toJson());
        m.put(SEED, Long.toString(seed));
        m.put(EPOCHS, Integer.toString(epochs));
        m.put(BATCH, Integer.toString(batch));
        if (data != null) m.put(DATA, data);
        return m;
    }

    static Encoding encoding(Map<String, String> meta, String file) {
        String json = meta.get(ENCODING);
        if (json == null) {
            throw new UserError(file + ": has no column encoding; predict and eval need weights saved by 'nabla train --save' "
                    + "from CSV data");
        }
        try {
            return Encoding.fromJson(json);
        } catch (DataException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }

    static Standardizer standardizer(Map<String, String> meta, String file) {
        String json = meta.get(STANDARDIZER);
        if (json == null) return null;
        try {
            return Standardizer.fromJson(json);
        } catch (DataException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }
}
