package dev.nabla.compiler.hostile;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.diag.SourceFile;
import java.util.Map;
import java.util.TreeMap;

/**
 * Run in a JVM of its own by {@link ExpressionNestingTest} (interpreted, with a small stack): checks every
 * kind of nesting at the limit and one level past it, and prints one line per case: the kind, the levels
 * and {@code ok} or the error's location and message.
 */
public final class NestingProbe {
    private NestingProbe() {}

    public static void main(String[] args) {
        for (int levels : new int[] {256, 257}) {
            Map<String, String> kinds = new TreeMap<>(ExpressionNestingTest.kinds(levels));
            for (Map.Entry<String, String> k : kinds.entrySet()) {
                String result;
                try {
                    Compilation.check(new SourceFile("m.nabla", Models.withValue(k.getValue())), CompileOptions.defaults());
                    result = "ok";
                } catch (NablaException e) {
                    result = e.errors().get(0).headline();
                } catch (Throwable e) {
                    result = "crash " + e;
                }
                System.out.println(k.getKey() + " " + levels + " " + result);
            }
        }
    }
}
