package dev.nabla.spark.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on the loopback address, for tests and benchmarks: a master and {@code workers}
 * workers (one core each), every one a separate JVM started from a class path of Spark's jars. Executors that the
 * workers start get the same class path. {@link #close()} (also run at JVM exit) kills every process it started.
 */
public final class LoopbackCluster implements AutoCloseable {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> workerPorts = new ArrayList<>();
    private final int port, webPort;
    private final Thread hook = new Thread(this::killAll, "loopback-cluster-shutdown");

    /**
     * Starts the cluster and waits (at most {@code timeout}) until every worker has registered.
     *
     * @param classpath   Spark's jars (and anything the master and workers need), separated by the path separator
     * @param javaOptions options for the master and worker JVMs (for Java 17: Spark's --add-opens list)
     * @param workerMemory memory each worker offers executors, e.g. {@code 1g}
     */
    public LoopbackCluster(String classpath, List<String> javaOptions, int workers, String workerMemory, Duration timeout)
            throws IOException, InterruptedException {
        Runtime.getRuntime().addShutdownHook(hook);
        home = Files.createTempDirectory("nabla-spark-cluster");
        try {
            // a Spark home the workers accept (a RELEASE file and a jars folder); the class path comes from SPARK_DIST_CLASSPATH
            Files.createDirectories(home.resolve("jars"));
            Files.writeString(home.resolve("RELEASE"), "Spark from Maven jars\n");
            port = freePort();
            webPort = freePort();
            start("master", classpath, javaOptions, List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--webui-port", Integer.toString(webPort)));
            waitFor(Duration.ofSeconds(Math.max(10, timeout.toSeconds())), "the master", () -> status().isPresent());
            for (int w = 0; w < workers; w++) {
                int wp = freePort();
                workerPorts.add(wp);
                Path dir = Files.createDirectories(home.resolve("worker-" + w));
                start("worker-" + w, classpath, javaOptions, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--port", Integer.toString(wp), "--webui-port", Integer.toString(freePort()), "--cores", "1",
                        "--memory", workerMemory, "--work-dir", dir.toString(), masterUrl()));
            }
            waitFor(timeout, workers + " workers", () -> aliveWorkers() >= workers);
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public String masterUrl() { return "spark://127.0.0.1:" + port; }

    /** The folder of the cluster's logs ({@code master.log}, {@code worker-N.log}) and work folders. */
    public Path home() { return home; }

    private void start(String name, String classpath, List<String> javaOptions, List<String> main) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.add("-Xmx512m");
        cmd.addAll(javaOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.addAll(main);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_DIST_CLASSPATH", classpath);
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.remove("SPARK_CONF_DIR");
        processes.add(pb.start());
    }

    /** The master's JSON status, when it answers. */
    private Optional<String> status() {
        try {
            HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/json/"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Workers the master counts as alive. */
    public int aliveWorkers() {
        Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(status().orElse(""));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The executor processes the workers have started, oldest first. */
    public List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process p : processes.subList(1, processes.size())) { // the workers: their children are executors
            try (Stream<ProcessHandle> s = p.children()) {
                s.filter(ProcessHandle::isAlive).forEach(out::add);
            }
        }
        out.sort(Comparator.comparing(h -> h.info().startInstant().orElse(null), Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    private interface Check {
        boolean ok() throws IOException;
    }

    private void waitFor(Duration timeout, String what, Check check) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            for (Process p : processes) {
                if (!p.isAlive()) throw new IOException("a cluster process exited (" + p.exitValue() + "); see the logs in " + home);
            }
            if (System.nanoTime() > end) throw new IOException("timed out waiting for " + what + "; see the logs in " + home);
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A cluster log, for diagnostics. */
    public String log(String name) {
        try (InputStream in = Files.newInputStream(home.resolve(name + ".log"))) {
            return new String(in.readAllBytes());
        } catch (IOException e) {
            return "(no " + name + ".log)";
        }
    }

    private void killAll() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            try (Stream<ProcessHandle> s = p.descendants()) {
                s.forEach(ProcessHandle::destroyForcibly);
            }
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Kills the executors, workers and master (forcibly) and waits for them to exit. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down: the hook runs killAll
        }
    }
}
