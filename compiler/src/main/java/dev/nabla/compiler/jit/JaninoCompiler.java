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
     * the front end of the compiler still runs (their class loading and interpretation overlap).
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                SimpleCompiler sc = new SimpleCompiler();
                sc.setParentClassLoader(JaninoCompiler.class.getClassLoader());
                sc.setTargetVersion(8);
                sc.cook("WarmUp.java", WARM_UP);
            } catch (Exception | LinkageError ignored) {
                // only a warm-up
            }
        }, "nabla-janino-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static final String WARM_UP = "package w;\n"
            + "public final class WarmUp extends dev.nabla.runtime.GeneratedModel {\n"
            + "  final float[][] a = new float[4][4], b = new float[4][4], c = new float[4][4];\n"
            + "  WarmUp() { super(null, 1); }\n"
            + "  private void f(int n) { final float[][] a = this.a; for (int r = 0; r < n; r++) {"
            + " final float[] ar = a[r]; for (int c = 0; c < 4; c++) { final float v = (float) Math.tanh(ar[c] * 2f + 1f);"
            + " ar[c] = v > 0f ? v : -v; } } dev.nabla.runtime.kernels.Gemm.nn(a, b, c, n, 4, 4); }\n"
            + "  @Override protected Object storage(int kind, int index) { switch (kind) { case PARAM: return a; default: return null; } }\n"
            + "  @Override protected void resetOptimizerState() {}\n"
            + "  @Override protected dev.nabla.runtime.GeneratedModel newInstance(int m) { return null; }\n"
            + "  @Override protected dev.nabla.runtime.GeneratedModel newReplica(int m) { return null; }\n"
            + "  @Override protected void applyUpdate() { f(1); }\n"
            + "  @Override public void forward(int n) { f(n); }\n"
            + "  @Override public double evaluate(int n) { return 0; }\n"
            + "  @Override public double computeGradients(int n) { return 0; }\n"
            + "  @Override public double trainStep(int n) { return 0; }\n"
            + "  @Override public double trainStepWithOutputs(int n) { return 0; }\n"
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
