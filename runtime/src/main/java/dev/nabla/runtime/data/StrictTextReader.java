package dev.nabla.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes bytes as text in one charset, strictly: bytes that are not valid in the charset (a Latin-1
 * {@code é} in a UTF-8 file, say) are noted, with their position in the file, instead of being silently
 * replaced. The reader itself goes on (with U+FFFD in their place) so that the CSV parser reading ahead
 * does not fail in the middle of a buffer; {@link CsvRows} checks {@link #malformed()} after every
 * record and reports the first problem with its line and column. A byte-order mark at the very start
 * (U+FEFF) is skipped.
 */
final class StrictTextReader extends Reader {
    /** The first bytes that are not text in the charset: where they start in the file, and what they are. */
    record Malformed(long offset, byte[] bytes, boolean unmappable) {}

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 14); // decoded, not yet read: read mode between calls
    private long bufferOffset;    // file offset of bytes[0]
    private boolean endOfInput;
    private boolean flushed;
    private boolean started;      // the first character has been looked at (for the byte-order mark)
    private Malformed malformed;

    StrictTextReader(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip(); // empty, in read mode
        chars.flip();
    }

    /** The first bytes that were not text in the charset, or null so far. */
    Malformed malformed() { return malformed; }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!chars.hasRemaining() && !decodeMore()) return -1;
        int n = Math.min(len, chars.remaining());
        chars.get(cbuf, off, n);
        return n;
    }

    /**
     * Decodes the next characters into {@link #chars} (a buffer of its own, so that a character that takes two
     * {@code char}s always fits); false at the end of the text.
     */
    private boolean decodeMore() throws IOException {
        chars.clear();
        while (chars.position() == 0) {
            if (flushed) break;
            CoderResult r = decoder.decode(bytes, chars, endOfInput);
            if (r.isError()) {
                if (!chars.hasRemaining()) break; // deliver what is decoded; the same bytes come up next time
                if (malformed == null) {
                    byte[] bad = new byte[r.length()];
                    bytes.duplicate().get(bad);
                    malformed = new Malformed(bufferOffset + bytes.position(), bad, r.isUnmappable());
                }
                bytes.position(bytes.position() + r.length());
                chars.put('\uFFFD');
            } else if (r.isUnderflow()) {
                if (endOfInput) {
                    decoder.flush(chars);
                    flushed = true;
                } else {
                    fill();
                }
            }
            if (!started && chars.position() > 0) {
                started = true;
                if (chars.get(0) == '\uFEFF') { // a byte-order mark: not part of the text
                    chars.flip();
                    chars.get();
                    chars.compact();
                }
            }
        }
        chars.flip();
        return chars.hasRemaining();
    }

    /** Moves unread bytes to the front and reads more; sets {@link #endOfInput} at the end of the stream. */
    private void fill() throws IOException {
        bufferOffset += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) endOfInput = true;
        else bytes.position(bytes.position() + n);
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
