package dev.nabla.cli;

import dev.nabla.cli.report.CurvePlot;
import dev.nabla.cli.report.EpochProgress;
import dev.nabla.cli.report.HtmlReport;
import dev.nabla.cli.report.RunInfo;
import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.TrainingPlan;
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
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = "Compiles a model and trains it on its data. Flags override the model's train block.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The model file ('-': standard input).")
    Path file;

    @Option(names = "--data", paramLabel = "CSV", description = "Training data (CSV; '-': standard input); default: the train block's data.")
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

    @Option(names = "--smoothing", paramLabel = "WEIGHT",
            description = "Smooth the curves of --plot and --report like TensorBoard: 0 (default, none) to below 1 (0.6 is TensorBoard's default).")
    double smoothing;

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
        CompiledModel c = Nabla.compile(src.name(), src.text(), CompileOptions.defaults().withModel(model));
        for (Diagnostic d : c.warnings()) if (format == TrainingLog.Format.TEXT) err.println(d.format());
        TrainSettings ts = c.compilation().trainSettings();
        TrainingPlan plan = c.training(new TrainingPlan.Overrides(epochs, batch, seed, validation, missing, threads, lr));
        int epochsN = plan.epochs(), batchN = plan.batch();
        long seedN = plan.seed();
        double valFrac = plan.validation();
        missing = plan.onMissing();

        // data
        DataSetup.Source source = dataSource(ts, c.name());
        int threadsN = plan.threads();
        TrainableModel m = DataParallelModel.of(c.newModel(batchN, seedN), spark != null ? 1 : threadsN);
        ModelSignature sig = m.signature();
        ClusterTraining.Session cluster = spark == null ? null : openCluster(c, source, sig, missing, valFrac, seedN, err);
        DataSetup.Loaded loaded = cluster != null ? null : DataSetup.load(source, sig, label, missing);
        String dataName = cluster != null ? cluster.source() : loaded.source();
        long dropped = cluster != null ? cluster.dropped() : loaded.dropped();
        if (dropped > 0) {
            if (format == TrainingLog.Format.JSON) {
                long rows = cluster != null ? cluster.trainSize() + cluster.validationSize() : loaded.dataset().size();
                out.println("{\"event\":\"data\",\"source\":\"" + TrainingLog.jsonText(dataName)
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
        if (plan.lr() != null) m.setLearningRate(plan.lr());

        TrainOptions options = new TrainOptions(epochsN, (int) Math.min(batchN, trainSize), plan.shuffle(), seedN);
        if (plan.schedule() != null) {
            int steps = cluster != null ? cluster.stepsPerEpoch(options.batchSize())
                    : (int) ((trainSize + options.batchSize() - 1) / options.batchSize());
            int run = plan.schedule().perStep() ? epochsN * steps : epochsN;
            try {
                LearningRateSchedule s = Schedules.create(plan.schedule().spec(), run);
                options = options.withSchedule(s, plan.schedule().perStep());
            } catch (IllegalArgumentException e) {
                throw new UserError(src.name() + ": schedule: " + e.getMessage());
            }
        }
        options = options.withInitialEpoch(done);
        if (plan.earlyStop() != null) options = options.withEarlyStop(plan.earlyStopping());

        Map<String, String> meta = RunMetadata.of(cluster != null ? cluster.encoding() : loaded.encoding(), std, seedN, epochsN,
                batchN, dataName);
        String optimizer = Describe.optimizer(sig, m.learningRate());
        if (format == TrainingLog.Format.TEXT) {
            out.printf(Locale.ROOT, "Training %s (%,d parameters) on %d examples%s, %s, batch %d, %d epochs%n",
                    sig.modelName(), sig.parameterCount(), trainSize,
                    valSize > 0 ? " (" + valSize + " for validation)" : "", optimizer, options.batchSize(), epochsN);
        }
        TrainingLog log = new TrainingLog(format, out, EpochProgress.shouldShow(quiet, format == TrainingLog.Format.JSON),
                (int) trainSize, options.batchSize());
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
            log.endLiveLine();
            if (m instanceof DataParallelModel p) p.close();
            if (cluster != null) cluster.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (save != null) {
            meta.put(RunMetadata.EPOCHS_DONE, Integer.toString(h.last().epoch()));
            saveCheckpoint(m, save, meta);
        }
        summary(out, format, sig, h, seconds, trainSize);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model file", file.toString());
        settings.put("data", dataName + " (" + (trainSize + valSize) + " examples" + (dropped > 0
                ? ", " + dropped + " rows with missing values dropped" : "") + ")" + (spark != null ? " on Spark " + spark : ""));
        settings.put("validation", Describe.number(valFrac) + (valSize > 0 ? " (" + valSize + " examples held out)" : " (none)"));
        settings.put("standardization", std != null ? "on: each feature scaled by the mean and standard deviation of the training split"
                : "off");
        settings.put("optimizer", optimizer);
        if (ts.schedule() != null) settings.put("schedule", options.schedule().description());
        if (ts.earlyStop() != null) {
            TrainOptions.EarlyStopping es = options.earlyStop();
            settings.put("early stopping", "monitor " + es.monitor() + ", patience " + es.patience() + ", min_delta "
                    + Describe.number(es.minDelta()) + (es.restoreBest() ? ", best weights restored" : ""));
        }
        settings.put("epochs", epochsN + (h.epochs().size() + done < epochsN ? " (stopped after " + h.last().epoch() + ")" : "")
                + (done > 0 ? " (resumed after " + done + ")" : ""));
        settings.put("batch", Integer.toString(options.batchSize()));
        settings.put("shuffle", Boolean.toString(options.shuffle()));
        settings.put("seed", Long.toString(seedN));
        settings.put("threads", spark != null ? "Spark executors" : Integer.toString(threadsN));
        writeOutputs(sig, h, settings, seconds, out, format);
        return Main.OK;
    }

    private void checkRanges() {
        if (epochs != null && epochs < 1) throw new UserError("--epochs must be at least 1, got " + epochs);
        if (batch != null && batch < 1) throw new UserError("--batch must be at least 1, got " + batch);
        if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
            throw new UserError("--lr must be a finite number greater than 0, got " + lr);
        }
        if (threads != null && (threads < 1 || threads > 256)) throw new UserError("--threads must be between 1 and 256, got " + threads);
        if (!(smoothing >= 0 && smoothing < 1)) throw new UserError("--smoothing must be at least 0 and below 1, got " + smoothing);
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
        // every output before any work: a missing folder must not cost a whole training run
        OutputFiles.check("--save", save);
        OutputFiles.check("--plot", plot);
        OutputFiles.check("--report", report);
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--save", save);
        outputs.put("--plot", plot);
        outputs.put("--report", report);
        OutputFiles.checkDistinct(outputs);
    }

    /** {@code --spark}: the cluster session with the data read, split and standardized there. */
    private ClusterTraining.Session openCluster(CompiledModel c, DataSetup.Source source, ModelSignature sig, MissingPolicy missing,
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
                c.compilation().java().qualifiedName(), c.javaSource(), sig, location, data != null ? Path.of("").toAbsolutePath() : source.base(),
                lbl, csv.features(), csv.categorical(), csv.standardize(), missing == null ? MissingPolicy.ERROR : missing,
                valFrac, seedN, err);
        return ClusterTrainingLoader.find().open(r);
    }

    private DataSetup.Source dataSource(TrainSettings ts, String modelName) {
        if (data != null) {
            TrainSettings.Csv base = ts.data() instanceof TrainSettings.Csv c ? c : null;
            TrainSettings.Csv csv = new TrainSettings.Csv(data.toString(), base == null ? null : base.label(),
                    base == null ? null : base.features(), base == null ? List.of() : base.categorical(),
                    base != null && base.standardize(), base == null ? null : base.charset(), null);
            return new DataSetup.Source(csv, Path.of(""), "--data");
        }
        if (ts.data() == null) throw new UserError(noData(ts, modelName));
        Path dir = file.toAbsolutePath().getParent();
        return new DataSetup.Source(ts.data(), dir == null ? Path.of("") : dir, null);
    }

    /** What to do when neither the train block nor the flags name the training data: both ways, written out. */
    private String noData(TrainSettings ts, String modelName) {
        String shown = OutputFiles.isStandardStream(file) ? "-" : file.toString();
        String where = ts == TrainSettings.NONE
                ? file + " has no train block for model " + modelName + ", so no training data. Add one to the model file:\n\n"
                        + "    train " + modelName + " {\n"
                        + "        data   csv(\"train.csv\", label: \"y\")   # the file is relative to the model file\n"
                        + "        epochs 20\n"
                        + "    }\n\n"
                : "the train block of " + modelName + " in " + file + " names no training data. Add a line to it:\n\n"
                        + "        data   csv(\"train.csv\", label: \"y\")   # the file is relative to the model file\n\n";
        return where + "or name the data on the command line:  nabla train " + shown + " --data train.csv --label y";
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

    private void writeOutputs(ModelSignature sig, History h, Map<String, String> settings, double seconds, PrintWriter out,
                              TrainingLog.Format format) {
        if (plot != null) {
            try {
                new CurvePlot(sig.modelName(), h).withSmoothing(smoothing).write(plot);
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError(mentions(e, plot) ? e.getMessage() : "cannot write the plot " + plot + ": " + reason(e));
            }
            wrote(out, format, "plot", plot);
        }
        if (report != null) {
            List<dev.nabla.cli.report.ModelParameter> params = new ArrayList<>();
            for (TensorSpec p : sig.params()) params.add(dev.nabla.cli.report.ModelParameter.of(p.name(), p.shape()));
            Map<String, String> provenance = new LinkedHashMap<>();
            java.time.ZonedDateTime now = java.time.ZonedDateTime.now().withNano(0);
            provenance.put("date", now.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx")));
            provenance.put("nabla", Version.info().describe());
            provenance.put("command line", Describe.commandLine(spec.commandLine().getParseResult().originalArgs()));
            provenance.put("working folder", Path.of("").toAbsolutePath().toString());
            provenance.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
            provenance.put("kernels", dev.nabla.runtime.kernels.Kernels.implementation());
            provenance.put("precision", sig.precision());
            try {
                new HtmlReport(sig.modelName(), h, params, settings, new RunInfo(now, seconds, provenance, smoothing)).write(report);
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError(mentions(e, report) ? e.getMessage() : "cannot write the report " + report + ": " + reason(e));
            }
            wrote(out, format, "report", report);
        }
    }

    /** Says that a file was written: {@code Wrote the plot to curves.svg}, or a JSON {@code file} event. */
    private static void wrote(PrintWriter out, TrainingLog.Format format, String what, Path file) {
        if (format == TrainingLog.Format.JSON) {
            out.println("{\"event\":\"file\",\"kind\":\"" + what + "\",\"path\":\"" + TrainingLog.jsonText(file.toString()) + "\"}");
        } else {
            out.println("Wrote the " + what + " to " + file);
        }
        out.flush();
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
