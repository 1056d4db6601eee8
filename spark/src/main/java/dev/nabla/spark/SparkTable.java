package dev.nabla.spark;

import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.data.DataException;
import dev.nabla.runtime.data.Encoding;
import dev.nabla.runtime.data.MissingPolicy;
import dev.nabla.runtime.data.MissingValues;
import dev.nabla.runtime.data.Standardizer;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A table prepared on the cluster for training: read (CSV or Parquet files, folders of part files, or any
 * {@code Dataset<Row>}), decoded with the column settings of {@code csv(...)}, split into training and validation
 * rows exactly as {@code nabla train} splits a CSV file, standardized with statistics Spark computes over the
 * training rows, and cached in the executors' memory as one {@link Block} of consecutive training rows per
 * partition.
 *
 * <p><b>Row order.</b> Rows are numbered in the order Spark reads them; a table of several files is ordered by file
 * name, then by position in the file, so the numbering does not depend on how Spark lists or packs the files. One CSV
 * file therefore gives the same examples, split and statistics (up to the rounding of sums) as {@code nabla train}
 * on that file. The split draws one permutation of the row numbers on the driver (4 bytes per row).
 *
 * <p><b>Errors.</b> Bad data is a {@link DataException} naming the file, the row in that file and the column.
 */
public final class SparkTable implements AutoCloseable {
    static final String FILE = "_nabla_file", ID = "_nabla_id", CORRUPT = "_nabla_corrupt_record";

    private final String source;
    private final Encoding encoding;
    private final Standardizer standardizer;
    private final long dropped;
    private final int trainSize, validationSize;
    private final boolean classification;
    private final int featureCount;
    final JavaRDD<Block> train, validation;
    final JavaSparkContext context;
    /** The split's positions: the blocks' lineage needs them when Spark rebuilds a lost block. */
    private final Broadcast<int[]> positions;

    private SparkTable(String source, Encoding encoding, Standardizer standardizer, long dropped, int trainSize,
                       int validationSize, boolean classification, int featureCount, JavaRDD<Block> train,
                       JavaRDD<Block> validation, JavaSparkContext context, Broadcast<int[]> positions) {
        this.source = source;
        this.encoding = encoding;
        this.standardizer = standardizer;
        this.dropped = dropped;
        this.trainSize = trainSize;
        this.validationSize = validationSize;
        this.classification = classification;
        this.featureCount = featureCount;
        this.train = train;
        this.validation = validation;
        this.context = context;
        this.positions = positions;
    }

    /** The data's name in messages and checkpoints (a file or folder name). */
    public String source() { return source; }

    /** The column encoding, with the class names (save it with the model: {@link #checkpointMetadata}). */
    public Encoding encoding() { return encoding; }

    /** The training rows' statistics, or null when the features are not standardized. */
    public Standardizer standardizer() { return standardizer; }

    /** Rows left out because they had missing values (policy DROP). */
    public long dropped() { return dropped; }

    public int trainSize() { return trainSize; }

    public int validationSize() { return validationSize; }

    /** The number of partitions that hold the training rows. */
    public int partitions() { return train.getNumPartitions(); }

    boolean classification() { return classification; }

    int featureCount() { return featureCount; }

