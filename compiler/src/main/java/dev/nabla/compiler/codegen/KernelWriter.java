package dev.nabla.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.emit.KernelContext;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of one generated method, as text. It knows the local name of every buffer (declared once at
 * the top of the method, {@code final float[][] h = this.h;}), hands out fresh local names, and declares
 * {@code invN = 1 / n} when the body uses it.
 */
final class KernelWriter implements KernelContext {
    private static final Pattern USES_INV_N = Pattern.compile("\\b" + INV_N + "\\b");

    private final Num num;
    private final Names names;
    private final Buffers buffers;
    private final Map<Node, String> locals = new IdentityHashMap<>();
    private final Map<String, String> declarations = new LinkedHashMap<>();
    private final StringBuilder body = new StringBuilder();
    private int depth;

    KernelWriter(Num num, Names classNames, Buffers buffers) {
        this.num = num;
        this.names = new Names(classNames);
        this.buffers = buffers;
    }

    @Override public Num num() { return num; }

    @Override
    public String buf(Node n) {
        String local = locals.get(n);
        if (local != null) return local;
        String field = buffers.field(n);
        // the local takes the field's name: fields are named first, so the name is free in this method
        String type = n.type().isClass() ? "int[]" : num.type() + "[][]";
        declarations.put(field, "final " + type + " " + field + " = this." + field);
        locals.put(n, field);
        return field;
    }

    @Override public String rows(Node n) { return n.type().batched() ? "n" : Integer.toString(n.type().storageRows()); }

    @Override public String var(String base) { return names.allocate(base); }

    @Override
    public String scratch(String base, boolean batchRows, int rows, int cols) {
        String field = buffers.scratch(base, batchRows, rows, cols);
        declarations.put(field, "final " + num.type() + "[][] " + field + " = this." + field);
        return field;
    }

    private void indent() { body.append("    ".repeat(depth)); }

    @Override
    public void line(String statement) {
        indent();
        body.append(statement).append(";\n");
    }

    @Override
    public void open(String header) {
        indent();
        body.append(header).append(" {\n");
        depth++;
    }

    @Override
    public void close() {
        depth--;
        indent();
        body.append("}\n");
    }

    /** The finished method body: buffer declarations, {@code invN} if used, then the code. */
    CodeBlock build() {
        StringBuilder text = new StringBuilder();
        for (String d : declarations.values()) text.append(d).append(";\n");
        if (USES_INV_N.matcher(body).find()) {
            text.append("final ").append(num.type()).append(' ').append(INV_N).append(" = ")
                    .append(num.isFloat() ? "1f / n" : "1.0 / n").append(";\n");
        }
        text.append(body);
        return CodeBlock.of("$L", text);
    }
}
