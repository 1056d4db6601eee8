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
