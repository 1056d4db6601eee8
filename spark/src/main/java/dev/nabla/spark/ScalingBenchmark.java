package dev.nabla.spark;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.Nabla;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.spark.bench.LoopbackCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Measures the constants of the scaling model in docs/spark.md: the compute per example of the generated step
 * (one thread), the job overhead of a Spark step, the cost of summing a gradient of P parameters from N partitions,
 * and examples per second of synchronous steps and of periodic averaging against the number of executors, on a
 * generated table.
 *
 * <pre>
 * java $NABLA_JAVA_OPTS --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=10000 \
 *      -cp "$NABLA_SPARK_CLASSPATH" dev.nabla.spark.ScalingBenchmark [--rows 1000000] [--executors 1,2] [--cluster]
 * </pre>
 * With {@code --cluster} every executor is a JVM of a {@link LoopbackCluster} with one core per worker; otherwise
 * {@code local[N]} (N task threads in this JVM).
 */
public final class ScalingBenchmark {
    static final String TABULAR = """
            model Tabular {
                input  x[16]
                target y: class(2)
                param W1[64, 16]
                param b1[64]
                param W2[64, 64]
                param b2[64]
                param W3[2, 64]
                param b3[2]
                h1     = relu(W1 @ x + b1)
                h2     = relu(W2 @ h1 + b2)
                logits = W3 @ h2 + b3
                output probs = softmax(logits)
                loss   cross_entropy(logits, y)
            }
            train Tabular { optimizer adam(lr: 0.003) }
            """;

