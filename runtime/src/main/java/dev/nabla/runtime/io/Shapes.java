package dev.nabla.runtime.io;

/** Element counts and the written form of tensor shapes. */
final class Shapes {
    private Shapes() {}

    /**
     * Elements in a tensor of this shape (1 for the scalar shape {@code []}).
     *
     * @throws ArithmeticException if the count overflows a {@code long}
     */
    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /**
     * Bytes a tensor of this dtype and shape occupies.
     *
     * @throws ArithmeticException if the size overflows a {@code long}
     */
    static long byteSize(DType dtype, long[] shape) {
        return Math.multiplyExact(elementCount(shape), (long) dtype.byteSize());
    }

    /** The shape as written in messages and model files, e.g. {@code [16,4]} or {@code []}. */
    static String format(long[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) s.append(',');
            s.append(shape[i]);
        }
        return s.append(']').toString();
    }
}
