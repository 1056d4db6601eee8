package dev.nabla.compiler.ir;

import java.util.Arrays;

/**
 * The type of an IR value: a per-example shape, whether the value has the implicit batch axis in front
 * of that shape, and whether its elements are real numbers or class indices.
 *
 * <p>Storage in generated code is always a two-level array {@code T[rows][cols]}: a batched value is
 * {@code [batch][size]}, a scalar {@code [1][1]}, a vector {@code [1][n]}, and a tensor of rank two or
 * more {@code [d0][d1*d2*...]}. Class indices are {@code int[batch]}.
 */
public final class TType {
    public enum Kind { REAL, CLASS }

    private final boolean batched;
    private final int[] shape;
    private final Kind kind;
    private final int classes;

    /**
     * The most elements one value may have (per example for a batched value): 2^30. Sizes and storage
     * columns are then always exact in {@code int}, and a value fits in one Java array.
     */
    public static final int MAX_ELEMENTS = 1 << 30;

    /** A shape with more than {@link #MAX_ELEMENTS} elements; the message gives the count. */
    public static final class TooLarge extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final long elements;

        TooLarge(int[] shape, long elements) {
            super("shape " + format(shape) + " has " + String.format(java.util.Locale.ROOT, "%,d", elements)
                    + " elements, more than the " + String.format(java.util.Locale.ROOT, "%,d", MAX_ELEMENTS)
                    + " (2^30) a value may have");
            this.elements = elements;
        }

        /** The number of elements the shape has (saturated at {@code Long.MAX_VALUE}). */
        public long elements() { return elements; }
    }

    private TType(boolean batched, int[] shape, Kind kind, int classes) {
        this.batched = batched;
        this.shape = shape.clone();
        this.kind = kind;
        this.classes = classes;
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException("dimension must be positive: " + Arrays.toString(shape));
        }
        long n = elements(shape);
        if (n > MAX_ELEMENTS) throw new TooLarge(shape, n);
    }

    /**
     * The number of elements of a shape, computed without overflow: the exact product, or
     * {@code Long.MAX_VALUE} when it exceeds a {@code long}. Dimensions must be positive.
     */
    public static long elements(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (n > Long.MAX_VALUE / d) return Long.MAX_VALUE;
            n *= d;
        }
        return n;
    }

    private static String format(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? "," : "").append(shape[i]);
        return sb.append(']').toString();
    }

    public static TType real(boolean batched, int... shape) { return new TType(batched, shape, Kind.REAL, 0); }

    public static TType scalar() { return real(false); }

    public static TType classIndex(int classes) { return new TType(true, new int[0], Kind.CLASS, classes); }

    public boolean batched() { return batched; }
    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i]; }
    public Kind kind() { return kind; }
    public boolean isClass() { return kind == Kind.CLASS; }
    public int classes() { return classes; }
    public boolean isScalar() { return shape.length == 0; }

    /** Number of elements of one example (or of the whole value when not batched); exact (at most {@link #MAX_ELEMENTS}). */
    public int size() {
        int s = 1;
        for (int d : shape) s = Math.multiplyExact(s, d);
        return s;
    }

    public TType withBatched(boolean b) { return new TType(b, shape, kind, classes); }

    public TType withShape(int... newShape) { return new TType(batched, newShape, kind, classes); }

    /** Rows of the storage array; a batched value has {@code batch} rows (reported here as -1). */
    public int storageRows() {
        if (batched) return -1;
        return shape.length < 2 ? 1 : shape[0];
    }

    /** Columns of the storage array. */
    public int storageCols() {
        if (batched) return size();
        if (shape.length == 0) return 1;
        if (shape.length == 1) return shape[0];
        int s = 1;
        for (int i = 1; i < shape.length; i++) s = Math.multiplyExact(s, shape[i]);
        return s;
    }

    public boolean sameShape(TType o) { return Arrays.equals(shape, o.shape); }

    /** Per-example shape as written in a model file, e.g. {@code [16,4]}. */
    public String shapeString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TType t && t.batched == batched && Arrays.equals(t.shape, shape)
                && t.kind == kind && t.classes == classes;
    }

    @Override
    public int hashCode() { return (Arrays.hashCode(shape) * 31 + (batched ? 1 : 0)) * 31 + kind.hashCode() + classes; }

    @Override
    public String toString() {
        if (isClass()) return "class(" + classes + ")";
        return (batched ? "B" : "") + shapeString();
    }
}
