package dev.nabla.cli;

import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.data.Encoding;
import dev.nabla.runtime.data.Standardizer;
import dev.nabla.runtime.io.CheckpointException;
import dev.nabla.runtime.io.ModelCheckpoints;
import java.nio.file.Path;
import java.util.Map;

/** A model file compiled and loaded with weights saved by {@code nabla train --save}, for predict and eval. */
record TrainedModel(TrainableModel model, Encoding encoding, Standardizer standardizer, Map<String, String> metadata) {
    static final int BATCH = 256;

    static TrainedModel load(Path modelFile, String modelName, Path weights, java.io.PrintWriter err) {
        dev.nabla.compiler.diag.SourceFile src = ModelSource.read(modelFile);
        TrainableModel m = Nabla.compile(src.name(), src.text(), CompileOptions.defaults().withModel(modelName))
                .newModel(BATCH, 0);
        Map<String, String> meta;
        try {
            meta = ModelCheckpoints.load(m, weights, false);
        } catch (CheckpointException e) {
            throw new UserError(e.getMessage());
        }
        String hash = meta.get(ModelCheckpoints.SOURCE_HASH);
        if (hash != null && !hash.equals(m.signature().sourceHash())) {
            err.println("nabla: warning: " + weights.getFileName() + " was saved from a different version of "
                    + modelFile.getFileName() + " (the parameters still fit)");
        }
        String name = weights.getFileName().toString();
        return new TrainedModel(m, RunMetadata.encoding(meta, name), RunMetadata.standardizer(meta, name), meta);
    }
}
