package dev.nabla.compiler.codegen;

import dev.nabla.compiler.ir.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes of buffer elements in loops, with each row that does not depend on the innermost loop
 * variable loaded once into a local ({@code final float[] h_row = h[r];}) before that loop.
 */
final class RowHoisting {
    private final KernelWriter w;
    /** {@code buf[row]} to the local holding it, and the local's declaration. */
    private final Map<String, String> locals = new LinkedHashMap<>();
    private final Map<String, String> declarations = new LinkedHashMap<>();

    RowHoisting(KernelWriter w) {
        this.w = w;
    }

    /** {@code buf[row][col]}, with the row hoisted out of the loop over {@code c} when it does not depend on it. */
    String element(Node n, String[] at, String c) {
        String buf = w.buf(n);
        if (n.type().isClass()) throw new IllegalStateException("class index read as an element: " + n);
        boolean dependsOnCol = !c.equals("0") && Pattern.compile("\\b" + Pattern.quote(c) + "\\b").matcher(at[0]).find();
        if (dependsOnCol) return buf + "[" + at[0] + "][" + at[1] + "]";
        return row(buf, at[0]) + "[" + at[1] + "]";
    }

    /** The local holding row {@code row} of buffer {@code buf}. */
    String row(String buf, String row) {
        String key = buf + "[" + row + "]";
        String local = locals.get(key);
        if (local == null) {
            local = w.var(buf + "_" + (Locals.isSimple(row) && !Character.isDigit(row.charAt(0)) ? "row" : row));
            locals.put(key, local);
            declarations.put(key, "final " + w.num().type() + "[] " + local + " = " + key);
        }
        return local;
    }

    /** Declarations of every hoisted row. */
    List<String> declarations() { return new ArrayList<>(declarations.values()); }

    /** Declarations of the hoisted rows whose row index is (or is not) {@code var}. */
    List<String> declarations(String var, boolean indexedBy) {
        List<String> out = new ArrayList<>();
        Pattern byVar = Pattern.compile("\\[" + Pattern.quote(var) + "\\]$");
        for (Map.Entry<String, String> d : declarations.entrySet()) {
            if (byVar.matcher(d.getKey()).find() == indexedBy) out.add(d.getValue());
        }
        return out;
    }
}
