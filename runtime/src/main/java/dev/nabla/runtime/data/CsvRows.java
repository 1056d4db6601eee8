package dev.nabla.runtime.data;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.util.Limits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CSV file read with FastCSV, one record at a time: checks the header (present, every column
 * named once) and that each data row has as many fields as the header. Blank lines are skipped;
 * a byte-order mark is ignored. The text is decoded strictly ({@link StrictTextReader}): bytes that are
 * not text in the file's charset are an error at their line and column, never replaced in silence.
 * FastCSV's and the file system's exceptions come out as {@link DataException}s naming the file and,
 * where there is one, the line; FastCSV's limits ({@link #MAX_FIELDS} fields and {@link #MAX_ROW_CHARS}
 * characters per row, {@link #MAX_FIELD_CHARS} per field) are named in the message.
 */
final class CsvRows implements AutoCloseable {
    /** One data row: its 1-based line number in the file and its fields. */
    record Row(long line, CsvRecord record) {
        String field(int index) { return record.getField(index); }
    }

    /** The most fields one row may have: FastCSV's limit ({@code fastcsv.max.field.count}). */
    static final int MAX_FIELDS = Limits.MAX_FIELD_COUNT;
    /** The most characters one field may have (16 MiB): FastCSV's limit ({@code fastcsv.max.field.size}). */
    static final int MAX_FIELD_CHARS = Limits.MAX_FIELD_SIZE;
    /** The most characters one row may have (64 MiB). */
    static final int MAX_ROW_CHARS = Limits.MAX_RECORD_SIZE;

    private static final Pattern STARTED_IN_LINE = Pattern.compile("started in line (\\d+)");

    private final Path file;
    private final String fileName;
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private final StrictTextReader text;
    private final Charset charset;
    private final char delimiter;
    private List<String> header;
    private long headerLine;
    private long lastLine;

    private CsvRows(Path file, String fileName, CsvReader<CsvRecord> reader, StrictTextReader text, Charset charset,
                    char delimiter) {
        this.file = file;
        this.fileName = fileName;
        this.reader = reader;
        this.records = reader.iterator();
        this.text = text;
        this.charset = charset;
        this.delimiter = delimiter;
    }

    /** Opens {@code file} (UTF-8) and reads its header line. */
    static CsvRows open(Path file, char delimiter) throws DataException {
        return open(file, delimiter, StandardCharsets.UTF_8);
    }

    /** Opens {@code file}, text in {@code charset}, and reads its header line. */
    static CsvRows open(Path file, char delimiter, Charset charset) throws DataException {
        String name = FileNames.of(file);
        if (Files.isDirectory(file)) throw DataException.of(name, "is a directory, not a CSV file");
        if (!Files.exists(file)) throw DataException.of(name, "file not found");
        StrictTextReader text;
        try {
            text = new StrictTextReader(Files.newInputStream(file), charset);
        } catch (IOException e) {
            throw FileNames.readError(name, e);
        }
        CsvReader<CsvRecord> reader = CsvReader.builder()
                .fieldSeparator(delimiter)
                .skipEmptyLines(true)
                .ignoreDifferentFieldCount(true)
                .ofCsvRecord(text);
        CsvRows rows = new CsvRows(file, name, reader, text, charset, delimiter);
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
        CsvRecord r;
        try {
            r = records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw FileNames.readError(fileName, e.getCause());
        } catch (CsvParseException e) {
            throw parseError(e);
        }
        if (text.malformed() != null) throw notText(text.malformed());
        if (r != null) lastLine = r.getStartingLineNumber();
        return r;
    }

    /** FastCSV's account of a row it cannot read, with the line and the limit concerned. */
    private DataException parseError(CsvParseException e) {
        long line = header == null ? 1 : lastLine + 1;
        java.util.regex.Matcher m = STARTED_IN_LINE.matcher(String.valueOf(e.getMessage()));
        if (m.find()) line = Long.parseLong(m.group(1));
        String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                : String.valueOf(e.getMessage());
        if (cause.startsWith("Maximum number of fields exceeded")) {
            return DataException.atLine(fileName, line, "the row has more than " + String.format(Locale.ROOT, "%,d", MAX_FIELDS)
                    + " fields, the most a row may have");
        }
        if (cause.contains("insufficient to read the data of a single field")) {
            return DataException.atLine(fileName, line, "a field is longer than " + String.format(Locale.ROOT, "%,d", MAX_FIELD_CHARS)
                    + " characters, the most a field may have (a quote that is never closed often causes this)");
        }
        if (cause.contains("has surpassed the maximum limit")) {
            return DataException.atLine(fileName, line, "the row is longer than " + String.format(Locale.ROOT, "%,d", MAX_ROW_CHARS)
                    + " characters, the most a row may have");
        }
        return DataException.atLine(fileName, line, "cannot parse the CSV text (" + cause + ")");
    }

    /** The first bytes that are not text in the charset, at their line and column. */
    private DataException notText(StrictTextReader.Malformed bad) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bad.bytes()) hex.append(hex.length() == 0 ? "" : " ").append(String.format("0x%02X", b & 0xff));
        String what = (bad.bytes().length == 1 ? "the byte " : "the bytes ") + hex
                + (bad.unmappable() ? (bad.bytes().length == 1 ? " is" : " are") + " not a character in " + charset.name()
                : (bad.bytes().length == 1 ? " is" : " are") + " not valid " + charset.name() + " text");
        String advice = charset.equals(StandardCharsets.UTF_8)
                ? "; save the file as UTF-8, or name its encoding in the train block, as in csv(\"" + fileName
                        + "\", encoding: \"latin-1\")"
                : "; is the file in another encoding?";
        TextPosition.Located at;
        try {
            at = TextPosition.locate(file, charset, delimiter, bad.offset());
        } catch (IOException e) {
            return DataException.of(fileName, what + " (at byte " + bad.offset() + ")" + advice);
        }
        String where;
        if (at.line() <= at.headerLine() || at.header().isEmpty()) where = "the header: ";
        else if (at.field() < at.header().size()) where = "column '" + at.header().get(at.field()) + "': ";
        else where = "field " + (at.field() + 1) + ": ";
        return DataException.at(fileName, at.line(), at.field() + 1, where + what + advice);
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
