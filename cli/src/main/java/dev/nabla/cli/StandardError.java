package dev.nabla.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;

/**
 * Standard error as the {@code nabla} launcher hands it over. The JVM announces the incubating Vector API
 * ({@code WARNING: Using incubator modules: jdk.incubator.vector}) on its standard error before any of our
 * code runs, and no JVM option turns that off. So the launcher starts the JVM with its standard error on
 * {@code /dev/null} and the real one as descriptor 3 ({@code 3>&2 2>/dev/null}), and names that descriptor
 * in the system property {@code nabla.stderr.fd}; {@link #restore()} makes it {@link System#err} again
 * before anything is printed. No pipe sits between the JVM and the terminal, so the terminal sees every
 * byte as written, and the descriptor is the original one (a file shared with standard output keeps one
 * offset).
 *
 * <p>The launcher checks the JVM before doing this (Java 17 or later, no user JVM options), so that start-up
 * errors of the JVM itself, which go to the descriptor 2, cannot occur unseen.
 */
final class StandardError {
    /** The system property with the number of the descriptor of the real standard error. */
    static final String PROPERTY = "nabla.stderr.fd";

    private StandardError() {}

    /** Makes the descriptor named by {@value #PROPERTY} standard error; nothing when the property is absent. */
    static void restore() {
        String fd = System.getProperty(PROPERTY);
        if (fd == null) return;
        try {
            FileDescriptor d = new FileDescriptor();
            Field f = FileDescriptor.class.getDeclaredField("fd");
            f.setAccessible(true); // the launcher opens java.io to this code (--add-opens java.base/java.io=ALL-UNNAMED)
            f.setInt(d, Integer.parseInt(fd.trim()));
            String encoding = System.getProperty("sun.stderr.encoding");
            java.nio.charset.Charset cs = encoding == null ? java.nio.charset.Charset.defaultCharset()
                    : java.nio.charset.Charset.forName(encoding);
            System.setErr(new PrintStream(new FileOutputStream(d), true, cs));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // never lose messages: when the descriptor cannot be used, errors go to standard output
            System.setErr(System.out);
            System.err.println("nabla: warning: cannot use standard error (" + e + "); messages go to standard output");
        }
    }
}
