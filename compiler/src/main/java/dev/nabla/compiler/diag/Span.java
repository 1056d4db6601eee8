package dev.nabla.compiler.diag;

/**
 * A region of a model file: 1-based line, 1-based column, and the length in characters on that line.
 * Every AST node and every IR node made from it keeps one, so errors and generated code point back at
 * the model line.
 */
public record Span(SourceFile file, int line, int column, int length) {
    public static final Span NONE = new Span(null, 0, 0, 0);

    public boolean isKnown() { return file != null && line > 0; }

    public String fileName() { return file == null ? "<unknown>" : file.name(); }

    /** From the start of this span to the end of the other (on this span's line when they differ). */
    public Span to(Span end) {
        if (!isKnown() || !end.isKnown()) return isKnown() ? this : end;
        if (end.line != line) return this;
        return new Span(file, line, column, Math.max(length, end.column + end.length - column));
    }

    /** The source text of this span (its part of the line). */
    public String text() {
        if (!isKnown()) return "";
        String l = file.line(line);
        int from = Math.min(l.length(), Math.max(0, column - 1));
        int to = Math.min(l.length(), from + Math.max(length, 0));
        return l.substring(from, to);
    }

    @Override
    public String toString() { return fileName() + ":" + line + ":" + column; }
}
