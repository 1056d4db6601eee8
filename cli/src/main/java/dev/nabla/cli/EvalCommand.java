package dev.nabla.cli;

import dev.nabla.runtime.data.Dataset;
import dev.nabla.runtime.data.MissingPolicy;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla eval FILE --weights W --data test.csv}: loss and metrics of a trained model on labelled data. */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = "Evaluates a trained model on labelled data: loss, and accuracy or MAE/RMSE.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The model file ('-': standard input).")
    Path file;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Weights saved by 'nabla train --save'.")
    Path weights;

    @Option(names = "--data", required = true, paramLabel = "CSV", description = "Labelled rows to evaluate on ('-': standard input).")
    Path data;

    @Option(names = "--on-missing", paramLabel = "POLICY", description = "error (default) or drop rows with missing values.")
    String onMissing;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json.")
    String logFormat = "text";

    @Option(names = "--model", paramLabel = "NAME", description = "The model to use when a file has several.")
    String model;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new UserError("--log-format must be text or json, got '" + logFormat + "'");
        }
        MissingPolicy missing = Flags.missingPolicy(onMissing);
        TrainedModel t = TrainedModel.load(file, model, weights, spec.commandLine().getErr());
        if (t.encoding().labelColumn() == null) throw new UserError(weights + ": was trained without a label column");
        DataSetup.Loaded loaded = DataSetup.loadLike("--data", data, t.encoding(), true, missing, t.model().signature());
        Dataset d = loaded.dataset();
        if (t.standardizer() != null) d = t.standardizer().apply(d);
        Trainer trainer = new Trainer(t.model(), new TrainOptions(1, t.model().maxBatch(), false, 0));
        Map<String, Double> metrics = trainer.evaluate(DataSetup.examples(d));
        PrintWriter out = spec.commandLine().getOut();
        if (logFormat.equals("json")) {
            StringBuilder sb = new StringBuilder("{\"event\":\"eval\",\"examples\":").append(d.size());
            metrics.forEach((k, v) -> sb.append(",\"").append(k).append("\":").append(TrainingLog.json(v)));
            out.println(sb.append('}'));
        } else {
            StringBuilder sb = new StringBuilder("Evaluated on " + d.size() + " examples of " + loaded.source() + ":");
            metrics.forEach((k, v) -> sb.append(" ").append(k).append(" ").append(TrainingLog.format(v)));
            out.println(sb);
        }
        out.flush();
        return Main.OK;
    }
}
