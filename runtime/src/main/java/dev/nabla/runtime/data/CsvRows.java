package dev.nabla.runtime.data;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file read with FastCSV, one record at a time: checks the header (present, every column
 * named once) and that each data row has as many fields as the header. Blank lines are skipped;
 * a UTF-8 byte-order mark is ignored. FastCSV's and the file system's exceptions come out as
 * {@link DataException}s naming the file.
 */
final class CsvRows implements AutoCloseable {
    /** One data row: its 1-based line number in the file and its fields. */
    record Row(long line, CsvRecord record) {
        String field(int index) { return record.getField(index); }
    }

    private final String fileName;
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private List<String> header;
    private long headerLine;

    private CsvRows(String fileName, CsvReader<CsvRecord> reader) {
        this.fileName = fileName;
        this.reader = reader;
        this.records = reader.iterator();
    }

    /** Opens {@code file} and reads its header line. */
    static CsvRows open(Path file, char delimiter) throws DataException {
        String name = FileNames.of(file);
        if (Files.isDirectory(file)) throw DataException.of(name, "is a directory, not a CSV file");
        if (!Files.exists(file)) throw DataException.of(name, "file not found");
        CsvReader<CsvRecord> reader;
        try {
            reader = CsvReader.builder()
                    .fieldSeparator(delimiter)
                    .skipEmptyLines(true)
                    .ignoreDifferentFieldCount(true)
                    .detectBomHeader(true)
                    .ofCsvRecord(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FileNames.readError(name, e);
        }
        CsvRows rows = new CsvRows(name, reader);
        try {
            rows.readHeader();
            return rows;
        } catch (DataException e) {
            rows.close();
            throw e;
        }
    }

    private void readHeader() throws DataException {
        CsvRecord first = nextRecord();
        if (first == null) throw DataException.of(fileName, "the file is empty; expected a header line with column names");
        headerLine = first.getStartingLineNumber();
        List<String> names = new ArrayList<>(first.getFieldCount());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < first.getFieldCount(); i++) {
            String n = first.getField(i).trim();
            if (n.isEmpty()) throw DataException.at(fileName, headerLine, i + 1, "column " + (i + 1) + " has no name in the header");
            Integer before = seen.putIfAbsent(n, i + 1);
            if (before != null)
                throw DataException.at(fileName, headerLine, i + 1, "duplicate column name '" + n + "' (also column " + before + ")");
            names.add(n);
        }
        header = List.copyOf(names);
    }

    /** The file name used in messages. */
    String fileName() { return fileName; }

    /** The column names, trimmed, in file order. */
    List<String> header() { return header; }

    /** The line number of the header (1 unless blank lines come first). */
    long headerLine() { return headerLine; }

    /** The next data row, or null after the last one. */
    Row next() throws DataException {
        CsvRecord r = nextRecord();
        if (r == null) return null;
        long line = r.getStartingLineNumber();
        if (r.getFieldCount() != header.size()) {
            throw DataException.atLine(fileName, line, "row has " + r.getFieldCount() + " field"
                    + (r.getFieldCount() == 1 ? "" : "s") + ", but the header has " + header.size());
        }
        return new Row(line, r);
    }

    private CsvRecord nextRecord() throws DataException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw FileNames.readError(fileName, e.getCause());
        } catch (CsvParseException e) {
            throw DataException.of(fileName, "cannot parse the CSV text ("
                    + (e.getMessage() == null ? "malformed" : e.getMessage()) + ")");
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // Only read from: nothing is lost when closing fails.
        }
    }
}
