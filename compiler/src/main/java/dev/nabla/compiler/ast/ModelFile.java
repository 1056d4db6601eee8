package dev.nabla.compiler.ast;

import dev.nabla.compiler.diag.SourceFile;
import java.util.List;

/** A parsed model file: its models and train blocks in source order. */
public record ModelFile(SourceFile source, List<ModelDecl> models, List<TrainDecl> trains) {
    public ModelFile {
        models = List.copyOf(models);
        trains = List.copyOf(trains);
    }
}
