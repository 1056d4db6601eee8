package dev.nabla.compiler.jit;

import dev.nabla.compiler.InternalCompilerError;
import dev.nabla.compiler.codegen.GeneratedSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
    private static final Map<String, Class<?>> CACHE = new ConcurrentHashMap<>();

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
        Class<?> cached = CACHE.get(key);
        if (cached != null) return cached;
        Class<?> c = compileUncached(src, origin);
        CACHE.putIfAbsent(key, c);
        return CACHE.get(key);
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
            String where = l == null ? "" : " at generated line " + l.getLineNumber() + ", column " + l.getColumnNumber();
            throw new InternalCompilerError("internal error: the Java generated for " + origin + " does not compile" + where
                    + ": " + e.getMessage() + "\n" + src.numbered());
        } catch (RuntimeException | ClassNotFoundException e) {
            // Janino's InternalCompilerException (for example a method over 64 KB) is a RuntimeException
            throw new InternalCompilerError("internal error: Janino failed on the Java generated for " + origin + ": "
                    + e + "\n" + src.numbered());
        }
    }
}
