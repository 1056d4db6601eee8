package dev.nabla.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link ClusterTraining} implementation for {@code --spark}: on this command's class path (as under
 * spark-submit), else in the jars that {@value #CLASSPATH_ENV} lists; otherwise a message says how to add it.
 */
final class ClusterTrainingLoader {
    static final String CLASSPATH_ENV = "NABLA_SPARK_CLASSPATH";

    private ClusterTrainingLoader() {}

    static ClusterTraining find() {
        ClusterTraining found = first(ClusterTraining.class.getClassLoader());
        if (found != null) return found;
        String cp = System.getenv(CLASSPATH_ENV);
        if (cp == null || cp.isBlank()) {
            throw new UserError("--spark needs the nabla-spark module and Apache Spark, which this command's jar does not "
                    + "include: build them with 'mvn -pl spark -am package -DskipTests', then run "
                    + "'source spark/target/nabla-spark.env' (it sets " + CLASSPATH_ENV + " and NABLA_JAVA_OPTS), or submit "
                    + "the module's jar with spark-submit; see docs/spark.md");
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            Path p = Path.of(entry.trim());
            if (!Files.exists(p)) throw new UserError(CLASSPATH_ENV + ": no such file or folder: " + entry.trim());
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UserError(CLASSPATH_ENV + ": not a usable path: " + entry.trim());
            }
        }
        URLClassLoader loader = new URLClassLoader("nabla-spark", urls.toArray(URL[]::new), ClusterTraining.class.getClassLoader());
        // Spark loads its classes and the tasks' classes through the context class loader
        Thread.currentThread().setContextClassLoader(loader);
        found = first(loader);
        if (found == null) {
            throw new UserError(CLASSPATH_ENV + " does not hold the nabla-spark module (no " + ClusterTraining.class.getName()
                    + " in its jars); set it from spark/target/nabla-spark.env, see docs/spark.md");
        }
        return found;
    }

    private static ClusterTraining first(ClassLoader loader) {
        try {
            Iterator<ClusterTraining> it = ServiceLoader.load(ClusterTraining.class, loader).iterator();
            return it.hasNext() ? it.next() : null;
        } catch (ServiceConfigurationError | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UserError("--spark: the nabla-spark module is present but cannot start (" + cause
                    + "); is Apache Spark on the class path too? See docs/spark.md");
        }
    }
}
