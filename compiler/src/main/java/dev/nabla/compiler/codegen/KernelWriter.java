package dev.nabla.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.TType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an op's emission rule writes through: the body of one generated method. It knows the local
 * name of every buffer (declared once at the top of the method, {@code final float[][] h = this.h;}),
 * hands out fresh local names, and tracks indentation through JavaPoet.
 */
public final class KernelWriter {
    private final Num num;
    private final Names names;
    private final Function<Node, String> fieldOf;
    private final Map<Node, String> locals = new IdentityHashMap<>();
    private final Map<String, String> declarations = new LinkedHashMap<>();
    /** The method body as text: cheaper to build than statement-by-statement JavaPoet calls. */
    private final StringBuilder body = new StringBuilder();
    private int depth;
    private boolean usesInvN;

    /** Allocates a scratch buffer field of the generated class: rows (or the batch) by columns. */
    interface ScratchAllocator {
        String allocate(String base, boolean batchRows, int rows, int cols);
    }

    private final ScratchAllocator scratch;

    KernelWriter(Num num, Names methodNames, Function<Node, String> fieldOf, ScratchAllocator scratch) {
        this.num = num;
        this.names = methodNames;
        this.fieldOf = fieldOf;
        this.scratch = scratch;
    }

    /**
     * A scratch buffer of the class ({@code T[rows][cols]}, or one row per example when
     * {@code batchRows}), allocated once with the model; returns the local that holds it.
     */
    public String scratch(String base, boolean batchRows, int rows, int cols) {
        String field = scratch.allocate(base, batchRows, rows, cols);
        declarations.put(field, "final " + num.type() + "[][] " + field + " = this." + field);
        return field;
    }

    public Num num() { return num; }

    /** The local holding {@code n}'s buffer ({@code T[][]}, or {@code int[]} for class indices). */
    public String buf(Node n) {
        String local = locals.get(n);
        if (local != null) return local;
        String field = fieldOf.apply(n);
        if (field == null) throw new IllegalStateException("no buffer for " + n);
        // the local takes the field's name: fields are allocated first, so it is free in this method
        String type = n.type().isClass() ? "int[]" : num.type() + "[][]";
        declarations.put(field, "final " + type + " " + field + " = this." + field);
        locals.put(n, field);
        return field;
    }

    /** Number of storage rows of {@code n}: {@code n} (the batch) or a constant. */
    public String rows(Node n) { return n.type().batched() ? "n" : Integer.toString(n.type().storageRows()); }

    /** A fresh local name. */
    public String var(String base) { return names.allocate(base); }

    /** Declares {@code invN = 1 / n} in this method and returns its name. */
    public String invN() {
        usesInvN = true;
        return dev.nabla.compiler.ir.ops.InvBatch.LOCAL;
    }

    private void indent() { body.append("    ".repeat(depth)); }

    public void line(String statement) {
        indent();
        body.append(statement).append(";\n");
    }

    public void open(String header) {
        indent();
        body.append(header).append(" {\n");
        depth++;
    }

    public void close() {
        depth--;
        indent();
        body.append("}\n");
    }

    public void comment(String text) {
        indent();
        body.append("// ").append(text).append('\n');
    }

    /**
     * Fills {@code node}'s buffer with a value: the row {@code batchVar} when given (inside a loop over
     * the batch), else every row of the value.
     */
    public void fill(Node node, String batchVar, String value) {
        String b = buf(node);
        if (batchVar != null) {
            line("java.util.Arrays.fill(" + b + "[" + batchVar + "], " + value + ")");
            return;
        }
        String r = var("r");
        open("for (int " + r + " = 0; " + r + " < " + rows(node) + "; " + r + "++)");
        line("java.util.Arrays.fill(" + b + "[" + r + "], " + value + ")");
        close();
    }

    /**
     * The storage position {@code [row, col]} of an element of a value of type {@code t}, given the
     * example (for batched values) and the per-example index expressions.
     */
    public static String[] storage(TType t, String batchVar, String[] idx) {
        int[] s = t.shape();
        if (t.batched()) return new String[] {batchVar, flat(idx, s, 0)};
        if (s.length == 0) return new String[] {"0", "0"};
        if (s.length == 1) return new String[] {"0", idx[0]};
        return new String[] {idx[0], flat(idx, s, 1)};
    }

    static String flat(String[] idx, int[] shape, int from) {
        if (from >= shape.length) return "0";
        String e = idx[from];
        for (int a = from + 1; a < shape.length; a++) {
            e = "(" + e + ") * " + shape[a] + " + " + idx[a];
            if (e.startsWith("(0) * ")) e = idx[a];
        }
        return e.replace("(" + idx[from] + ")", idx[from]);
    }

    /** The finished method body: buffer declarations, then the code. */
    CodeBlock build() {
        StringBuilder text = new StringBuilder();
        for (String d : declarations.values()) text.append(d).append(";\n");
        if (usesInvN) {
            text.append("final ").append(num.type()).append(' ').append(dev.nabla.compiler.ir.ops.InvBatch.LOCAL)
                    .append(" = ").append(num.isFloat() ? "1f / n" : "1.0 / n").append(";\n");
        }
        text.append(body);
        return CodeBlock.of("$L", text);
    }

    List<String> declaredFields() { return new ArrayList<>(declarations.keySet()); }
}
