package dev.nabla.cli;

import dev.nabla.runtime.kernels.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version of this build: {@code nabla --version} (on every command), and the {@code nabla.version} and
 * {@code nabla.commit} of the checkpoints it writes. The build writes them into {@code version.properties}
 * (cli/pom.xml): the project version, and the git commit of the sources with whether they were modified;
 * a build outside a git checkout has no commit.
 */
final class Version implements CommandLine.IVersionProvider {
    /** What the build recorded. {@code commit} is null when the build did not know it. */
    record Info(String version, String commit, boolean modified) {
        /** {@code 0.1.0 (commit 8def09c)}, {@code 0.1.0 (commit 8def09c, modified)}, or {@code 0.1.0}. */
        String describe() {
            if (commit == null) return version;
            return version + " (commit " + commit + (modified ? ", modified" : "") + ")";
        }
    }

    private static final Info INFO = load();

    static Info info() {
        return INFO;
    }

    /** The project version, e.g. {@code 0.1.0}. */
    static String version() {
        return INFO.version();
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "nabla " + INFO.describe(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("java.home"),
            "kernels: " + Kernels.implementation()
        };
    }

    private static Info load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties from the nabla jar", e);
        }
        String version = known(p.getProperty("version"));
        if (version == null) version = Version.class.getPackage().getImplementationVersion();
        if (version == null) version = "unknown";
        String commit = known(p.getProperty("commit"));
        return new Info(version, commit, commit != null && "true".equals(p.getProperty("modified")));
    }

    /** A recorded value, or null when the build did not fill it in. */
    static String known(String value) {
        if (value == null) return null;
        String v = value.trim();
        return v.isEmpty() || v.equals("unknown") || v.contains("${") ? null : v;
    }
}
