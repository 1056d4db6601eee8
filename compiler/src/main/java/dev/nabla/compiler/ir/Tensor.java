package dev.nabla.compiler.ir;

import java.util.Arrays;

/**
 * A value in the reference interpreter: double precision, row-major, with the batch axis first when
 * the type is batched. Class indices are stored as whole numbers.
 */
public final class Tensor {
    private final TType type;
    private final int[] full;
    private final double[] data;

    public Tensor(TType type, int batch, double[] data) {
        this.type = type;
        this.full = fullShape(type, batch);
        int size = 1;
        for (int d : full) size *= d;
        if (data.length != size) {
            throw new IllegalArgumentException("tensor of " + type + " (batch " + batch + ") needs " + size
                    + " values, got " + data.length);
        }
        this.data = data;
    }

    public static Tensor zeros(TType type, int batch) {
        int size = type.size() * (type.batched() ? batch : 1);
        return new Tensor(type, batch, new double[size]);
    }

    public static Tensor scalar(double v) { return new Tensor(TType.scalar(), 1, new double[] {v}); }

    public static int[] fullShape(TType type, int batch) {
        int[] s = type.shape();
        if (!type.batched()) return s;
        int[] f = new int[s.length + 1];
        f[0] = batch;
        System.arraycopy(s, 0, f, 1, s.length);
        return f;
    }

    public TType type() { return type; }
    public int[] fullShape() { return full.clone(); }
    public double[] data() { return data; }
    public int batch() { return type.batched() ? full[0] : 1; }
    public double get(int i) { return data[i]; }
    public int size() { return data.length; }

    /** Strides of the full shape, for broadcasting: 0 where this tensor's axis is 1 or missing. */
    public int[] broadcastStrides(int[] outFull) {
        // per-example axes align from the right; the batch axis (first, when present) aligns with the batch
        int[] strides = new int[outFull.length];
        int stride = 1;
        int lead = type.batched() ? 1 : 0;
        for (int i = full.length - 1, o = outFull.length - 1; i >= lead; i--, o--) {
            strides[o] = full[i] == 1 && outFull[o] != 1 ? 0 : stride;
            stride *= full[i];
        }
        if (lead == 1) strides[0] = full[0] == 1 && outFull[0] != 1 ? 0 : stride;
        return strides;
    }

    /** Element offsets of this tensor for every position of {@code outFull} (row-major), with broadcasting. */
    public int[] broadcastIndex(int[] outFull) {
        int total = 1;
        for (int d : outFull) total *= d;
        int[] strides = broadcastStrides(outFull);
        int[] idx = new int[outFull.length];
        int[] result = new int[total];
        int off = 0;
        for (int p = 0; p < total; p++) {
            result[p] = off;
            for (int a = outFull.length - 1; a >= 0; a--) {
                idx[a]++;
                off += strides[a];
                if (idx[a] < outFull[a]) break;
                off -= strides[a] * idx[a];
                idx[a] = 0;
            }
        }
        return result;
    }

    /**
     * The lanes of a per-example axis: for every position of the other axes (the batch included), the offset
     * of the lane's first element; its elements follow at {@link #laneStride}.
     */
    public int[] laneStarts(int axis) {
        int a = axis + (type.batched() ? 1 : 0);
        int stride = laneStride(axis);
        int outer = 1;
        for (int i = 0; i < a; i++) outer *= full[i];
        int[] starts = new int[outer * stride];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int inner = 0; inner < stride; inner++) starts[k++] = o * full[a] * stride + inner;
        }
        return starts;
    }

    /** The distance between consecutive elements along a per-example axis. */
    public int laneStride(int axis) {
        int stride = 1;
        for (int i = axis + (type.batched() ? 1 : 0) + 1; i < full.length; i++) stride *= full[i];
        return stride;
    }

    @Override
    public String toString() { return type + Arrays.toString(full) + Arrays.toString(data); }
}
