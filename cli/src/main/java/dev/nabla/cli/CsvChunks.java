package dev.nabla.cli;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.nabla.runtime.data.DataException;
import dev.nabla.runtime.data.MissingValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A large CSV file (or standard input) read a chunk of rows at a time, so that {@code nabla predict} holds
 * one chunk in memory however long the input is. Each chunk is written as a small CSV file with the header,
 * and read by the runtime's {@code CsvLoader} exactly as a whole file would be (the same parsing, missing
 * values, categories and messages); {@link #message(DataException)} turns a chunk's line numbers back into
 * the input's.
 *
 * <p>The input must be UTF-8 (a byte-order mark is skipped). Blank lines are skipped, as the loader does.
 * With {@code dropColumns}, rows with a missing value in one of those columns are left out here and counted,
 * so that no chunk ever has all its rows dropped by the loader.
 */
final class CsvChunks implements AutoCloseable {
    /** One chunk: its file (valid until the next call), its rows and how many rows were dropped before it. */
    record Chunk(Path file, int rows, int dropped) {}

    private final String name;
    private final int rowsPerChunk;
    private final Reader reader;
    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;
    private final Path dir;
    private final Path file;
    private final List<String> header;
    private final long headerLine;
    private final int[] dropIndexes;
    private long lastLine;
    private long rowsRead;
    private CsvRecord pending;
    private boolean started;
    // per row of the current chunk: its first line in the input and in the chunk file
    private long[] inputLines = new long[0];
    private long[] chunkLines = new long[0];
    private int chunkRows;

    /**
     * Opens the input and reads its header.
     *
     * @param in           the input, read as UTF-8
     * @param name         how messages name the input ({@code data.csv}, {@code stdin})
     * @param rowsPerChunk rows per chunk
     * @param dropColumns  columns whose missing values drop a row before loading; empty for none
     * @throws UserError when the input is empty or not UTF-8
     */
    CsvChunks(InputStream in, String name, int rowsPerChunk, List<String> dropColumns) {
        this.name = name;
        this.rowsPerChunk = rowsPerChunk;
        this.reader = new Utf8Reader(in);
        this.csv = CsvReader.builder().skipEmptyLines(true).ignoreDifferentFieldCount(true).ofCsvRecord(reader);
        this.records = csv.iterator();
        try {
            this.dir = Files.createTempDirectory("nabla-chunks-");
            this.file = dir.resolve("chunk.csv");
        } catch (IOException e) {
            throw new UserError("cannot create a temporary folder for reading " + name + ": " + e.getMessage());
        }
        CsvRecord first = nextRecord();
        if (first == null) {
            close();
            throw new UserError(name + ": the file is empty; expected a header line with column names");
        }
        header = first.getFields();
        headerLine = first.getStartingLineNumber();
        List<String> trimmed = header.stream().map(String::trim).toList();
        dropIndexes = dropColumns.stream().mapToInt(trimmed::indexOf).filter(i -> i >= 0).toArray();
    }

    /** The next chunk, or null after the last row. The first chunk is returned even when there is no row. */
    Chunk next() {
        if (started && peek() == null) return null;
        started = true;
        int rows = 0, dropped = 0;
        inputLines = new long[Math.min(rowsPerChunk, 1024)];
        chunkLines = new long[inputLines.length];
        long chunkLine = 2;
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CsvWriter out = CsvWriter.builder().lineDelimiter(de.siegmar.fastcsv.writer.LineDelimiter.LF).build(w)) {
            out.writeRecord(header);
            CsvRecord r;
            while (rows < rowsPerChunk && (r = nextRecord()) != null) {
                rowsRead++;
                if (hasMissing(r)) {
                    dropped++;
                    continue;
                }
                if (rows == inputLines.length) {
                    inputLines = Arrays.copyOf(inputLines, rows * 2);
                    chunkLines = Arrays.copyOf(chunkLines, rows * 2);
                }
                inputLines[rows] = r.getStartingLineNumber();
                chunkLines[rows] = chunkLine;
                out.writeRecord(r.getFields());
                chunkLine += 1 + lineBreaks(r.getFields());
                rows++;
            }
        } catch (IOException e) {
            throw new UserError("cannot write a temporary file while reading " + name + ": " + e.getMessage());
        }
        chunkRows = rows;
        return new Chunk(file, rows, dropped);
    }

    /** Data rows read so far (dropped ones included). */
    long rowsRead() {
        return rowsRead;
    }

    private boolean hasMissing(CsvRecord r) {
        for (int i : dropIndexes) {
            if (i < r.getFieldCount() && MissingValues.isMissing(r.getField(i))) return true;
        }
        return false;
    }

    /** Line breaks inside the fields (CR LF, CR or LF each count once, as the CSV reader counts lines). */
    private static int lineBreaks(List<String> fields) {
        int n = 0;
        for (String f : fields) {
            for (int i = 0; i < f.length(); i++) {
                char c = f.charAt(i);
                if (c == '\n') n++;
                else if (c == '\r') {
                    n++;
                    if (i + 1 < f.length() && f.charAt(i + 1) == '\n') i++;
                }
            }
        }
        return n;
    }

    /** The message of a data error in the current chunk, with the input's name and line numbers. */
    String message(DataException e) {
        StringBuilder s = new StringBuilder(name);
        if (e.line() > 0) {
            s.append(':').append(inputLine(e.line()));
            if (e.column() > 0) s.append(':').append(e.column());
        }
        return s.append(": ").append(e.detail()).toString();
    }

    /** The input line of a line of the current chunk file. */
    long inputLine(long chunkLine) {
        if (chunkLine <= 1) return headerLine;
        int k = -1;
        for (int i = 0; i < chunkRows; i++) {
            if (chunkLines[i] <= chunkLine) k = i;
            else break;
        }
        return k < 0 ? headerLine : inputLines[k] + (chunkLine - chunkLines[k]);
    }

    private CsvRecord peek() {
        if (pending == null) pending = read();
        return pending;
    }

    private CsvRecord nextRecord() {
        CsvRecord r = pending != null ? pending : read();
        pending = null;
        return r;
    }

    private CsvRecord read() {
        try {
            if (!records.hasNext()) return null;
            CsvRecord r = records.next();
            lastLine = r.getStartingLineNumber();
            return r;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof Utf8Reader.MalformedException m) {
                throw new UserError(name + ":" + m.line + ": not UTF-8 text; save the file as UTF-8");
            }
            throw new UserError("cannot read " + name + ": " + e.getCause().getMessage());
        } catch (CsvParseException e) {
            throw new UserError(name + ":" + (lastLine + 1) + ": cannot parse the CSV text ("
                    + (e.getMessage() == null ? "malformed" : e.getMessage()) + ")");
        }
    }

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException | RuntimeException ignored) {
            // only read from
        }
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
