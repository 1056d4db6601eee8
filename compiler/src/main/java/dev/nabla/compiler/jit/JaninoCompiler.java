package dev.nabla.compiler.jit;

import dev.nabla.compiler.InternalCompilerError;
import dev.nabla.compiler.codegen.GeneratedSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.SimpleCompiler;

/**
 * The jit stage: compiles generated source in process with Janino. Classes are cached by a hash of
 * the source, so compiling the same model twice costs one hash. A Janino failure (a compile error, or
 * its internal error for a method over 64 KB) becomes a NablaException carrying the numbered source
 * and the model it came from: it is a compiler bug, and that is what a bug report needs.
 */
public final class JaninoCompiler {
    /**
     * Compiled classes by source hash, held weakly: a class (and its class loader) goes when the application no
     * longer holds its {@code CompiledModel}, instances or predictors, so compiling thousands of models does not
     * grow the heap or the metaspace for good.
     */
    private static final Map<String, WeakReference<Class<?>>> CACHE = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Class<?>> CLEARED = new ReferenceQueue<>();

    /** A weak reference that remembers its key, so that a cleared entry can be removed. */
    private static final class Entry extends WeakReference<Class<?>> {
        final String key;

        Entry(String key, Class<?> c) {
            super(c, CLEARED);
            this.key = key;
        }
    }

    private JaninoCompiler() {}

    /**
     * Loads and exercises Janino on a background thread, so that a cold JVM's first model compiles while
     * the front end of the compiler still runs (their class loading and interpretation overlap). A failure
     * only costs the head start; {@link #warmUp()} reports it.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                warmUp();
            } catch (RuntimeException | LinkageError ignored) {
                // only a head start: the first real compile loads what it needs itself
            }
        }, "nabla-janino-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Compiles and runs a small class written like generated code (array fields, fused loops, math calls, the
     * runtime's kernels); throws when Janino rejects it.
     */
    public static Class<?> warmUp() {
        try {
            SimpleCompiler sc = new SimpleCompiler();
            sc.setParentClassLoader(JaninoCompiler.class.getClassLoader());
            sc.setTargetVersion(8);
            sc.cook("WarmUp.java", WARM_UP);
            Class<?> c = sc.getClassLoader().loadClass("dev.nabla.warmup.WarmUp");
            c.getMethod("run").invoke(null);
            return c;
        } catch (CompileException | ReflectiveOperationException e) {
            throw new IllegalStateException("the Janino warm-up does not compile or run: " + e, e);
        }
    }

    private static final String WARM_UP = "package dev.nabla.warmup;\n"
            + "public final class WarmUp {\n"
            + "  final float[][] a = new float[4][4], b = new float[4][4], c = new float[4][4];\n"
            + "  private void rows(int n) {\n"
            + "    final float[][] a = this.a;\n"
            + "    for (int r = 0; r < n; r++) {\n"
            + "      final float[] ar = a[r];\n"
            + "      for (int c = 0; c < 4; c++) { final float v = (float) Math.tanh(ar[c] * 2f + 1f); ar[c] = v > 0f ? v : -v; }\n"
            + "      dev.nabla.runtime.kernels.Elementwise.tanh(ar, ar, 4);\n"
            + "    }\n"
            + "    dev.nabla.runtime.kernels.Gemm.nn(a, b, c, n, 4, 4);\n"
            + "  }\n"
            + "  private Object pick(int kind, int index) { switch (kind) { case 0: switch (index) { case 0: return a; default: return null; } default: return null; } }\n"
            + "  public static void run() { WarmUp w = new WarmUp(); w.rows(4); w.pick(0, 0); }\n"
            + "}\n";

    public static String hash(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The compiled class of a generated source; {@code origin} names the model for error messages. */
    public static Class<?> compile(GeneratedSource src, String origin) {
        String key = hash(src.source());
        purge();
        WeakReference<Class<?>> ref = CACHE.get(key);
        Class<?> cached = ref == null ? null : ref.get();
        if (cached != null) return cached;
        Class<?> c = compileUncached(src, origin);
        WeakReference<Class<?>> mine = new Entry(key, c);
        WeakReference<Class<?>> prior = CACHE.merge(key, mine, (old, now) -> old.get() != null ? old : now);
        Class<?> winner = prior.get();
        return winner != null ? winner : c;
    }

    /** Drops the entries of classes that were collected. */
    private static void purge() {
        for (java.lang.ref.Reference<? extends Class<?>> r; (r = CLEARED.poll()) != null; ) {
            String key = ((Entry) r).key;
            CACHE.remove(key, r);
        }
    }

    /** The number of compiled classes still cached (alive). */
    public static int cachedClasses() {
        purge();
        int n = 0;
        for (WeakReference<Class<?>> r : CACHE.values()) if (r.get() != null) n++;
        return n;
    }

    /** Compiles without consulting or filling the cache (for measuring compile latency). */
    public static Class<?> compileUncached(GeneratedSource src, String origin) {
        SimpleCompiler sc = new SimpleCompiler();
        sc.setParentClassLoader(JaninoCompiler.class.getClassLoader());
        sc.setTargetVersion(8);
        try {
            sc.cook(src.qualifiedName() + ".java", src.source());
            return sc.getClassLoader().loadClass(src.qualifiedName());
        } catch (CompileException e) {
            Location l = e.getLocation();
            int line = l == null ? 0 : l.getLineNumber();
            String where = l == null ? "" : " at generated line " + line + ", column " + l.getColumnNumber();
            throw new InternalCompilerError("internal error: the Java generated for " + origin + " does not compile" + where
                    + ": " + e.getMessage() + sourceReport(src, line));
        } catch (RuntimeException | ClassNotFoundException e) {
            // Janino's InternalCompilerException (for example a method over 64 KB) is a RuntimeException
            throw new InternalCompilerError("internal error: Janino failed on the Java generated for " + origin + ": "
                    + e + sourceReport(src, 0));
        }
    }

    /** Lines of generated source shown around an error; the whole source goes to a file. */
    static final int EXCERPT = 4;

    /**
     * Where the whole generated source was written (a file in the temporary folder, or the folder named by the
     * system property {@code nabla.dumpJava}) and a few numbered lines around {@code line}: enough for a bug
     * report without flooding the terminal with a class of thousands of lines.
     */
    static String sourceReport(GeneratedSource src, int line) {
        StringBuilder sb = new StringBuilder();
        try {
            String dir = System.getProperty("nabla.dumpJava");
            java.nio.file.Path file = dir != null
                    ? java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir)).resolve(src.className() + ".java")
                    : java.nio.file.Files.createTempFile("nabla-" + src.className() + "-", ".java");
            java.nio.file.Files.writeString(file, src.source());
            sb.append("\nthe generated source is in ").append(file);
        } catch (java.io.IOException | RuntimeException e) {
            sb.append("\n(the generated source could not be written to a file: ").append(e.getMessage()).append(')');
        }
        String[] lines = src.source().split("\n", -1);
        if (line > 0 && line <= lines.length) {
            for (int i = Math.max(1, line - EXCERPT); i <= Math.min(lines.length, line + EXCERPT); i++) {
                sb.append(String.format("%n%s%5d  %s", i == line ? ">" : " ", i, lines[i - 1]));
            }
        }
        return sb.toString();
    }
}
