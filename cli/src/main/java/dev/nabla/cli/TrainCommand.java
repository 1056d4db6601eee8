package dev.nabla.cli;

import dev.nabla.cli.report.CurvePlot;
import dev.nabla.cli.report.EpochProgress;
import dev.nabla.cli.report.HtmlReport;
import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.check.TrainSettings;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.runtime.DataParallelModel;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.data.Dataset;
import dev.nabla.runtime.data.MissingPolicy;
import dev.nabla.runtime.data.Standardizer;
import dev.nabla.runtime.io.CheckpointException;
import dev.nabla.runtime.io.ModelCheckpoints;
import dev.nabla.runtime.schedule.LearningRateSchedule;
import dev.nabla.runtime.schedule.Schedules;
import dev.nabla.runtime.train.Examples;
import dev.nabla.runtime.train.History;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.Trainer;
import dev.nabla.runtime.train.TrainingException;
import dev.nabla.runtime.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla train FILE}: compile the model, load its data, train, report, save. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compiles a model and trains it on its data. Flags override the model's train block.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The model file.")
    Path file;

    @Option(names = "--data", paramLabel = "CSV", description = "Training data (CSV); default: the train block's data.")
    Path data;

    @Option(names = "--label", paramLabel = "COLUMN", description = "The label column of the CSV data.")
    String label;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data (default: 10).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Examples per step (default: 32).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the optimizer's).")
    Double lr;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of initialization, split and shuffling (default: 42).")
    Long seed;

    @Option(names = "--validation", paramLabel = "FRACTION", description = "Fraction of examples held out (default: 0).")
    Double validation;

    @Option(names = "--on-missing", paramLabel = "POLICY", description = "error (default) or drop rows with missing values.")
    String onMissing;

    @Option(names = "--save", paramLabel = "FILE", description = "Save weights (safetensors) after every epoch and at the end.")
    Path save;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue from a checkpoint (weights and optimizer state).")
    Path resume;

    @Option(names = "--plot", paramLabel = "FILE", description = "Write loss and metric curves (.svg or .png).")
    Path plot;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a self-contained HTML report.")
    Path report;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json (one object per line).")
    String logFormat = "text";

    @Option(names = "--threads", paramLabel = "N", description = "Threads for each training step (data-parallel; default: 1).")
    Integer threads;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to train when a file has several.")
    String model;

    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = "",
            description = "Train on Apache Spark: local[N], spark://HOST:PORT, or no value under spark-submit "
                    + "(needs the nabla-spark module; see docs/spark.md).")
    String spark;

    @Option(names = "--local-steps", paramLabel = "K",
            description = "With --spark: executors take K steps between averages (periodic averaging); default: synchronous steps.")
    Integer localSteps;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "With --spark: a Spark setting (repeatable).")
    Map<String, String> sparkConf;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        TrainingLog.Format format = switch (logFormat) {
            case "text" -> quiet ? TrainingLog.Format.QUIET : TrainingLog.Format.TEXT;
            case "json" -> TrainingLog.Format.JSON;
            default -> throw new UserError("--log-format must be text or json, got '" + logFormat + "'");
        };
        MissingPolicy missing = Flags.missingPolicy(onMissing);
        checkRanges();

        SourceFile src = ModelSource.read(file);
        Compilation c = Compilation.compile(src, CompileOptions.defaults().withModel(model));
        for (Diagnostic d : c.diagnostics()) if (format == TrainingLog.Format.TEXT) err.println(d.format());
        TrainSettings ts = c.trainSettings();
        int epochsN = epochs != null ? epochs : ts.epochs() != null ? ts.epochs() : 10;
        int batchN = batch != null ? batch : ts.batch() != null ? ts.batch() : 32;
        long seedN = seed != null ? seed : ts.seed() != null ? ts.seed() : 42;
        double valFrac = validation != null ? validation : ts.validation() != null ? ts.validation() : 0;
        if (missing == null && ts.onMissing() != null) missing = ts.onMissing().equals("drop") ? MissingPolicy.DROP : MissingPolicy.ERROR;

        // data
        DataSetup.Source source = dataSource(ts);
        int threadsN = threads != null ? threads : ts.threads() != null ? ts.threads() : 1;
        TrainableModel m = DataParallelModel.of(c.newModel(batchN), spark != null ? 1 : threadsN);
        ModelSignature sig = m.signature();
        ClusterTraining.Session cluster = spark == null ? null : openCluster(c, source, sig, missing, valFrac, seedN, err);
        DataSetup.Loaded loaded = cluster != null ? null : DataSetup.load(source, sig, label, missing);
        String dataName = cluster != null ? cluster.source() : loaded.source();
        long dropped = cluster != null ? cluster.dropped() : loaded.dropped();
        if (dropped > 0) {
            if (format == TrainingLog.Format.JSON) {
                long rows = cluster != null ? cluster.trainSize() + cluster.validationSize() : loaded.dataset().size();
                out.println("{\"event\":\"data\",\"source\":\"" + dataName.replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\",\"rows\":" + rows + ",\"dropped\":" + dropped + "}");
            } else {
                err.println("nabla: dropped " + dropped + " rows with missing values from " + dataName);
            }
        }
        Dataset train = null, val = null;
        Standardizer std = null;
        if (cluster != null) {
            std = cluster.standardizer();
        } else {
            Dataset.Split split = loaded.dataset().split(valFrac, seedN);
            train = split.train();
            val = split.validation();
            if (ts.data() instanceof TrainSettings.Csv csv && csv.standardize()) {
                std = Standardizer.fit(train);
                train = std.apply(train);
                if (val.size() > 0) val = std.apply(val);
            }
        }
        long trainSize = cluster != null ? cluster.trainSize() : train.size();
        long valSize = cluster != null ? cluster.validationSize() : val.size();
        if (trainSize == 0) throw new UserError(dataName + ": no training examples left after the validation split");

        // model
        m.initialize(seedN);
        double configuredLr = m.learningRate();
        int done = 0;
        if (resume != null) {
            try {
                Map<String, String> rm = ModelCheckpoints.load(m, resume, true);
                String d = rm.get(RunMetadata.EPOCHS_DONE);
                done = d == null ? 0 : Integer.parseInt(d);
            } catch (CheckpointException e) {
                throw new UserError(e.getMessage());
            } catch (NumberFormatException e) {
                throw new UserError(resume + ": metadata " + RunMetadata.EPOCHS_DONE + " is not a number");
            }
            if (done >= epochsN) {
                throw new UserError(resume + " has already trained " + done + " epochs; ask for more with --epochs (now "
                        + epochsN + ")");
            }
            // the checkpoint holds the rate of its last epoch; a schedule starts again from the base rate
            m.setLearningRate(configuredLr);
        }
        if (lr != null) m.setLearningRate(lr);
        else if (ts.lr() != null && (ts.optimizer() == null || !ts.optimizer().hyper().containsKey("lr"))) m.setLearningRate(ts.lr());

        TrainOptions options = new TrainOptions(epochsN, (int) Math.min(batchN, trainSize), ts.shuffle() == null || ts.shuffle(), seedN);
        if (ts.schedule() != null) {
            int steps = cluster != null ? cluster.stepsPerEpoch(options.batchSize())
                    : (int) ((trainSize + options.batchSize() - 1) / options.batchSize());
            int run = ts.schedule().perStep() ? epochsN * steps : epochsN;
            try {
                LearningRateSchedule s = Schedules.create(ts.schedule().spec(), run);
                options = options.withSchedule(s, ts.schedule().perStep());
            } catch (IllegalArgumentException e) {
                throw new UserError(src.name() + ": schedule: " + e.getMessage());
            }
        }
        options = options.withInitialEpoch(done);
        if (ts.earlyStop() != null) {
            TrainSettings.EarlyStop es = ts.earlyStop();
            options = options.withEarlyStop(new TrainOptions.EarlyStopping(es.monitor(), es.patience(), es.minDelta(), es.restoreBest()));
        }

        Map<String, String> meta = RunMetadata.of(cluster != null ? cluster.encoding() : loaded.encoding(), std, seedN, epochsN,
                batchN, dataName);
        if (format == TrainingLog.Format.TEXT) {
            out.printf(Locale.ROOT, "Training %s (%,d parameters) on %d examples%s, %s, batch %d, %d epochs%n",
                    sig.modelName(), sig.parameterCount(), trainSize,
                    valSize > 0 ? " (" + valSize + " for validation)" : "", optimizerText(sig, m), options.batchSize(), epochsN);
        }
        TrainingLog log = new TrainingLog(format, out, EpochProgress.shouldShow(quiet, format == TrainingLog.Format.JSON));
        TrainingListener listener = save == null ? log : new SavingListener(log, m, save, meta);
        long t0 = System.nanoTime();
        History h;
        try {
            if (cluster != null) {
                h = cluster.fit(m, options, listener);
            } else {
                Trainer trainer = new Trainer(m, options);
                h = trainer.fit(DataSetup.examples(train), val.size() > 0 ? DataSetup.examples(val) : null, listener);
            }
        } catch (TrainingException e) {
            throw new UserError(e.getMessage() + (save != null ? "; the last good weights are in " + save : ""));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        } finally {
            if (m instanceof DataParallelModel p) p.close();
            if (cluster != null) cluster.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (save != null) {
            meta.put(RunMetadata.EPOCHS_DONE, Integer.toString(h.last().epoch()));
            saveCheckpoint(m, save, meta);
        }
        summary(out, format, sig, h, seconds, trainSize);
        writeOutputs(sig, h, options, dataName);
        return Main.OK;
    }

    private void checkRanges() {
        if (epochs != null && epochs < 1) throw new UserError("--epochs must be at least 1, got " + epochs);
        if (batch != null && batch < 1) throw new UserError("--batch must be at least 1, got " + batch);
        if (lr != null && !(lr > 0)) throw new UserError("--lr must be greater than 0, got " + lr);
        if (threads != null && (threads < 1 || threads > 256)) throw new UserError("--threads must be between 1 and 256, got " + threads);
        if (spark == null && localSteps != null) throw new UserError("--local-steps goes with --spark");
        if (spark == null && sparkConf != null) throw new UserError("--spark-conf goes with --spark");
        if (spark != null && threads != null) {
            throw new UserError("--threads is for one machine; with --spark every executor core runs its own share of each step");
        }
        if (validation != null && !(validation >= 0 && validation < 1)) {
            throw new UserError("--validation must be at least 0 and below 1, got " + validation);
        }
        if (plot != null) {
            String n = plot.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!n.endsWith(".svg") && !n.endsWith(".png")) throw new UserError("--plot: the file must end in .svg or .png, got " + plot);
        }
    }

    /** {@code --spark}: the cluster session with the data read, split and standardized there. */
    private ClusterTraining.Session openCluster(Compilation c, DataSetup.Source source, ModelSignature sig, MissingPolicy missing,
                                                double valFrac, long seedN, PrintWriter err) {
        if (localSteps != null && localSteps < 1) throw new UserError("--local-steps must be at least 1, got " + localSteps);
        if (!(source.spec() instanceof TrainSettings.Csv csv)) {
            throw new UserError("--spark reads tables (CSV or Parquet files and folders); this model's data is idx(...): "
                    + "pass a table with --data");
        }
        String lbl = label != null ? label : csv.label();
        if (lbl == null) {
            throw new UserError(csv.path() + ": which column is the label? Add label: \"NAME\" to csv(...) in the train block, "
                    + "or pass --label NAME");
        }
        // --data as typed (a Path would turn hdfs://host/x into hdfs:/host/x)
        String location = data != null ? spec.commandLine().getParseResult().matchedOption("--data").stringValues().get(0) : csv.path();
        ClusterTraining.Request r = new ClusterTraining.Request(spark, sparkConf == null ? Map.of() : sparkConf, localSteps,
                c.java().qualifiedName(), c.java().source(), sig, location, data != null ? Path.of("").toAbsolutePath() : source.base(),
                lbl, csv.features(), csv.categorical(), csv.standardize(), missing == null ? MissingPolicy.ERROR : missing,
                valFrac, seedN, err);
        return ClusterTrainingLoader.find().open(r);
    }

    private DataSetup.Source dataSource(TrainSettings ts) {
        if (data != null) {
            TrainSettings.Csv base = ts.data() instanceof TrainSettings.Csv c ? c : null;
            TrainSettings.Csv csv = new TrainSettings.Csv(data.toString(), base == null ? null : base.label(),
                    base == null ? null : base.features(), base == null ? List.of() : base.categorical(),
                    base != null && base.standardize(), null);
            return new DataSetup.Source(csv, Path.of(""));
        }
        if (ts.data() == null) {
            throw new UserError(file + ": no training data; add 'data csv(\"train.csv\", label: \"y\")' to the train block "
                    + "or pass --data FILE");
        }
        Path dir = file.toAbsolutePath().getParent();
        return new DataSetup.Source(ts.data(), dir == null ? Path.of("") : dir);
    }

    private static String optimizerText(ModelSignature sig, TrainableModel m) {
        return String.format(Locale.ROOT, "%s (lr %s)", sig.optimizer(), TrainingLog.format(m.learningRate()));
    }

    private void summary(PrintWriter out, TrainingLog.Format format, ModelSignature sig, History h, double seconds, long n) {
        History.Epoch last = h.last();
        if (format == TrainingLog.Format.JSON) {
            StringBuilder sb = new StringBuilder("{\"event\":\"done\",\"model\":\"").append(sig.modelName())
                    .append("\",\"epochs\":").append(h.epochs().size())
                    .append(String.format(Locale.ROOT, ",\"seconds\":%.6f", seconds));
            for (Map.Entry<String, Double> e : last.metrics().entrySet()) {
                sb.append(",\"").append(e.getKey()).append("\":").append(TrainingLog.json(e.getValue()));
            }
            out.println(sb.append('}'));
        } else {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Double> e : last.metrics().entrySet()) {
                if (!e.getKey().equals("lr")) parts.add(e.getKey() + " " + TrainingLog.format(e.getValue()));
            }
            out.printf(Locale.ROOT, "Trained %s for %d epochs in %.2f s (%.0f examples/s): %s%n", sig.modelName(),
                    h.epochs().size(), seconds, n * (double) h.epochs().size() / seconds, String.join(", ", parts));
            if (save != null) out.println("Saved weights to " + save);
        }
        out.flush();
    }

    private void writeOutputs(ModelSignature sig, History h, TrainOptions o, String dataName) {
        if (plot != null) {
            try {
                new CurvePlot(sig.modelName(), h).write(plot);
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError(mentions(e, plot) ? e.getMessage() : "cannot write the plot " + plot + ": " + reason(e));
            }
        }
        if (report != null) {
            List<dev.nabla.cli.report.ModelParameter> params = new ArrayList<>();
            for (TensorSpec p : sig.params()) params.add(dev.nabla.cli.report.ModelParameter.of(p.name(), p.shape()));
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("model file", file.toString());
            settings.put("data", dataName);
            settings.put("optimizer", sig.optimizer() + " " + sig.optimizerHyperParameters());
            settings.put("epochs", Integer.toString(o.epochs()));
            settings.put("batch", Integer.toString(o.batchSize()));
            settings.put("seed", Long.toString(o.seed()));
            if (o.schedule() != null) settings.put("schedule", o.schedule().description());
            try {
                new HtmlReport(sig.modelName(), h, params, settings).write(report);
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError(mentions(e, report) ? e.getMessage() : "cannot write the report " + report + ": " + reason(e));
            }
        }
    }

    private static boolean mentions(Exception e, Path file) {
        return e.getMessage() != null && e.getMessage().contains(file.toString());
    }

    /** The reason of an I/O failure without repeating the file name. */
    static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) return fs.getReason();
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static void saveCheckpoint(TrainableModel m, Path to, Map<String, String> meta) {
        try {
            ModelCheckpoints.save(m, to, meta);
        } catch (CheckpointException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Saves after every epoch, so a run that fails later keeps the last good weights. */
    private static final class SavingListener implements TrainingListener {
        private final TrainingListener inner;
        private final TrainableModel model;
        private final Path to;
        private final Map<String, String> meta;

        SavingListener(TrainingListener inner, TrainableModel model, Path to, Map<String, String> meta) {
            this.inner = inner;
            this.model = model;
            this.to = to;
            this.meta = meta;
        }

        @Override public void epochStarted(int epoch, int epochs, int steps) { inner.epochStarted(epoch, epochs, steps); }

        @Override public void stepFinished(int epoch, int step, double loss) { inner.stepFinished(epoch, step, loss); }

        @Override
        public void epochFinished(History.Epoch e, int epochs) {
            inner.epochFinished(e, epochs);
            meta.put(RunMetadata.EPOCHS_DONE, Integer.toString(e.epoch()));
            saveCheckpoint(model, to, meta);
        }

        @Override
        public void stoppedEarly(int epoch, int bestEpoch, String monitor, double best) {
            inner.stoppedEarly(epoch, bestEpoch, monitor, best);
        }
    }
}
