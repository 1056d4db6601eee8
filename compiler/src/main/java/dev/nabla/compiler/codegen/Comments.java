package dev.nabla.compiler.codegen;

import dev.nabla.compiler.diag.Span;
import dev.nabla.compiler.ir.Node;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The comments of generated code that point back at the model: file and line, and the model lines a unit computes. */
final class Comments {
    private Comments() {}

    /** {@code iris.nabla:10}, or empty when the span is unknown. */
    static String where(Span s) {
        if (s == null || !s.isKnown()) return "";
        return safe(s.fileName()) + ":" + s.line();
    }

    /**
     * Text from a model (file names, source lines) made safe inside a Java comment: no comment end, and no
     * backslash, which Java reads as the start of a unicode escape even in comments.
     */
    static String safe(String text) {
        return text.replace("\\", "/").replace("*/", "* /");
    }

    /** The model lines some nodes come from, e.g. {@code iris.nabla:10: h = tanh(W1 @ x + b1)}, one per line. */
    static String modelLines(List<Node> nodes) {
        Set<String> lines = new LinkedHashSet<>();
        boolean backward = false;
        for (Node n : nodes) {
            Span s = n.span();
            backward |= n.role() == Node.Role.BACKWARD;
            if (s.isKnown()) {
                String text = s.file().line(s.line()).trim();
                int hash = text.indexOf('#');
                if (hash >= 0) text = text.substring(0, hash).trim();
                lines.add(safe(s.fileName()) + ":" + s.line() + ": " + safe(text));
            }
        }
        StringBuilder sb = new StringBuilder();
        if (backward) sb.append("Gradient of:\n");
        for (String l : lines) sb.append(backward ? "  " : "").append(l).append('\n');
        return sb.toString();
    }
}
