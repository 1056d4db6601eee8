package dev.nabla.runtime.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a safetensors file: named tensors and free-form string metadata, both unmodifiable
 * and in the order of the file's header (for a file Nabla wrote, the order they were given in).
 *
 * @param tensors  tensor name to tensor
 * @param metadata the {@code __metadata__} map; empty when the file has none
 */
public record Checkpoint(Map<String, TensorEntry> tensors, Map<String, String> metadata) {
    /** Copies both maps, keeping their iteration order; no key or value may be null. */
    public Checkpoint {
        tensors = orderedCopy(tensors, "tensors");
        metadata = orderedCopy(metadata, "metadata");
    }

    /** A checkpoint of these tensors without metadata. */
    public Checkpoint(Map<String, TensorEntry> tensors) {
        this(tensors, Map.of());
    }

    private static <V> Map<String, V> orderedCopy(Map<String, V> map, String what) {
        Objects.requireNonNull(map, what);
        Map<String, V> copy = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : map.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), () -> "a key of " + what + " is null"),
                    Objects.requireNonNull(e.getValue(), () -> what + " value for '" + e.getKey() + "' is null"));
        }
        return Collections.unmodifiableMap(copy);
    }
}
