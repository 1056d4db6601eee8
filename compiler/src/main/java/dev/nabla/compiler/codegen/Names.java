package dev.nabla.compiler.codegen;

import java.util.HashSet;
import java.util.Set;

/**
 * Allocates Java identifiers. Model names are used as they are when they can be, and changed (a
 * trailing underscore, then a number) when they are Java keywords, clash with names the generated
 * code needs itself ({@code n}, {@code Math}, ...), or are taken. So a model value called
 * {@code class} or {@code System} can neither break nor inject into the emitted source.
 */
public final class Names {
    private static final Set<String> JAVA_RESERVED = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "var", "record", "yield", "sealed", "permits",
            "non-sealed", "_", "exports", "module", "open", "opens", "provides", "requires", "to",
            "transitive", "uses", "with");

    /** Names the generated code uses for itself: types it refers to by simple name, members it inherits. */
    private static final Set<String> GENERATED_RESERVED = Set.of(
            "n", "invN", "lr", "step", "java", "dev", "Math", "Float", "Double", "Integer", "Long", "System",
            "String", "Object", "Override", "Arrays", "GeneratedModel", "ModelSignature", "InitSpec",
            "TrainableModel", "MathFunctions", "SIGNATURE", "SOURCE_HASH", "PARAM", "GRAD", "INPUT", "TARGET",
            "OUTPUT", "INPUT_GRAD", "kind", "index", "maxBatch", "signature", "forward", "evaluate",
            "computeGradients", "trainStep", "trainStepWithOutputs", "update", "storage", "checkBatch",
            "resetOptimizerState", "newInstance", "newReplica", "applyUpdate", "updateRest", "prepareUpdate", "updateParam", "finishUpdate", "param", "shared", "initialize", "copy", "hyper", "beta1", "beta2", "eps",
            // locals of the optimizer update
            "first", "bc1", "bc2", "stepSize", "bc2Sqrt", "keep", "clr", "gd", "buf", "avg", "sumSq", "clipScale", "g_r", "gc",
            "loss", "trainOptions", "sumSquares", "enter", "leave");

    private final Names parent;
    private final Set<String> taken = new HashSet<>();
    /** The next number to try after each base name, so that allocating stays constant time. */
    private final java.util.Map<String, Integer> next = new java.util.HashMap<>();

    public Names() { this(null); }

    /** A scope inside {@code parent} (a method's locals inside its class): it avoids the parent's names too. */
    public Names(Names parent) { this.parent = parent; }

    private boolean isTaken(String name) {
        for (Names s = this; s != null; s = s.parent) if (s.taken.contains(name)) return true;
        return false;
    }

    /** A fresh identifier as close to {@code preferred} as possible. */
    public String allocate(String preferred) {
        String base = sanitize(preferred);
        if (JAVA_RESERVED.contains(base) || GENERATED_RESERVED.contains(base)) base = base + "_";
        String name = base;
        if (isTaken(name)) {
            int i = next.getOrDefault(base, 2);
            do {
                name = base + i++;
            } while (isTaken(name));
            next.put(base, i);
        }
        taken.add(name);
        return name;
    }

    private static String sanitize(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
            sb.append(ok ? c : '_');
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) sb.insert(0, '_');
        return sb.toString();
    }
}
