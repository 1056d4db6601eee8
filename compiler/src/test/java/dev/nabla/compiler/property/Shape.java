package dev.nabla.compiler.property;

import java.util.Arrays;

/** The per-example shape of a generated value, and whether it has the implicit batch axis. */
final class Shape {
    private final boolean batched;
    private final int[] dims;

    private Shape(boolean batched, int[] dims) {
        this.batched = batched;
        this.dims = dims.clone();
    }

    static Shape of(boolean batched, int... dims) { return new Shape(batched, dims); }

    boolean batched() { return batched; }
    int[] dims() { return dims.clone(); }
    int rank() { return dims.length; }
    int dim(int i) { return dims[i]; }

    int size() {
        int s = 1;
        for (int d : dims) s *= d;
        return s;
    }

    boolean sameDims(Shape o) { return Arrays.equals(dims, o.dims); }

    /** The shape as a model file writes it: {@code [4, 3]}, or {@code []} for a scalar. */
    String text() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) sb.append(i == 0 ? "" : ", ").append(dims[i]);
        return sb.append(']').toString();
    }

    /** Numpy broadcasting of the per-example shapes (the batch axis broadcasts too); null if incompatible. */
    static Shape broadcast(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int o = rank - 1, i = a.rank() - 1, j = b.rank() - 1; o >= 0; o--, i--, j--) {
            int da = i >= 0 ? a.dims[i] : 1, db = j >= 0 ? b.dims[j] : 1;
            if (da != db && da != 1 && db != 1) return null;
            out[o] = Math.max(da, db);
        }
        return new Shape(a.batched || b.batched, out);
    }

    @Override
    public String toString() { return (batched ? "B" : "") + text(); }
}
