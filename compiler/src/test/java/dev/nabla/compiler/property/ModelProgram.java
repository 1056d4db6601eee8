package dev.nabla.compiler.property;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A generated (or hand-written) model file, with how to draw values for its leaves. Its
 * {@link #toString()} is the model source, so that a failing property prints the model text.
 */
final class ModelProgram {
    private final String source;
    private final Map<String, ValueSpec> specs;
    private final boolean gradientsMatchDifferences;
    private final Set<String> features;

    ModelProgram(String source, Map<String, ValueSpec> specs, boolean gradientsMatchDifferences, Set<String> features) {
        this.source = source;
        this.specs = Collections.unmodifiableMap(new LinkedHashMap<>(specs));
        this.gradientsMatchDifferences = gradientsMatchDifferences;
        this.features = Collections.unmodifiableSet(new TreeSet<>(features));
    }

    /** A hand-written model whose leaves are uniform in [-1, 1] unless given. */
    static ModelProgram of(String source, Map<String, ValueSpec> specs) {
        return new ModelProgram(source, specs, true, Set.of());
    }

    static ModelProgram of(String source) { return of(source, Map.of()); }

    String source() { return source; }

    /** The values of an input, target or parameter; uniform in [-1, 1] when not said otherwise. */
    ValueSpec spec(String leaf) { return specs.getOrDefault(leaf, ValueSpec.UNIT); }

    /**
     * False when the model uses stop_gradient itself, so that its gradient is by design not the
     * derivative of its loss (finite differences then do not apply; the other comparisons still do).
     */
    boolean gradientsMatchDifferences() { return gradientsMatchDifferences; }

    /** What the program exercises (op families, forms of {@code @}, loss functions), for statistics. */
    Set<String> features() { return features; }

    @Override
    public String toString() { return source; }
}
