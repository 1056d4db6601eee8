package dev.nabla.cli;

import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.data.Encoding;
import dev.nabla.runtime.data.MissingPolicy;
import dev.nabla.runtime.data.Standardizer;
import dev.nabla.runtime.train.History;
import dev.nabla.runtime.train.TrainOptions;
import dev.nabla.runtime.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Training on a cluster, for {@code nabla train --spark MASTER}. The nabla-spark module implements it and
 * registers the implementation in {@code META-INF/services}, so that this command's own jar needs no Spark;
 * {@code train} finds it with {@link java.util.ServiceLoader}. Problems with the user's data, settings or
 * cluster are thrown as {@link UserError}s.
 */
public interface ClusterTraining {
    /** Starts (or joins) the cluster session, reads the data there, splits it and fits the standardization. */
    Session open(Request request);

    /**
     * What {@code train} asks for.
     *
     * @param master      the Spark master ({@code local[2]}, {@code spark://host:7077}); empty under spark-submit
     * @param conf        Spark settings from {@code --spark-conf}
     * @param localSteps  null for synchronous steps; K for periodic averaging every K local steps
     * @param className   the generated class's qualified name
     * @param javaSource  the generated class's source (the executors compile it)
     * @param signature   the model's signature
     * @param location    the data as written (a path relative to {@code base}, or a URI such as {@code hdfs://...})
     * @param base        the folder a relative {@code location} is resolved against
     * @param label       the label column
     * @param features    the feature columns in order, or null for every column except the label
     * @param categorical the columns to one-hot encode
     * @param standardize whether to standardize the features with the training split's statistics
     * @param onMissing   the missing-value policy
     * @param validation  the fraction held out for validation
     * @param seed        the seed of the split and the shuffling
     * @param err         where to print warnings
     */
    record Request(String master, Map<String, String> conf, Integer localSteps, String className, String javaSource,
                   ModelSignature signature, String location, Path base, String label, List<String> features,
                   List<String> categorical, boolean standardize, MissingPolicy onMissing, double validation, long seed,
                   PrintWriter err) {}

    /** Prepared data on the cluster, ready to train on. */
    interface Session extends AutoCloseable {
        /** The data's name for messages and the checkpoint (a file or folder name). */
        String source();

        /** How the columns were encoded (saved in the checkpoint for predict and eval). */
        Encoding encoding();

        /** The training split's statistics, or null when the features are not standardized. */
        Standardizer standardizer();

        /** Rows left out for missing values (policy drop). */
        long dropped();

        long trainSize();

        long validationSize();

        /** Optimizer steps per epoch for this batch size (for per-step schedules). */
        int stepsPerEpoch(int batch);

        /** Trains {@code model} (the driver's copy: its parameters, optimizer state and learning rate) like {@code Trainer.fit}. */
        History fit(TrainableModel model, TrainOptions options, TrainingListener listener);

        @Override
        void close();
    }
}
