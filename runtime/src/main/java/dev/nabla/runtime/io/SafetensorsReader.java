package dev.nabla.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and checks a whole safetensors file: the header length against the file size and the
 * {@linkplain Safetensors#MAX_HEADER_BYTES limit} before anything is allocated, the header
 * ({@link HeaderParser}), the data layout ({@link DataLayout}), then each tensor's bytes.
 */
final class SafetensorsReader {
    private static final int LENGTH_BYTES = Long.BYTES;
    /** The most bytes one Java array can safely hold. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private SafetensorsReader() {}

    static Checkpoint read(FileChannel channel) throws IOException, FormatException {
        long size = channel.size();
        long headerLength = readHeaderLength(channel, size);
        Header header = HeaderParser.parse(readFully(channel, LENGTH_BYTES, (int) headerLength, "the header").array());
        long dataStart = LENGTH_BYTES + headerLength;
        DataLayout.check(header.tensors(), size - dataStart);
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        for (TensorInfo t : header.tensors()) {
            long length = t.end() - t.begin();
            if (length > MAX_ARRAY_BYTES) {
                throw new FormatException(t.label() + " holds " + length + " bytes, more than one Java array can hold");
            }
            byte[] bytes = readFully(channel, dataStart + t.begin(), (int) length, t.label()).array();
            tensors.put(t.name(), TensorEntry.adopt(t.dtype(), t.shape(), bytes));
        }
        return new Checkpoint(tensors, header.metadata());
    }

    /** The header length, once it is known to fit both the file and the limit. */
    private static long readHeaderLength(FileChannel channel, long size) throws IOException, FormatException {
        if (size == 0) throw new FormatException("truncated: the file is empty");
        if (size < LENGTH_BYTES) {
            throw new FormatException("truncated: the file has only " + size
                    + " bytes, fewer than the 8-byte header length");
        }
        long n = readFully(channel, 0, LENGTH_BYTES, "the header length").order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        long available = size - LENGTH_BYTES;
        boolean beyondFile = Long.compareUnsigned(n, available) > 0;
        if (Long.compareUnsigned(n, Safetensors.MAX_HEADER_BYTES) > 0) {
            String length = Long.toUnsignedString(n);
            throw new FormatException(beyondFile
                    ? "not a safetensors file: header length " + length + " is larger than the file"
                    : "header length " + length + " exceeds the limit of " + Safetensors.MAX_HEADER_BYTES + " bytes");
        }
        if (beyondFile) {
            throw new FormatException("truncated: the header announces " + n + " bytes of JSON but the file has only "
                    + available + " bytes after the length");
        }
        return n;
    }

    /** Exactly {@code length} bytes from {@code position}; a file that shrinks meanwhile is truncated. */
    private static ByteBuffer readFully(FileChannel channel, long position, int length, String what)
            throws IOException, FormatException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new FormatException("truncated: the file ended at byte " + (position + buffer.position())
                        + " while reading " + what);
            }
        }
        return buffer;
    }
}
