package dev.nabla.dist;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs as a user's shell would: the packaged launcher, {@code script}, {@code tar}, with a small
 * environment (a {@code PATH} with Java and the basic Unix tools, a fresh {@code HOME}) and a working folder
 * of the test's choice.
 */
final class Launcher {
    private Launcher() {}

    /** What a program did: its exit code and its output as bytes decoded as UTF-8. */
    record Result(List<String> command, int code, String out, String err) {
        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + code + "\n--- stdout ---\n" + cut(out) + "\n--- stderr ---\n" + cut(err);
        }

        private static String cut(String s) {
            return s.length() <= 6000 ? s : s.substring(0, 3000) + "\n[...]\n" + s.substring(s.length() - 3000);
        }
    }

    /** The unpacked distribution that the build made (target/nabla-VERSION/nabla-VERSION). */
    static Path distHome() {
        return Paths.get(property("nabla.dist.home"));
    }

    static String property(String name) {
        String v = System.getProperty(name);
        assertNotNull(v, "the build sets the system property " + name);
        return v;
    }

    /** The folder of the {@code java} running the tests. */
    static Path javaBin() {
        return Paths.get(System.getProperty("java.home"), "bin");
    }

    /** A user's environment: Java and the basic tools on the PATH, a fresh HOME, nothing else of the build's. */
    static Map<String, String> environment(Path home) {
        return Map.of("PATH", javaBin() + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/bin",
                "HOME", home.toString(), "LANG", "C.UTF-8");
    }

    /** Runs {@code command} in {@code dir} with {@code env} (replacing the inherited environment). */
    static Result run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        return run(dir, env, command, null);
    }

    /** As {@link #run(Path, Map, List)}, with standard output into {@code stdout} when it is not null. */
    static Result run(Path dir, Map<String, String> env, List<String> command, File stdout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path out = Files.createTempFile("nabla-it-out", ".txt"), err = Files.createTempFile("nabla-it-err", ".txt");
        pb.redirectOutput(stdout != null ? ProcessBuilder.Redirect.to(stdout) : ProcessBuilder.Redirect.to(out.toFile()));
        pb.redirectError(err.toFile());
        Process p = pb.start();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        try {
            return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static List<String> command(Object... words) {
        List<String> l = new ArrayList<>();
        for (Object w : words) l.add(String.valueOf(w));
        return l;
    }

    /** Whether a program is on the standard PATH. */
    static boolean installed(String program) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Paths.get(dir, program))) return true;
        }
        return false;
    }

    /** The abbreviated commit of the repository the build ran in, or null outside git. */
    static String gitHead() throws IOException, InterruptedException {
        if (!installed("git")) return null;
        Path repo = Paths.get(property("nabla.repository"));
        ProcessBuilder pb = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").directory(repo.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 && !out.isEmpty() ? out : null;
    }

    /** Whether the Java running the tests has the Vector API module (its release file lists it). */
    static boolean javaHasVectorModule() throws IOException {
        Path release = javaBin().getParent().resolve("release");
        return Files.isReadable(release) && Files.readString(release).contains("jdk.incubator.vector");
    }

    static void assertContains(String text, String fragment, Object context) {
        assertTrue(text.contains(fragment), () -> "expected '" + fragment + "' in:\n" + context);
    }
}
