package dev.nabla.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 text from a stream: malformed bytes are an error naming their line (not replacement
 * characters that would silently change the data), and a leading byte-order mark is skipped.
 */
final class Utf8Reader extends Reader {
    /** Malformed UTF-8 at a line (1-based, as text editors and CSV readers count lines). */
    static final class MalformedException extends IOException {
        final long line;

        MalformedException(long line) {
            super("not UTF-8 text at line " + line, null);
            this.line = line;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    private boolean eof;
    private boolean first = true;
    private long line = 1;
    private boolean lastWasCr;
    private boolean malformed;

    Utf8Reader(InputStream in) {
        this.in = in;
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!chars.hasRemaining()) {
            if (malformed) throw new MalformedException(line);
            if (!fill()) return -1;
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        for (int i = off; i < off + n; i++) {
            char c = buf[i];
            if (c == '\n') {
                if (!lastWasCr) line++;
                lastWasCr = false;
            } else if (c == '\r') {
                line++;
                lastWasCr = true;
            } else {
                lastWasCr = false;
            }
        }
        return n;
    }

    /** Decodes more characters; false at the end of the input. */
    private boolean fill() throws IOException {
        chars.clear();
        while (true) {
            CoderResult r = decoder.decode(bytes, chars, eof);
            if (r.isError()) {
                malformed = true; // the characters before the bad bytes are delivered first
                break;
            }
            if (chars.position() > 0) break;
            if (eof) {
                decoder.flush(chars);
                break;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) eof = true;
            else bytes.position(bytes.position() + n);
            bytes.flip();
        }
        chars.flip();
        if (first && chars.hasRemaining()) {
            first = false;
            if (chars.get(chars.position()) == '\uFEFF') chars.get();
        }
        return chars.hasRemaining() || malformed;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
