package dev.nabla.compiler.diag;

import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics during one compilation; stages report here instead of throwing. */
public final class Diagnostics {
    /** Beyond this many errors further ones are dropped (they are usually consequences). */
    public static final int MAX_ERRORS = 25;

    private final List<Diagnostic> all = new ArrayList<>();
    private int errors;

    public void report(Diagnostic d) {
        if (d.isError()) {
            if (errors >= MAX_ERRORS) return;
            errors++;
        }
        all.add(d);
    }

    public void error(Span span, String message) { report(Diagnostic.error(span, message)); }

    public void note(Span span, String message) { report(Diagnostic.note(span, message)); }

    public void warning(Span span, String message) { report(Diagnostic.warning(span, message)); }

    public boolean hasErrors() { return errors > 0; }

    public int errorCount() { return errors; }

    public List<Diagnostic> all() { return List.copyOf(all); }

    public List<Diagnostic> errors() { return all.stream().filter(Diagnostic::isError).toList(); }

    /** Throws a {@link dev.nabla.compiler.NablaException} carrying everything so far when there are errors. */
    public void throwIfErrors() {
        if (hasErrors()) throw new dev.nabla.compiler.NablaException(all());
    }
}
