package dev.nabla.compiler.ir.emit;

import dev.nabla.compiler.ir.TType;

/**
 * Where an element of a value lives in generated code. Every real value is stored as a two-level array
 * {@code T[rows][cols]}: a batched value as {@code [batch][size]}, a scalar as {@code [1][1]}, a vector as
 * {@code [1][n]}, and a tensor of rank two or more as {@code [d0][d1*d2*...]}. These helpers turn index
 * expressions into the {@code [row, col]} pair of that layout.
 */
public final class Storage {
    private Storage() {}

    /**
     * The storage position {@code [row, col]} of an element of a value of type {@code t}, given the
     * example (for batched values) and one index expression per axis of the example.
     */
    public static String[] position(TType t, String example, String[] idx) {
        int[] s = t.shape();
        if (t.batched()) return new String[] {example, flat(idx, s, 0)};
        if (s.length == 0) return new String[] {"0", "0"};
        if (s.length == 1) return new String[] {"0", idx[0]};
        return new String[] {idx[0], flat(idx, s, 1)};
    }

    /**
     * The storage position of the element with flat (row-major) index {@code flat} within one example
     * (or within the whole value when it is not batched).
     */
    public static String[] flatPosition(TType t, String example, String flat) {
        if (t.batched()) return new String[] {example, flat};
        if (t.storageRows() == 1) return new String[] {"0", flat};
        int cols = t.storageCols();
        return new String[] {"(" + flat + ") / " + cols, "(" + flat + ") % " + cols};
    }

    /** {@code buf[row][col]} for a position. */
    public static String element(String buf, String[] position) {
        return buf + "[" + position[0] + "][" + position[1] + "]";
    }

    /** The flat index of {@code idx[from..]} in a row-major layout of {@code shape[from..]}. */
    static String flat(String[] idx, int[] shape, int from) {
        if (from >= shape.length) return "0";
        String e = idx[from];
        for (int a = from + 1; a < shape.length; a++) {
            e = "(" + e + ") * " + shape[a] + " + " + idx[a];
            if (e.startsWith("(0) * ")) e = idx[a];
        }
        return e.replace("(" + idx[from] + ")", idx[from]);
    }

    /**
     * The storage position of an operand of type {@code ot} read at iteration point {@code (r, c)} of a
     * loop over the elements of type {@code it}, with numpy broadcasting: {@code r} is the example (or the
     * storage row of a non-batched space), {@code c} the flat index within it.
     */
    public static String[] broadcastPosition(TType ot, TType it, String r, String c) {
        if (ot.equals(it)) return new String[] {r, c};
        if (ot.isScalar()) return new String[] {ot.batched() ? r : "0", "0"};
        if (!ot.batched() && it.batched() && ot.sameShape(it) && ot.rank() <= 1) return new String[] {"0", c};
        int[] s = it.shape();
        String[] idx = new String[s.length];
        int from = 0;
        if (!it.batched() && s.length >= 2) {
            idx[0] = r;
            from = 1;
        }
        int stride = 1;
        for (int j = s.length - 1; j >= from; j--) {
            String q = stride == 1 ? c : "(" + c + " / " + stride + ")";
            idx[j] = j == from ? q : "(" + q + " % " + s[j] + ")";
            stride *= s[j];
        }
        int[] os = ot.shape();
        String[] oidx = new String[os.length];
        for (int j = 0; j < os.length; j++) {
            int jj = j + s.length - os.length;
            oidx[j] = os[j] == 1 && s[jj] != 1 ? "0" : idx[jj];
        }
        return position(ot, ot.batched() ? r : null, oidx);
    }
}
