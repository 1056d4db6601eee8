package dev.nabla.runtime.kernels;

import java.util.Locale;

/**
 * Chooses, once per JVM, which implementation the runtime's numeric kernels ({@link Gemm},
 * {@link Elementwise}) use, the way Lucene chooses its vectorization provider:
 * <ul>
 *   <li>the Vector API kernels ({@code VectorKernels}) when the module {@code jdk.incubator.vector} is in
 *       the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}) and the JIT
 *       can compile them into vector instructions (C2 enabled, FMA, vectors of at least 128 bits);</li>
 *   <li>otherwise the plain-Java kernels, whose results agree within float rounding.</li>
 * </ul>
 * The system property {@code nabla.vector} overrides the choice: {@code false} forces the plain kernels,
 * {@code true} takes the vector kernels whenever the module is present (skipping the JIT checks); the
 * default {@code auto} decides as above.
 *
 * <p>The choice sits in a {@code static final} field, so each call site is monomorphic: the JIT folds the
 * field and calls (and can inline) the one implementation directly; there is no reflection or test per
 * call. {@code VectorKernels} is loaded by name only after the module check, and no class that loads
 * unconditionally mentions a {@code jdk.incubator.vector} type, so the runtime loads and works on any
 * Java 17+ JVM with or without the module.
 */
public final class Kernels {
    /** The system property that overrides the choice: {@code true}, {@code false} or {@code auto}. */
    public static final String PROPERTY = "nabla.vector";
    /** The module that holds the Vector API. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    static final KernelProvider IMPL = select(System.getProperty(PROPERTY, "auto"), vectorModulePresent());

    private Kernels() {}

    /**
     * The active implementation and, for the plain one, why the vector one is not used; for logs and
     * benchmark reports, e.g. {@code "vector (jdk.incubator.vector, 512-bit, 16 float lanes)"} or
     * {@code "plain (module jdk.incubator.vector not present: start java with --add-modules jdk.incubator.vector)"}.
     */
    public static String implementation() { return IMPL.description(); }

    /** Whether the Vector API kernels are active. */
    public static boolean isVectorized() { return IMPL.lanes() > 1; }

    /** Float lanes per vector of the active implementation (1 for the plain kernels). */
    public static int vectorLanes() { return IMPL.lanes(); }

    static boolean vectorModulePresent() { return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(); }

    /** The choice for a property value and module presence (package-private for tests). */
    static KernelProvider select(String property, boolean modulePresent) {
        String p = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
        if (p.equals("false")) return new PlainKernels("plain (disabled by -D" + PROPERTY + "=false)");
        if (!modulePresent) {
            return new PlainKernels("plain (module " + VECTOR_MODULE + " not present: start java with --add-modules "
                    + VECTOR_MODULE + ")");
        }
        try {
            Class<?> type = Class.forName("dev.nabla.runtime.kernels.VectorKernels");
            if (!p.equals("true")) {
                String problem = (String) type.getDeclaredMethod("unsuitable").invoke(null);
                if (problem != null) return new PlainKernels("plain (" + problem + ")");
            }
            return (KernelProvider) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new PlainKernels("plain (vector kernels failed to load: " + e + ")");
        }
    }

    /** The vector kernels regardless of the property and JIT checks, or null without the module (tests). */
    static KernelProvider vectorOrNull() {
        if (!vectorModulePresent()) return null;
        KernelProvider k = select("true", true);
        return k.lanes() > 1 ? k : null;
    }

    /** The plain kernels (tests, benchmarks). */
    static KernelProvider plain() { return PlainKernels.INSTANCE; }
}