    private ScalingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000, steps = 40, batch = 512, localSteps = 8;
        int[] executors = {1, 2};
        boolean cluster = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--local-steps" -> localSteps = Integer.parseInt(args[++i]);
                case "--executors" -> executors = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--cluster" -> cluster = true;
                case "--compute-only" -> executors = new int[0];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        CompiledModel tabular = Nabla.compile("tabular.nabla", TABULAR, CompileOptions.defaults());
        String b2Source = Files.readString(locate("bench/models/b2.nabla"));
        CompiledModel b2 = Nabla.compile("b2.nabla", b2Source, CompileOptions.defaults());
        System.out.printf(Locale.ROOT, "compute (one thread, batch %d): tabular %.3f us/example (%d parameters), B2 %.3f us/example (%d parameters)%n",
                batch, computeMicros(tabular, batch), tabular.signature().parameterCount(), computeMicros(b2, 128),
                b2.signature().parameterCount());
        for (int n : executors) {
            LoopbackCluster c = null;
            try {
                String master = "local[" + n + "]";
                if (cluster) {
                    c = new LoopbackCluster(System.getProperty("java.class.path"), sparkOptions(), n, "2g", Duration.ofSeconds(120));
                    master = c.masterUrl();
                }
                SparkSession.Builder b = SparkSession.builder().master(master).appName("nabla scaling " + n)
                        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                        .config("spark.executor.memory", "1536m").config("spark.default.parallelism", Integer.toString(n))
                        .config("spark.executor.extraJavaOptions", "-XX:PerMethodTrapLimit=10000 -Dnabla.vector="
                                + System.getProperty("nabla.vector", "auto"));
                SparkSession spark = b.getOrCreate();
                try {
                    measure(spark, n, tabular, b2, rows, steps, batch, localSteps);
                } finally {
                    spark.stop();
                }
            } finally {
                if (c != null) c.close();
            }
        }
    }

    private static List<String> sparkOptions() {
        return List.of(("-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED "
                + "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED "
                + "--add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED "
                + "--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED "
                + "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED "
                + "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED "
                + "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED "
                + "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false "
                + "-Dio.netty.tryReflectionSetAccessible=true").split(" "));
    }

    /** bench/models/... from the repository root (this folder or a parent). */
    static Path locate(String file) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(file))) return p.resolve(file);
        }
        throw new IllegalStateException("cannot find " + file + " from " + Path.of("").toAbsolutePath());
    }

    /** Microseconds per example of computeGradients on one thread (after a warm-up). */
    static double computeMicros(CompiledModel c, int batch) {
        TrainableModel m = c.newModel(batch, 1);
        SplittableRandom r = new SplittableRandom(1);
        int in = c.signature().inputs().get(0).size(), classes = c.signature().targets().get(0).classes();
        float[] row = new float[in];
        for (int i = 0; i < batch; i++) {
            for (int k = 0; k < in; k++) row[k] = (float) r.nextGaussian();
            m.setInput(0, i, row);
            m.setClassTarget(0, i, r.nextInt(classes));
        }
        long budget = 3_000_000_000L, start = System.nanoTime();
        int runs = 0;
        while (System.nanoTime() - start < budget / 2) {
            m.computeGradients(batch);
            runs++;
        }
        start = System.nanoTime();
        for (int i = 0; i < Math.max(5, runs); i++) m.computeGradients(batch);
        return (System.nanoTime() - start) / 1e3 / Math.max(5, runs) / batch;
    }

    /** A generated table: 16 standard normal features, class 1 when a fixed linear score is positive. */
    static Dataset<Row> table(SparkSession spark, int rows, int partitions) {
        List<Column> cols = new ArrayList<>();
        Column score = functions.lit(0.0);
        for (int j = 0; j < 16; j++) {
            Column f = functions.randn(100 + j).as("f" + j);
            cols.add(f);
        }
        Dataset<Row> d = spark.range(0, rows, 1, partitions).select(cols.toArray(Column[]::new));
        for (int j = 0; j < 16; j++) score = score.plus(d.col("f" + j).multiply((j % 3) - 1));
        return d.withColumn("y", functions.when(score.gt(0), "pos").otherwise("neg"));
    }

    private static void measure(SparkSession spark, int n, CompiledModel tabular, CompiledModel b2, int rows, int steps,
                                int batch, int localSteps) throws Exception {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long t0 = System.nanoTime();
        TableOptions o = TableOptions.label("y").withStandardize(true).withPartitions(n).withSeed(1);
        try (SparkTable t = SparkTable.of(table(spark, rows, n), "generated", o, tabular.signature())) {
            System.out.printf(Locale.ROOT, "%d executor(s): table of %,d rows prepared in %.1f s (%d partitions)%n", n, rows,
                    (System.nanoTime() - t0) / 1e9, t.partitions());
            Broadcast<ModelCode> code = sc.broadcast(ModelCode.of(tabular.modelClass().getName(), tabular.javaSource()));
            Shipped.Layout params = new Shipped.Layout(tabular.signature(), false);
            TrainableModel model = tabular.newModel(batch, 1);
            int[] order = new int[t.trainSize()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            shuffle(order, 5);
            // warm-up: the executors compile the class and the JIT compiles the step
            syncSteps(sc, t, code, params, model, order, batch, 10);
            double overhead = syncSteps(sc, t, code, params, model, new int[0], 0, steps);
            double sync = syncSteps(sc, t, code, params, model, order, batch, steps);
            System.out.printf(Locale.ROOT, "%d executor(s): job overhead %.1f ms per step; synchronous tabular step (batch %d) %.1f ms: %,.0f examples/s%n",
                    n, overhead * 1e3, batch, sync * 1e3, batch / sync);
            Shipped.Layout full = new Shipped.Layout(tabular.signature(), true);
            averagingRounds(sc, t, code, full, model, batch, localSteps, 2);
            double round = averagingRounds(sc, t, code, full, model, batch, localSteps, Math.max(5, steps / localSteps));
            System.out.printf(Locale.ROOT, "%d executor(s): averaging every %d local steps (batch %d per executor): %.1f ms per round: %,.0f examples/s%n",
                    n, localSteps, batch, round * 1e3, (double) n * localSteps * batch / round);
            code.destroy();
            for (long size : new long[] {tabular.signature().parameterCount(), b2.signature().parameterCount()}) {
                aggregate(t.train, (int) size, 3);
                double a = aggregate(t.train, (int) size, 15);
                System.out.printf(Locale.ROOT, "%d executor(s): broadcast and sum of %,d parameters: %.1f ms (job overhead included)%n",
                        n, size, a * 1e3);
            }
        }
    }

    private static void shuffle(int[] a, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The median seconds of a synchronous step of {@code batch} rows (0: empty steps, the job overhead). */
    private static double syncSteps(JavaSparkContext sc, SparkTable t, Broadcast<ModelCode> code, Shipped.Layout params,
                                    TrainableModel model, int[] order, int batch, int steps) {
        int parts = t.train.getNumPartitions();
        double[] times = new double[steps];
        for (int s = 0; s < steps; s++) {
            long start = System.nanoTime();
            int from = batch == 0 ? 0 : (s * batch) % Math.max(1, order.length - batch);
            int[] rows = Arrays.copyOfRange(order, from, from + batch);
            Broadcast<Shipped> p = sc.broadcast(Shipped.of(params.read(model), params.floats, 0));
            Partial.Node r = t.train.mapPartitions(new Tasks.SyncStep(code, p, params, rows, parts, Math.max(1, batch)))
                    .treeReduce(Partial::add).root();
            p.destroy();
            if (r.rows > 0) {
                params.setGradients(r.vector(), r.rows, model);
                model.applyGradients();
            }
            times[s] = (System.nanoTime() - start) / 1e9;
        }
        return median(times);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double averagingRounds(JavaSparkContext sc, SparkTable t, Broadcast<ModelCode> code, Shipped.Layout full,
                                          TrainableModel model, int batch, int k, int rounds) {
        int parts = t.train.getNumPartitions();
        double[] lrs = new double[k];
        Arrays.fill(lrs, model.learningRate());
        double[] times = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            Broadcast<Shipped> s = sc.broadcast(Shipped.of(full.read(model), full.floats, model.stepCount()));
            Partial.Node node = t.train.mapPartitions(new Tasks.LocalRound(code, s, full, lrs, parts, batch, 1, r * k, 1, true))
                    .treeReduce(Partial::add).root();
            s.destroy();
            full.write(node.vector(), node.rows, model);
            model.setStepCount(model.stepCount() + node.steps);
            times[r] = (System.nanoTime() - start) / 1e9;
        }
        return median(times);
    }

    /** Seconds for {@code jobs} jobs that broadcast {@code size} parameters and sum one gradient of that size per partition. */
    private static double aggregate(JavaRDD<Block> blocks, int size, int jobs) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
        int parts = blocks.getNumPartitions();
        double[] times = new double[jobs];
        for (int j = 0; j < jobs; j++) {
            long start = System.nanoTime();
            Broadcast<float[]> p = sc.broadcast(new float[size]);
            Partial.Node r = blocks.mapPartitions(it -> {
                Block b = it.next();
                float[] g = p.value().clone();
                g[0] = b.index;
                Partial.Node node = new Partial.Node(b.index, b.index + 1);
                node.leaf = g;
                node.leafWeight = 1;
                node.rows = 1;
                return List.of(Partial.leaf(parts, node)).iterator();
            }).treeReduce(Partial::add).root();
            p.destroy();
            if (r.rows != parts) throw new IllegalStateException("lost a partition");
            times[j] = (System.nanoTime() - start) / 1e9;
        }
        return median(times);
    }
}
