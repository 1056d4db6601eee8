package dev.nabla.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Long runs of statements split over several methods. HotSpot does not JIT-compile a method of more than
 * 8000 bytes of bytecode and the JVM refuses one of 64 KB, so a model with thousands of layers must not put
 * thousands of calls, allocations or signature entries into one method.
 */
final class Chunks {
    /** At most this many statements per method: a few bytes each, well under the JIT's limit. */
    static final int STATEMENTS = 200;

    private Chunks() {}

    /** Whether {@code statements} fit into one method. */
    static boolean fit(List<CodeBlock> statements) { return statements.size() <= STATEMENTS; }

    /**
     * The statements as methods of at most {@link #STATEMENTS} each, in order; {@code method} makes each
     * method's builder from its number (its name, modifiers and parameters).
     */
    static List<MethodSpec> methods(List<CodeBlock> statements, Function<Integer, MethodSpec.Builder> method) {
        List<MethodSpec> out = new ArrayList<>();
        for (int from = 0, part = 1; from < statements.size(); from += STATEMENTS, part++) {
            MethodSpec.Builder m = method.apply(part);
            for (CodeBlock s : statements.subList(from, Math.min(statements.size(), from + STATEMENTS))) m.addCode(s);
            out.add(m.build());
        }
        return out;
    }

    /** The statements of one block, each a {@link CodeBlock} ending its line. */
    static CodeBlock join(List<CodeBlock> statements) {
        CodeBlock.Builder b = CodeBlock.builder();
        for (CodeBlock s : statements) b.add(s);
        return b.build();
    }
}
