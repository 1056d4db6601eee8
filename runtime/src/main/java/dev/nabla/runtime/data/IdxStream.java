package dev.nabla.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The bytes of an IDX file, gunzipped when the file starts with the gzip magic {@code 0x1f 0x8b}:
 * reads the big-endian header integers and then exactly the data the header announces, reporting a
 * short or long file as a {@link DataException} with what was expected and what was found.
 */
final class IdxStream implements AutoCloseable {
    private static final int CHUNK = 1 << 20;

    private final String fileName;
    private final InputStream in;
    private long position;        // bytes of (uncompressed) IDX data read so far
    private boolean gzipCutShort; // the gzip stream ended before its trailer

    private IdxStream(String fileName, InputStream in) {
        this.fileName = fileName;
        this.in = in;
    }

    static IdxStream open(Path file) throws DataException {
        String name = FileNames.of(file);
        if (Files.isDirectory(file)) throw DataException.of(name, "is a directory, not an IDX file");
        InputStream raw = null;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            return new IdxStream(name, gzip ? new GZIPInputStream(raw, 1 << 16) : raw);
        } catch (EOFException e) {
            closeQuietly(raw);
            throw DataException.of(name, "truncated: the gzip header is cut short");
        } catch (IOException e) {
            closeQuietly(raw);
            throw FileNames.readError(name, e);
        }
    }

    String fileName() { return fileName; }

    /** The next big-endian 32-bit integer of a header of {@code headerSize} bytes (for the message when cut short). */
    int readHeaderInt(int headerSize) throws DataException {
        byte[] b = new byte[4];
        if (readFully(b, 0, 4) < 4)
            throw DataException.of(fileName, "truncated header: expected " + headerSize + " bytes, found " + position
                    + gzipNote());
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /**
     * Exactly {@code expected} bytes of data, and then the end of the file.
     *
     * @param announced what the header announces, for messages ("10000 images of 28x28 pixels")
     */
    byte[] readData(long expected, String announced) throws DataException {
        if (expected > Integer.MAX_VALUE - 8)
            throw DataException.of(fileName, "the header announces " + announced + " (" + expected
                    + " bytes), more than can be loaded");
        byte[] data = new byte[(int) Math.min(expected, CHUNK)];
        int total = 0;
        while (total < expected) {
            if (total == data.length) data = Arrays.copyOf(data, (int) Math.min(expected, 2L * data.length));
            int want = data.length - total;
            int got = readFully(data, total, want);
            total += got;
            if (got < want) throw truncated(expected, announced, total);
        }
        expectEnd(expected, announced);
        return data;
    }

    /**
     * Reads exactly {@code count} bytes into the start of {@code into}: the data from {@code done} bytes on
     * of {@code expected} announced.
     */
    void readExactly(byte[] into, long count, long done, long expected, String announced) throws DataException {
        int got = readFully(into, 0, (int) count);
        if (got < count) throw truncated(expected, announced, done + got);
    }

    private DataException truncated(long expected, String announced, long found) {
        return DataException.of(fileName, "truncated: the header announces " + announced + " (" + expected
                + " bytes), but the file holds only " + found + gzipNote());
    }

    /**
     * The end of the data must come after the {@code expected} bytes. Bytes beyond it are counted up to
     * {@link #MAX_EXTRA_COUNTED} (a compressed file could hold gigabytes more).
     */
    void expectEnd(long expected, String announced) throws DataException {
        long extra = 0;
        byte[] buf = new byte[8192];
        for (int r; extra <= MAX_EXTRA_COUNTED && (r = readFully(buf, 0, buf.length)) > 0; ) extra += r;
        if (extra > MAX_EXTRA_COUNTED)
            throw DataException.of(fileName, "the header announces " + announced + " (" + expected
                    + " bytes), but the file holds more than " + MAX_EXTRA_COUNTED + " bytes beyond that");
        if (extra > 0)
            throw DataException.of(fileName, "the header announces " + announced + " (" + expected
                    + " bytes), but the file holds " + (expected + extra) + " (" + extra + " bytes too many)");
        if (gzipCutShort)
            throw DataException.of(fileName, "truncated: the gzip data ends early, after all " + expected
                    + " bytes of data but before the gzip trailer");
    }

    /** Bytes beyond the announced data counted before giving up (1 MiB). */
    static final long MAX_EXTRA_COUNTED = 1 << 20;

    /**
     * Reads up to {@code len} bytes, stopping early only at the end of the data (or where gzip data
     * is cut short, which sets {@link #gzipCutShort}); returns the count.
     */
    private int readFully(byte[] b, int off, int len) throws DataException {
        int total = 0;
        try {
            while (total < len) {
                int r = in.read(b, off + total, len - total);
                if (r < 0) break;
                total += r;
                position += r;
            }
        } catch (EOFException e) {
            gzipCutShort = true;
        } catch (IOException e) {
            throw FileNames.readError(fileName, e);
        }
        return total;
    }

    private String gzipNote() {
        return gzipCutShort ? " (the gzip data ends early)" : "";
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(InputStream s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // Only read from: nothing is lost when closing fails.
        }
    }
}
