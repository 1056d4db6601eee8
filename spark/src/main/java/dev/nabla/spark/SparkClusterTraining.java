package dev.nabla.spark;

import dev.nabla.cli.ClusterTraining;
import dev.nabla.cli.UserError;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.data.DataException;
import dev.nabla.runtime.data.Encoding;
import dev.nabla.runtime.data.Standardizer;
import dev.nabla.runtime.train.History;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.TrainingListener;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;

/** {@code nabla train --spark MASTER}: the {@link ClusterTraining} of this module, found by the command with ServiceLoader. */
public final class SparkClusterTraining implements ClusterTraining {
    private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");
    /** Quiet logging for the command line (Spark's default prints INFO lines). */
    static final String LOG_CONFIG = "dev/nabla/spark/log4j2-nabla.properties";

    @Override
    public Session open(Request r) {
        checkJvm();
        boolean submitted = System.getProperty("spark.master") != null;
        if (r.master().isEmpty() && !submitted) {
            throw new UserError("--spark without a master works under spark-submit; give one, for example --spark local[2] or "
                    + "--spark spark://HOST:7077");
        }
        if (!submitted && System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:" + LOG_CONFIG);
        }
        SparkSession.Builder b = SparkSession.builder().appName("nabla train " + r.signature().modelName())
                .config("spark.ui.showConsoleProgress", "false");
        if (!r.master().isEmpty()) b.master(r.master());
        for (Map.Entry<String, String> e : r.conf().entrySet()) b.config(e.getKey(), e.getValue());
        String master = r.master().isEmpty() ? System.getProperty("spark.master") : r.master();
        if (!r.conf().containsKey("spark.executor.extraJavaOptions") && System.getProperty("spark.executor.extraJavaOptions") == null) {
            // the generated step's vector kernels stay compiled on JDK 17 (see "Performance" in README.md)
            b.config("spark.executor.extraJavaOptions", "-XX:PerMethodTrapLimit=10000");
        }
        if (!master.startsWith("local") && !r.conf().containsKey("spark.jars") && System.getProperty("spark.jars") == null) {
            Path jar = ownJar();
            if (jar != null) b.config("spark.jars", jar.toString());
            else r.err().println("nabla: warning: the executors need the nabla-spark jar on their class path "
                    + "(--spark-conf spark.jars=nabla-spark-VERSION-all.jar)");
        }
        SparkSession spark;
        // a session this JVM already runs (an application embedding the command) is used and left running
        boolean ours = SparkSession.getDefaultSession().isEmpty() && SparkSession.getActiveSession().isEmpty();
        try {
            spark = b.getOrCreate();
        } catch (RuntimeException e) {
            throw new UserError("--spark " + r.master() + ": cannot start Spark: " + firstLine(e));
        }
        try {
            String location = resolve(r.location(), r.base());
            TableOptions o = new TableOptions(r.label(), r.features(), r.categorical(), r.standardize(), r.onMissing(),
                    r.validation(), r.seed(), 0);
            SparkTable table = SparkTable.read(spark, location, o, r.signature());
            SparkTraining training = new SparkTraining(r.className(), r.javaSource(), r.signature());
            SparkTraining.Mode mode = r.localSteps() == null ? SparkTraining.Mode.synchronous()
                    : SparkTraining.Mode.averaging(r.localSteps());
            return new SparkSessionTraining(ours ? spark : null, table, training, mode);
        } catch (DataException | IllegalArgumentException e) {
            if (ours) spark.stop();
            throw new UserError(e.getMessage());
        } catch (RuntimeException e) {
            if (ours) spark.stop();
            throw e;
        }
    }

    /** A location with a scheme (hdfs://, s3a://, file:/) as given; a path relative to {@code base}. */
    static String resolve(String location, Path base) {
        if (URI.matcher(location).matches()) return location;
        return base.resolve(location).toAbsolutePath().normalize().toUri().toString();
    }

    private static void checkJvm() {
        if (!Object.class.getModule().isOpen("sun.nio.ch", SparkClusterTraining.class.getModule())) {
            throw new UserError("--spark: Spark needs this Java started with --add-opens options (Java 17); set NABLA_JAVA_OPTS "
                    + "with 'source spark/target/nabla-spark.env', or see docs/spark.md for the list");
        }
    }

    /** This module's jar (the shaded one ships everything the executors need but Spark), or null when run from classes. */
    private static Path ownJar() {
        try {
            CodeSource cs = SparkClusterTraining.class.getProtectionDomain().getCodeSource();
            if (cs == null) return null;
            Path p = Path.of(cs.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The prepared table and the training over it; closing stops Spark. */
    private static final class SparkSessionTraining implements Session {
        private final SparkSession spark;
        private final SparkTable table;
        private final SparkTraining training;
        private final SparkTraining.Mode mode;

        SparkSessionTraining(SparkSession spark, SparkTable table, SparkTraining training, SparkTraining.Mode mode) {
            this.spark = spark;
            this.table = table;
            this.training = training;
            this.mode = mode;
        }

        @Override public String source() { return table.source(); }
        @Override public Encoding encoding() { return table.encoding(); }
        @Override public Standardizer standardizer() { return table.standardizer(); }
        @Override public long dropped() { return table.dropped(); }
        @Override public long trainSize() { return table.trainSize(); }
        @Override public long validationSize() { return table.validationSize(); }
        @Override public int stepsPerEpoch(int batch) { return SparkTraining.stepsPerEpoch(table, batch, mode); }

        @Override
        public History fit(TrainableModel model, TrainOptions options, TrainingListener listener) {
            try {
                return training.fit(table, model, options, mode, listener);
            } catch (Exception e) { // Spark throws SparkException (checked) without declaring it
                if (e instanceof SparkException || e.getCause() instanceof SparkException
                        || e.getClass().getName().startsWith("org.apache.spark")) {
                    throw new UserError("Spark could not finish the training: " + firstLine(e));
                }
                if (e instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try {
                table.close();
            } finally {
                if (spark != null) spark.stop();
            }
        }
    }
}
