package dev.nabla.compiler.diag;

import java.util.List;

/**
 * One message about a model file. {@link #format()} renders it the way compilers do:
 * {@code file:line:col: error: message}, then the source line and a caret under the column,
 * then any related locations (for example the other side of a shape mismatch).
 */
public record Diagnostic(Severity severity, Span span, String message, List<Related> related) {

    /** A second location that explains the first one. */
    public record Related(Span span, String message) {}

    public Diagnostic {
        related = List.copyOf(related);
    }

    public static Diagnostic error(Span span, String message) {
        return new Diagnostic(Severity.ERROR, span, message, List.of());
    }

    public static Diagnostic note(Span span, String message) {
        return new Diagnostic(Severity.NOTE, span, message, List.of());
    }

    public static Diagnostic warning(Span span, String message) {
        return new Diagnostic(Severity.WARNING, span, message, List.of());
    }

    public Diagnostic withRelated(Span where, String what) {
        List<Related> r = new java.util.ArrayList<>(related);
        r.add(new Related(where, what));
        return new Diagnostic(severity, span, message, r);
    }

    public boolean isError() { return severity == Severity.ERROR; }

    /** {@code file:line:col: severity: message} on one line, as Maven and IDEs parse it. */
    public String headline() {
        return location(span) + severity.label() + ": " + message;
    }

    /** The headline, the source line with a caret, and related locations. */
    public String format() {
        StringBuilder sb = new StringBuilder(headline());
        appendExcerpt(sb, span);
        for (Related r : related) {
            sb.append('\n').append(location(r.span())).append("note: ").append(r.message());
            appendExcerpt(sb, r.span());
        }
        return sb.toString();
    }

    private static String location(Span s) {
        if (s == null || !s.isKnown()) return s != null && s.file() != null ? s.fileName() + ": " : "";
        return s.fileName() + ":" + s.line() + ":" + s.column() + ": ";
    }

    /** The most characters of a source line an excerpt shows; a longer line is cut around the column. */
    static final int EXCERPT_WIDTH = 160;

    private static void appendExcerpt(StringBuilder sb, Span s) {
        if (s == null || !s.isKnown()) return;
        String line = s.file().line(s.line());
        if (line.isEmpty()) return;
        int col = Math.max(1, Math.min(s.column(), line.length() + 1));
        int len = Math.max(1, Math.min(s.length(), Math.max(1, line.length() - col + 1)));
        if (line.length() > EXCERPT_WIDTH) { // a window around the column, so that a long line cannot flood the output
            int from = Math.max(0, Math.min(col - 1 - EXCERPT_WIDTH / 3, line.length() - EXCERPT_WIDTH));
            int to = Math.min(line.length(), from + EXCERPT_WIDTH);
            String prefix = from > 0 ? "..." : "";
            String shown = line.substring(from, to);
            line = prefix + shown + (to < line.length() ? "..." : "");
            col = col - from + prefix.length();
            len = Math.max(1, Math.min(len, prefix.length() + shown.length() - col + 1));
        }
        String gutter = String.format("%5d | ", s.line());
        sb.append('\n').append(gutter).append(line.replace('\t', ' '));
        sb.append('\n').append(" ".repeat(gutter.length() - 2)).append("| ");
        sb.append(" ".repeat(Math.min(col - 1, line.length())));
        sb.append('^').append("~".repeat(len - 1));
    }

    @Override
    public String toString() { return headline(); }
}
