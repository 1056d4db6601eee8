package dev.nabla.runtime.data;

/**
 * A problem with input data, worded for the person who supplied it.
 *
 * <p>The message has the form {@code SOURCE:LINE:COLUMN: detail}, where SOURCE is the file name
 * (without its directory), LINE the 1-based line number in the file (a CSV header is line 1) and
 * COLUMN the 1-based field index. LINE and COLUMN are left out when they do not apply, giving
 * {@code SOURCE:LINE: detail} or {@code SOURCE: detail}. Example:
 * {@code iris.csv:12:3: column 'sepal_width': expected a number, found 'abc'}.
 *
 * <p>It carries no stack trace: the message is all a user needs, and the exception is meant to be
 * printed as-is by tools.
 */
public final class DataException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final int column;
    private final String detail;

    private DataException(String source, long line, int column, String detail) {
        super(format(source, line, column, detail), null, false, false);
        this.source = source;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** A problem with a whole source (file not found, empty file, bad JSON...). */
    public static DataException of(String source, String detail) {
        return new DataException(source, 0, 0, detail);
    }

    /** A problem with one line of a source. */
    public static DataException atLine(String source, long line, String detail) {
        return new DataException(source, line, 0, detail);
    }

    /** A problem with one field: line and column are 1-based. */
    public static DataException at(String source, long line, int column, String detail) {
        return new DataException(source, line, column, detail);
    }

    /** The file name (or other source name) the problem is in. */
    public String source() { return source; }

    /** The 1-based line number, or 0 when the problem is not on one line. */
    public long line() { return line; }

    /** The 1-based column (field index), or 0 when the problem is not in one field. */
    public int column() { return column; }

    /** The message without the {@code SOURCE:LINE:COLUMN: } prefix. */
    public String detail() { return detail; }

    private static String format(String source, long line, int column, String detail) {
        StringBuilder s = new StringBuilder(source);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) s.append(':').append(column);
        }
        return s.append(": ").append(detail).toString();
    }
}
