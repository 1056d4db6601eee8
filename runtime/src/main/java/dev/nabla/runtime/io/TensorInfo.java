package dev.nabla.runtime.io;

/**
 * One tensor as a header describes it: where its bytes lie in the data buffer ({@code begin} inclusive,
 * {@code end} exclusive, relative to the start of the data) and how to read them.
 */
record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
    /** The description used in messages, e.g. {@code tensor 'W1'}. */
    String label() {
        return "tensor " + FormatException.quote(name);
    }
}
