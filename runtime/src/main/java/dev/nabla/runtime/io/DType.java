package dev.nabla.runtime.io;

import java.util.Optional;

/**
 * The element types Nabla stores in safetensors checkpoints, named as in the safetensors header
 * ({@code "dtype": "F32"}). Values are stored little-endian.
 */
public enum DType {
    /** IEEE 754 single precision ({@code float}). */
    F32(4),
    /** IEEE 754 double precision ({@code double}). */
    F64(8),
    /** Signed 32-bit integer ({@code int}). */
    I32(4),
    /** Signed 64-bit integer ({@code long}). */
    I64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /**
     * The dtype a header names, e.g. {@code "F32"}; empty for a dtype Nabla does not support (such as
     * {@code BF16}) or a name that is no dtype at all.
     */
    public static Optional<DType> fromHeaderName(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) return Optional.of(d);
        }
        return Optional.empty();
    }

    /** The supported names for messages: {@code F32, F64, I32, I64}. */
    static String supportedNames() {
        StringBuilder s = new StringBuilder();
        for (DType d : values()) {
            if (s.length() > 0) s.append(", ");
            s.append(d.name());
        }
        return s.toString();
    }
}
