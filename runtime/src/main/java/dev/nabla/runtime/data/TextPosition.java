package dev.nabla.runtime.data;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a byte offset of a CSV file falls: its line, its field in that line, and the header's fields.
 * Used only to report an error, so it reads the file a second time rather than slowing every read down.
 */
final class TextPosition {
    /** The most characters of the first line kept to name the columns. */
    private static final int MAX_HEADER_CHARS = 1 << 20;

    private TextPosition() {}

    /**
     * @param line       1-based line of the offset, counting line breaks ({@code \n}, {@code \r\n} or a lone
     *                   {@code \r}) as the CSV reader does, also inside quoted fields
     * @param field      0-based field of the offset within its row
     * @param headerLine the line of the header (the first line that is not blank)
     * @param header     the header's fields (empty when the offset comes before the header ends)
     */
    record Located(long line, int field, long headerLine, List<String> header) {}

    /** Locates byte {@code offset} of {@code file}; the bytes before it must be text in {@code charset}. */
    static Located locate(Path file, Charset charset, char delimiter, long offset) throws IOException {
        try (Reader r = new InputStreamReader(new Prefix(Files.newInputStream(file), offset), charset)) {
            long line = 1, headerLine = 0;
            int field = 0;
            boolean quoted = false, previousCr = false, first = true, headerDone = false;
            StringBuilder headerText = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (first) {
                        first = false;
                        if (c == '\uFEFF') continue;
                    }
                    boolean lineBreak = !quoted && (c == '\n' || c == '\r');
                    if (!headerDone) {
                        if (lineBreak && headerText.length() > 0) headerDone = true;
                        else if (!lineBreak && headerText.length() < MAX_HEADER_CHARS) {
                            if (headerText.length() == 0) headerLine = line;
                            headerText.append(c);
                        }
                    }
                    if (c == '"') {
                        quoted = !quoted;
                    } else if (!quoted && c == delimiter) {
                        field++;
                    } else if (c == '\r' || (c == '\n' && !previousCr)) {
                        line++;
                        if (!quoted) field = 0;
                    } else if (c == '\n' && !quoted) {
                        field = 0;
                    }
                    previousCr = c == '\r';
                }
            }
            List<String> header = new ArrayList<>();
            if (headerDone) {
                try (CsvReader<CsvRecord> h = CsvReader.builder().fieldSeparator(delimiter).ofCsvRecord(headerText.toString())) {
                    for (CsvRecord rec : h) {
                        for (String f : rec.getFields()) header.add(f.trim());
                        break;
                    }
                } catch (RuntimeException e) {
                    header.clear(); // columns are then named by number
                }
            }
            return new Located(line, field, headerLine == 0 ? line : headerLine, header);
        }
    }

    /** The first {@code limit} bytes of a stream. */
    private static final class Prefix extends InputStream {
        private final InputStream in;
        private long left;

        Prefix(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int b = in.read();
            if (b >= 0) left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
