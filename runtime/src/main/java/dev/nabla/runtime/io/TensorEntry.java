package dev.nabla.runtime.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One tensor of a checkpoint: its dtype, its shape and its elements as little-endian row-major bytes.
 * Immutable: factories copy the values they are given and accessors return copies or read-only views.
 * The scalar shape {@code []} holds one element; a shape with a 0 dimension holds none.
 *
 * <pre>{@code
 * TensorEntry w = TensorEntry.f32(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * float[] back = w.toFloatArray();
 * }</pre>
 */
public final class TensorEntry {
    private final DType dtype;
    private final long[] shape;
    private final byte[] data;

    private TensorEntry(DType dtype, long[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /** A {@link DType#F32} tensor of this shape holding {@code values} in row-major order. */
    public static TensorEntry f32(float[] values, long... shape) {
        return build(DType.F32, shape, values.length, b -> b.asFloatBuffer().put(values));
    }

    /** As {@link #f32(float[], long...)} with an {@code int} shape. */
    public static TensorEntry f32(float[] values, int[] shape) {
        return f32(values, widen(shape));
    }

    /** A {@link DType#F64} tensor of this shape holding {@code values} in row-major order. */
    public static TensorEntry f64(double[] values, long... shape) {
        return build(DType.F64, shape, values.length, b -> b.asDoubleBuffer().put(values));
    }

    /** As {@link #f64(double[], long...)} with an {@code int} shape. */
    public static TensorEntry f64(double[] values, int[] shape) {
        return f64(values, widen(shape));
    }

    /** An {@link DType#I32} tensor of this shape holding {@code values} in row-major order. */
    public static TensorEntry i32(int[] values, long... shape) {
        return build(DType.I32, shape, values.length, b -> b.asIntBuffer().put(values));
    }

    /** As {@link #i32(int[], long...)} with an {@code int} shape. */
    public static TensorEntry i32(int[] values, int[] shape) {
        return i32(values, widen(shape));
    }

    /** An {@link DType#I64} tensor of this shape holding {@code values} in row-major order. */
    public static TensorEntry i64(long[] values, long... shape) {
        return build(DType.I64, shape, values.length, b -> b.asLongBuffer().put(values));
    }

    /** As {@link #i64(long[], long...)} with an {@code int} shape. */
    public static TensorEntry i64(long[] values, int[] shape) {
        return i64(values, widen(shape));
    }

    /**
     * A tensor from raw little-endian row-major bytes: the remaining bytes of {@code littleEndianData}
     * (its position is not moved). Their count must be the dtype size times the element count.
     */
    public static TensorEntry of(DType dtype, long[] shape, ByteBuffer littleEndianData) {
        Objects.requireNonNull(dtype, "dtype");
        long[] s = checkedShape(shape);
        byte[] bytes = new byte[littleEndianData.remaining()];
        littleEndianData.duplicate().get(bytes);
        long needed = byteSizeOf(dtype, s);
        if (needed != bytes.length) {
            throw new IllegalArgumentException("dtype " + dtype + " with shape " + Shapes.format(s) + " needs "
                    + needed + " bytes but " + bytes.length + " were given");
        }
        return new TensorEntry(dtype, s, bytes);
    }

    /** As {@link #of(DType, long[], ByteBuffer)} from a byte array (copied). */
    public static TensorEntry of(DType dtype, long[] shape, byte[] littleEndianData) {
        return of(dtype, shape, ByteBuffer.wrap(littleEndianData));
    }

    /** Takes ownership of bytes the reader has already checked against dtype and shape. */
    static TensorEntry adopt(DType dtype, long[] shape, byte[] littleEndianData) {
        return new TensorEntry(dtype, shape.clone(), littleEndianData);
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The shape, outermost dimension first (a copy); {@code []} for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The shape as {@code int}s, as {@link dev.nabla.runtime.TensorSpec} holds it.
     *
     * @throws ArithmeticException if a dimension does not fit in an {@code int}
     */
    public int[] intShape() {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = Math.toIntExact(shape[i]);
        return s;
    }

    /** Number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public long elementCount() {
        return Shapes.elementCount(shape);
    }

    /** Size of the data in bytes: element count times dtype size. */
    public int byteSize() {
        return data.length;
    }

    /** The data as a read-only little-endian buffer, positioned at 0. */
    public ByteBuffer data() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The elements of an {@link DType#F32} tensor, row-major. */
    public float[] toFloatArray() {
        float[] v = new float[elements(DType.F32)];
        data().asFloatBuffer().get(v);
        return v;
    }

    /** The elements of an {@link DType#F64} tensor, row-major. */
    public double[] toDoubleArray() {
        double[] v = new double[elements(DType.F64)];
        data().asDoubleBuffer().get(v);
        return v;
    }

    /** The elements of an {@link DType#I32} tensor, row-major. */
    public int[] toIntArray() {
        int[] v = new int[elements(DType.I32)];
        data().asIntBuffer().get(v);
        return v;
    }

    /** The elements of an {@link DType#I64} tensor, row-major. */
    public long[] toLongArray() {
        long[] v = new long[elements(DType.I64)];
        data().asLongBuffer().get(v);
        return v;
    }

    /** Equal when dtype, shape and every data byte are equal (so NaNs compare by bit pattern). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry t
                && dtype == t.dtype && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    /** Dtype and shape, e.g. {@code F32[16,4]}. */
    @Override
    public String toString() {
        return dtype + Shapes.format(shape);
    }

    private int elements(DType wanted) {
        if (dtype != wanted) {
            throw new IllegalStateException("the tensor holds " + dtype + " values, not " + wanted);
        }
        return data.length / dtype.byteSize();
    }

    private static TensorEntry build(DType dtype, long[] shape, int valueCount, Consumer<ByteBuffer> fill) {
        long[] s = checkedShape(shape);
        long count = elementCountOf(s);
        if (count != valueCount) {
            throw new IllegalArgumentException("shape " + Shapes.format(s) + " has " + count + " elements but "
                    + valueCount + " values were given");
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(byteSizeOf(dtype, s))).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return new TensorEntry(dtype, s, b.array());
    }

    private static long[] checkedShape(long[] shape) {
        Objects.requireNonNull(shape, "shape");
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("shape " + Shapes.format(shape) + " has a negative dimension");
        }
        return shape.clone();
    }

    private static long elementCountOf(long[] shape) {
        try {
            return Shapes.elementCount(shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " has too many elements", e);
        }
    }

    private static long byteSizeOf(DType dtype, long[] shape) {
        long bytes;
        try {
            bytes = Shapes.byteSize(dtype, shape);
        } catch (ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dtype " + dtype + " with shape " + Shapes.format(shape)
                    + " is larger than one Java array can hold");
        }
        return bytes;
    }

    private static long[] widen(int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = shape[i];
        return s;
    }
}
