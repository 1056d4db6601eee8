package dev.nabla.runtime.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Assembles safetensors files byte by byte, following the format description rather than the writer:
 * an 8-byte little-endian length, the JSON header, then little-endian data. Numbers are encoded with
 * shifts so nothing here shares code with the classes under test.
 */
final class FileBytes {
    private FileBytes() {}

    /** A file whose header is exactly {@code json} (no padding is added) followed by {@code data}. */
    static byte[] file(String json, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return concat(u64(header.length), header, data);
    }

    /** {@code json} followed by spaces up to a multiple of 8 UTF-8 bytes, as the spec's writer pads it. */
    static String padded(String json) {
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        return json + " ".repeat((8 - length % 8) % 8);
    }

    static byte[] u64(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (value >>> (8 * i));
        return b;
    }

    static byte[] f32(float... values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) bits[i] = Float.floatToRawIntBits(values[i]);
        return i32(bits);
    }

    static byte[] f64(double... values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) bits[i] = Double.doubleToRawLongBits(values[i]);
        return i64(bits);
    }

    static byte[] i32(int... values) {
        byte[] b = new byte[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (values[i] >>> (8 * k));
        }
        return b;
    }

    static byte[] i64(long... values) {
        byte[] b = new byte[8 * values.length];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < 8; k++) b[8 * i + k] = (byte) (values[i] >>> (8 * k));
        }
        return b;
    }

    static byte[] zeros(int count) {
        return new byte[count];
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** The unsigned little-endian number in bytes {@code from..from+8}. */
    static long readU64(byte[] file, int from) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (file[from + i] & 0xFF);
        return v;
    }
}