    /**
     * What {@code nabla train --save} writes into a checkpoint besides the weights, so that {@code nabla predict} and
     * {@code nabla eval} read new data like this table: pass it to {@code ModelCheckpoints.save}.
     */
    public Map<String, String> checkpointMetadata(long seed, int epochs, int batch, int epochsDone) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nabla.encoding", encoding.toJson());
        if (standardizer != null) m.put("nabla.standardizer", standardizer.toJson());
        m.put("nabla.seed", Long.toString(seed));
        m.put("nabla.epochs", Integer.toString(epochs));
        m.put("nabla.batch", Integer.toString(batch));
        m.put("nabla.data", source);
        m.put("nabla.epochs_done", Integer.toString(epochsDone));
        return m;
    }

    /** Frees the cached blocks. */
    @Override
    public void close() {
        train.unpersist(false);
        if (validation != null) validation.unpersist(false);
        positions.destroy();
    }

    /**
     * Reads {@code location} (a path or URI Spark understands: a CSV or Parquet file, or a folder of part files) and
     * prepares it for a model with this signature. Parquet is chosen for names ending in {@code .parquet} and for
     * folders holding {@code .parquet} files; anything else is read as CSV with a header line, every field as text,
     * parsed as {@code nabla train} parses CSV files.
     */
    public static SparkTable read(SparkSession spark, String location, TableOptions options, ModelSignature signature)
            throws DataException {
        String name = displayName(location);
        boolean parquet = isParquet(spark, location, name);
        Dataset<Row> rows;
        try {
            if (parquet) {
                rows = spark.read().parquet(location);
            } else {
                StructType header = spark.read().option("header", "true").option("inferSchema", "false").csv(location).schema();
                checkHeader(header, name);
                StructType schema = new StructType();
                for (StructField f : header.fields()) schema = schema.add(f.name(), DataTypes.StringType, true);
                schema = schema.add(CORRUPT, DataTypes.StringType, true);
                rows = spark.read().option("header", "true").option("enforceSchema", "false").option("mode", "PERMISSIVE")
                        .option("columnNameOfCorruptRecord", CORRUPT).schema(schema).csv(location);
            }
        } catch (RuntimeException e) {
            throw DataException.of(name, "Spark cannot read it: " + firstLine(e));
        }
        return of(rows, name, options, signature);
    }

    private static boolean isParquet(SparkSession spark, String location, String name) throws DataException {
        if (location.toLowerCase(Locale.ROOT).endsWith(".parquet")) return true;
        try {
            Path p = new Path(location);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) throw DataException.of(name, "file or folder not found");
            if (!fs.getFileStatus(p).isDirectory()) return false;
            boolean any = false;
            for (FileStatus s : fs.listStatus(p)) {
                String n = s.getPath().getName();
                if (n.startsWith("_") || n.startsWith(".")) continue;
                any = true;
                if (n.toLowerCase(Locale.ROOT).endsWith(".parquet")) return true;
            }
            if (!any) throw DataException.of(name, "the folder holds no data files");
            return false;
        } catch (IOException | IllegalArgumentException e) {
            throw DataException.of(name, "cannot read it (" + e.getMessage() + ")");
        }
    }

    /** Spark renames repeated and empty header names; refuse them as {@code nabla train} does. */
    private static void checkHeader(StructType header, String name) throws DataException {
        String[] names = header.fieldNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals("_c" + i)) throw DataException.at(name, 1, i + 1, "column " + (i + 1) + " has no name in the header");
        }
    }

    static String displayName(String location) {
        String s = location;
        while (s.endsWith("/") && s.length() > 1) s = s.substring(0, s.length() - 1);
        int slash = s.lastIndexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s;
    }

    private static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * Prepares rows Spark already has for a model with this signature ({@code source} names them in messages). The
     * signature fixes whether the label is read as classes (a {@code class(C)} target) or as a number.
     */
    public static SparkTable of(Dataset<Row> rows, String source, TableOptions options, ModelSignature signature)
            throws DataException {
        if (signature.inputs().size() != 1 || signature.targets().size() != 1) {
            throw new IllegalArgumentException("model " + signature.modelName() + " has " + signature.inputs().size()
                    + " inputs and " + signature.targets().size() + " targets; training on a table needs exactly one of each");
        }
        TensorSpec input = signature.inputs().get(0), target = signature.targets().get(0);
        boolean classification = target.isClass();
        if (!classification && target.size() != 1) {
            throw DataException.of(source, "has 1 target value per row (column '" + options.label() + "'), but target '"
                    + target.name() + "' takes " + target.size());
        }
        List<String> columns = new ArrayList<>(List.of(rows.columns()));
        columns.remove(CORRUPT);
        Plan plan = Plan.of(columns, options, source);
        SparkSession spark = rows.sparkSession();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        // number the rows: by file name, then position in the file
        Dataset<Row> numbered = rows.withColumn(FILE, functions.input_file_name()).withColumn(ID, functions.monotonically_increasing_id());
        String[] files;
        try {
            files = rows.inputFiles();
        } catch (RuntimeException e) {
            files = new String[0];
        }
        if (files.length > 1) numbered = numbered.sort(new Column(FILE), new Column(ID));
        int[] index = new int[plan.columns.size()];
        String[] all = numbered.columns();
        for (int i = 0; i < index.length; i++) index[i] = Arrays.asList(all).indexOf(plan.columns.get(i));
        Decoder decoder = new Decoder(plan, index, Arrays.asList(all).indexOf(CORRUPT), Arrays.asList(all).indexOf(FILE),
                options.onMissing() == MissingPolicy.DROP, classification);
        JavaRDD<Decoded> decoded;
        Summary summary;
        try {
            decoded = numbered.javaRDD().zipWithIndex().map(decoder::decode).persist(StorageLevel.MEMORY_AND_DISK());
            summary = decoded.treeAggregate(Summary.empty(plan), Summary::add, Summary::merge);
        } catch (RuntimeException e) {
            throw DataException.of(source, "Spark cannot read it: " + firstLine(e));
        }
        try {
            if (summary.error != null) throw error(decoded, summary.error, source);
            if (summary.rows == 0) throw DataException.of(source, "no data rows");
            if (summary.kept == 0) {
                throw DataException.of(source, "all " + summary.rows + " data rows had missing values and were dropped; no data left");
            }
            if (summary.kept > Integer.MAX_VALUE) throw DataException.of(source, summary.kept + " rows; at most " + Integer.MAX_VALUE);
            Map<String, List<String>> categories = new LinkedHashMap<>();
            for (int f = 0; f < plan.features.size(); f++) {
                if (plan.categorical[f]) categories.put(plan.features.get(f), Values.sorted(summary.categories.get(f)));
            }
            List<String> classNames = classification ? Values.sorted(summary.labels) : null;
            Encoding encoding = new Encoding(plan.features, categories, options.label(), classNames);
            if (encoding.featureCount() != input.size()) {
                List<String> names = encoding.featureNames();
                throw DataException.of(source, "has " + names.size() + " feature columns (" + abbreviate(names) + "), but input '"
                        + input.name() + "' takes " + input.size() + " values " + input.shapeString());
            }
            if (classification && classNames.size() > target.classes()) {
                throw DataException.of(source, "the label column has " + classNames.size() + " classes (" + abbreviate(classNames)
                        + "), but target '" + target.name() + "' is class(" + target.classes() + ")");
            }
            return split(jsc, decoded, (int) summary.kept, summary.rows - summary.kept, encoding, options, source, classification);
        } finally {
            decoded.unpersist(false);
        }
    }

    private static String abbreviate(List<String> l) {
        if (l.size() <= 6) return String.join(", ", l);
        return String.join(", ", l.subList(0, 5)) + ", ... " + l.size() + " in all";
    }

    /** The first bad row as a message with its file, its row in that file and the column. */
    private static DataException error(JavaRDD<Decoded> decoded, Decoded bad, String source) {
        String file = bad.file;
        long id = bad.id;
        long before = decoded.filter(d -> d.file.equals(file) && d.id < id).count();
        String name = file.isEmpty() ? source : displayName(file);
        return DataException.of(name, "row " + (before + 1) + ": " + bad.error);
    }

    /** Splits, standardizes and cuts into blocks. */
    private static SparkTable split(JavaSparkContext jsc, JavaRDD<Decoded> decoded, int n, long dropped, Encoding encoding,
                                    TableOptions options, String source, boolean classification) throws DataException {
        // the permutation of Dataset.split: a Fisher-Yates shuffle driven by java.util.Random(seed)
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random random = new Random(options.seed());
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int validationSize = (int) Math.min(n, Math.round(n * options.validation()));
        int trainSize = n - validationSize;
        if (trainSize == 0) throw DataException.of(source, "no training examples left after the validation split");
        int[] position = new int[n];
        for (int j = 0; j < n; j++) position[order[j]] = j;
        order = null;
        Broadcast<int[]> positions = jsc.broadcast(position);
        Encoder encoder = new Encoder(encoding, classification);
        boolean done = false;
        try {
            JavaPairRDD<Integer, Example> examples = decoded.filter(d -> d.error == null && !d.dropped).zipWithIndex()
                    .mapToPair(t -> new Tuple2<>(positions.value()[(int) (long) t._2()], encoder.encode(t._1())))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            JavaPairRDD<Integer, Example> trainRows = examples.filter(t -> t._1() >= validationSize)
                    .mapToPair(t -> new Tuple2<>(t._1() - validationSize, t._2()));
            JavaPairRDD<Integer, Example> validationRows = examples.filter(t -> t._1() < validationSize);
            Standardizer std = options.standardize() ? fitStandardizer(trainRows.values(), encoding.featureCount(), trainSize) : null;
            String stdJson = std == null ? null : std.toJson();
            int parts = options.partitions() > 0 ? options.partitions() : jsc.defaultParallelism();
            parts = Math.max(1, Math.min(parts, trainSize));
            JavaRDD<Block> train = blocks(trainRows, trainSize, parts, stdJson, classification);
            JavaRDD<Block> validation = validationSize == 0 ? null
                    : blocks(validationRows, validationSize, Math.max(1, Math.min(parts, validationSize)), stdJson, classification);
            train.count();
            if (validation != null) validation.count();
            examples.unpersist(false);
            done = true;
            return new SparkTable(source, encoding, std, dropped, trainSize, validationSize, classification,
                    encoding.featureCount(), train, validation, jsc, positions);
        } finally {
            if (!done) positions.destroy();
        }
    }

    /** Standardizer.fit over the training rows: population standard deviation, constant features centred only. */
    private static Standardizer fitStandardizer(JavaRDD<Example> rows, int d, long n) throws DataException {
        double[][] first = rows.treeAggregate(Moments.first(d), (m, e) -> addFirst(m, e.x), Moments::merge);
        double[] mean = new double[d], std = new double[d];
        boolean[] constant = new boolean[d];
        for (int j = 0; j < d; j++) {
            if (first[1][j] == first[2][j]) {
                constant[j] = true;
                mean[j] = first[1][j];
                std[j] = 1;
            } else {
                mean[j] = first[0][j] / n;
            }
        }
        double[] m = mean;
        double[][] second = rows.treeAggregate(Moments.second(d), (acc, e) -> Moments.addSecond(acc, e.x, m), Moments::merge);
        for (int j = 0; j < d; j++) if (!constant[j]) std[j] = Math.sqrt(second[0][j] / n);
        StringBuilder json = new StringBuilder("{\"version\":1,\"mean\":[");
        for (int j = 0; j < d; j++) json.append(j == 0 ? "" : ",").append(mean[j]);
        json.append("],\"std\":[");
        for (int j = 0; j < d; j++) json.append(j == 0 ? "" : ",").append(std[j]);
        return Standardizer.fromJson(json.append("]}").toString());
    }

    /** Rows keyed by their number in the split, cut into {@code parts} blocks of consecutive numbers. */
    private static JavaRDD<Block> blocks(JavaPairRDD<Integer, Example> rows, int n, int parts, String stdJson, boolean classification) {
        return rows.partitionBy(new RangeParts(n, parts)).mapPartitionsWithIndex((p, it) -> {
            List<Tuple2<Integer, Example>> list = new ArrayList<>();
            it.forEachRemaining(list::add);
            list.sort((a, b) -> Integer.compare(a._1(), b._1()));
            Standardizer std = stdJson == null ? null : Standardizer.fromJson(stdJson);
            int size = list.size();
            float[][] x = new float[size][];
            int[] classes = classification ? new int[size] : null;
            float[][] targets = classification ? null : new float[size][];
            int start = RangeParts.start(n, parts, p);
            for (int i = 0; i < size; i++) {
                Tuple2<Integer, Example> t = list.get(i);
                if (t._1() != start + i) throw new IllegalStateException("internal error: row " + t._1() + " in block " + p);
                x[i] = std == null ? t._2().x : std.apply(t._2().x);
                if (classification) classes[i] = t._2().label;
                else targets[i] = new float[] {t._2().target};
            }
            return List.of(new Block(p, start, x, classes, targets)).iterator();
        }, true).persist(StorageLevel.MEMORY_ONLY());
    }

    /** Partition p holds the rows numbered {@code start(p)} to {@code start(p + 1) - 1}. */
    static final class RangeParts extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int n, parts;

        RangeParts(int n, int parts) {
            this.n = n;
            this.parts = parts;
        }

        static int start(int n, int parts, int p) { return (int) ((long) p * n / parts); }

        @Override public int numPartitions() { return parts; }

        @Override
        public int getPartition(Object key) {
            int t = (Integer) key;
            int p = (int) ((long) t * parts / n);
            while (p + 1 < parts && start(n, parts, p + 1) <= t) p++;
            while (p > 0 && start(n, parts, p) > t) p--;
            return p;
        }

        @Override
        public boolean equals(Object o) { return o instanceof RangeParts r && r.n == n && r.parts == parts; }

        @Override
        public int hashCode() { return n * 31 + parts; }
    }

    /** The columns read: features in order (each numeric or categorical), then the label. */
    static final class Plan implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> features;
        final boolean[] categorical;
        final String label;
        /** features then the label */
        final List<String> columns;

        private Plan(List<String> features, boolean[] categorical, String label) {
            this.features = List.copyOf(features);
            this.categorical = categorical;
            this.label = label;
            List<String> c = new ArrayList<>(features);
            c.add(label);
            this.columns = List.copyOf(c);
        }

        static Plan of(List<String> header, TableOptions o, String source) throws DataException {
            find(header, o.label(), "label column", source);
            List<String> features = new ArrayList<>();
            if (o.features() == null) {
                for (String c : header) if (!c.equals(o.label()) && !c.equals(FILE) && !c.equals(ID)) features.add(c);
                if (features.isEmpty()) throw DataException.of(source, "no feature columns: the only column is the label '" + o.label() + "'");
            } else {
                for (String c : o.features()) {
                    find(header, c, "feature column", source);
                    if (c.equals(o.label())) throw DataException.of(source, "column '" + c + "' is the label; it cannot also be a feature");
                    features.add(c);
                }
            }
            boolean[] categorical = new boolean[features.size()];
            for (String c : o.categorical()) {
                find(header, c, "categorical column", source);
                if (c.equals(o.label())) {
                    throw DataException.of(source, "column '" + c + "' is the label; it cannot also be a categorical feature "
                            + "(class labels need no declaring)");
                }
                int f = features.indexOf(c);
                if (f < 0) throw DataException.of(source, "categorical column '" + c + "' is not one of the feature columns: " + features);
                categorical[f] = true;
            }
            return new Plan(features, categorical, o.label());
        }

        private static void find(List<String> header, String name, String role, String source) throws DataException {
            if (!header.contains(name)) {
                throw DataException.of(source, role + " '" + name + "' not found; available columns: " + String.join(", ", header));
            }
        }
    }

    /** One row read: its number, file, and decoded fields; or why it was dropped or refused. */
    static final class Decoded implements Serializable {
        private static final long serialVersionUID = 1L;
        long id;
        String file = "";
        float[] numbers;
        String[] categories;
        String label;
        float target;
        boolean dropped;
        /** The problem with this row ("column 'x': ..."), or null. */
        String error;
    }

    /** Turns a Spark row into a {@link Decoded}, following the plan. */
    static final class Decoder implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Plan plan;
        private final int[] index;
        private final int corrupt, file;
        private final boolean drop, classification;

        Decoder(Plan plan, int[] index, int corrupt, int file, boolean drop, boolean classification) {
            this.plan = plan;
            this.index = index;
            this.corrupt = corrupt;
            this.file = file;
            this.drop = drop;
            this.classification = classification;
        }

        Decoded decode(Tuple2<Row, Long> t) {
            Row row = t._1();
            Decoded d = new Decoded();
            d.id = t._2();
            if (file >= 0 && !row.isNullAt(file)) d.file = row.getString(file);
            if (corrupt >= 0 && !row.isNullAt(corrupt)) {
                d.error = "the row does not have as many fields as the header (" + plan.columns.size() + " used of them)";
                return d;
            }
            for (int c = 0; c < index.length; c++) {
                if (missing(row, index[c])) {
                    if (drop) {
                        d.dropped = true;
                        return d;
                    }
                    String raw = row.isNullAt(index[c]) ? "" : String.valueOf(row.get(index[c]));
                    d.error = "column '" + plan.columns.get(c) + "': missing value "
                            + (raw.trim().isEmpty() ? "(empty field)" : "'" + raw.trim() + "'")
                            + "; to drop rows with missing values instead, use --on-missing drop (on_missing drop in a train "
                            + "block, MissingPolicy.DROP in Java)";
                    return d;
                }
            }
            int f = plan.features.size();
            d.numbers = new float[f];
            for (int c = 0; c < f; c++) {
                Object v = row.get(index[c]);
                if (plan.categorical[c]) {
                    if (d.categories == null) d.categories = new String[f];
                    d.categories[c] = v.toString().trim();
                } else {
                    float x = number(v);
                    if (Float.isNaN(x)) {
                        d.error = "column '" + plan.columns.get(c) + "': expected a number, found '" + v.toString().trim()
                                + "'; if this column holds categories, declare it categorical";
                        return d;
                    }
                    d.numbers[c] = x;
                }
            }
            Object label = row.get(index[f]);
            if (classification) {
                d.label = label.toString().trim();
            } else {
                d.target = number(label);
                if (Float.isNaN(d.target)) {
                    d.error = "column '" + plan.label + "': expected a number for a regression target, found '"
                            + label.toString().trim() + "'";
                }
            }
            return d;
        }

        private static boolean missing(Row row, int i) {
            if (row.isNullAt(i)) return true;
            Object v = row.get(i);
            if (v instanceof String s) return MissingValues.isMissing(s);
            if (v instanceof Double x) return x.isNaN();
            if (v instanceof Float x) return x.isNaN();
            return false;
        }

        private static float number(Object v) {
            if (v instanceof Number n) {
                if (v instanceof java.math.BigDecimal b) return Values.parse(b.toPlainString());
                float x = n.floatValue();
                return Float.isFinite(x) ? x : Float.NaN;
            }
            if (v instanceof String s) return Values.parse(s);
            return Float.NaN;
        }
    }

    /** What the whole table holds: row counts, the first bad row, the categories and class names found. */
    static final class Summary implements Serializable {
        private static final long serialVersionUID = 1L;
        long rows, kept;
        Decoded error;
        List<Set<String>> categories;
        Set<String> labels;

        static Summary empty(Plan plan) {
            Summary s = new Summary();
            s.categories = new ArrayList<>();
            for (boolean c : plan.categorical) s.categories.add(c ? new HashSet<>() : null);
            s.labels = new HashSet<>();
            return s;
        }

        Summary add(Decoded d) {
            rows++;
            if (d.error != null) {
                if (error == null || d.id < error.id) error = d;
                return this;
            }
            if (d.dropped) return this;
            kept++;
            if (d.categories != null) {
                for (int f = 0; f < d.categories.length; f++) if (d.categories[f] != null) categories.get(f).add(d.categories[f]);
            }
            if (d.label != null) labels.add(d.label);
            return this;
        }

        Summary merge(Summary o) {
            rows += o.rows;
            kept += o.kept;
            if (o.error != null && (error == null || o.error.id < error.id)) error = o.error;
            for (int f = 0; f < categories.size(); f++) if (categories.get(f) != null) categories.get(f).addAll(o.categories.get(f));
            labels.addAll(o.labels);
            return this;
        }
    }

    /** An encoded example: features (one-hot expanded, not yet standardized) and the class or value. */
    static final class Example implements Serializable {
        private static final long serialVersionUID = 1L;
        final float[] x;
        final int label;
        final float target;

        Example(float[] x, int label, float target) {
            this.x = x;
            this.label = label;
            this.target = target;
        }
    }

    /** Expands categorical columns and maps class names to indices, as the encoding says. */
    static final class Encoder implements Serializable {
        private static final long serialVersionUID = 1L;
        private final List<Map<String, Integer>> categories = new ArrayList<>();
        private final int[] width;
        private final Map<String, Integer> classes;
        private final int featureCount;

        Encoder(Encoding e, boolean classification) {
            width = new int[e.featureColumns().size()];
            for (int f = 0; f < width.length; f++) {
                List<String> values = e.categories().get(e.featureColumns().get(f));
                Map<String, Integer> m = null;
                if (values != null) {
                    m = new java.util.HashMap<>();
                    for (int i = 0; i < values.size(); i++) m.put(values.get(i), i);
                }
                categories.add(m);
                width[f] = values == null ? 1 : values.size();
            }
            featureCount = e.featureCount();
            if (classification) {
                classes = new java.util.HashMap<>();
                for (int i = 0; i < e.classNames().size(); i++) classes.put(e.classNames().get(i), i);
            } else {
                classes = null;
            }
        }

        Example encode(Decoded d) {
            float[] x = new float[featureCount];
            int out = 0;
            for (int f = 0; f < width.length; f++) {
                Map<String, Integer> m = categories.get(f);
                if (m == null) x[out] = d.numbers[f];
                else x[out + m.get(d.categories[f])] = 1f;
                out += width[f];
            }
            return new Example(x, classes == null ? 0 : classes.get(d.label), d.target);
        }
    }

    /** Sums for the standardizer: [sum, min, max] per feature, then [sum of squared deviations]. */
    static final class Moments {
        private Moments() {}

        static double[][] first(int d) {
            double[][] m = new double[3][d];
            Arrays.fill(m[1], Double.POSITIVE_INFINITY);
            Arrays.fill(m[2], Double.NEGATIVE_INFINITY);
            return m;
        }

        static double[][] second(int d) { return new double[1][d]; }

        static double[][] merge(double[][] a, double[][] b) {
            for (int j = 0; j < a[0].length; j++) a[0][j] += b[0][j];
            if (a.length == 3) {
                for (int j = 0; j < a[1].length; j++) {
                    a[1][j] = Math.min(a[1][j], b[1][j]);
                    a[2][j] = Math.max(a[2][j], b[2][j]);
                }
            }
            return a;
        }

        static double[][] addSecond(double[][] acc, float[] x, double[] mean) {
            for (int j = 0; j < x.length; j++) {
                double dev = x[j] - mean[j];
                acc[0][j] += dev * dev;
            }
            return acc;
        }
    }

    static double[][] addFirst(double[][] m, float[] x) {
        for (int j = 0; j < x.length; j++) {
            m[0][j] += x[j];
            m[1][j] = Math.min(m[1][j], x[j]);
            m[2][j] = Math.max(m[2][j], x[j]);
        }
        return m;
    }

    /** Iterator helper for tests. */
    static <T> List<T> list(Iterator<T> it) {
        List<T> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
