package dev.nabla.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/** Writes an encoded checkpoint: the 8-byte little-endian header length, the padded header, the data. */
final class SafetensorsWriter {
    private SafetensorsWriter() {}

    static void writeTo(WritableByteChannel channel, HeaderEncoder.Encoded encoded) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        length.putLong(0, encoded.header().length);
        writeFully(channel, length);
        writeFully(channel, ByteBuffer.wrap(encoded.header()));
        for (TensorEntry t : encoded.dataOrder()) writeFully(channel, t.data());
    }

    private static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) channel.write(buffer);
    }
}
