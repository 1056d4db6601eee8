package dev.nabla.compiler.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.parse.ModelParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expressions nest at most {@value ModelParser#MAX_NESTING} levels (an operator, a call or a pair of
 * parentheses is a level, and so is each term of a long sum). Up to the limit every kind of nesting
 * compiles; one level more is the error "expression nested too deeply" at its place, never a
 * StackOverflowError, whatever the stack of the calling thread.
 */
class ExpressionNestingTest {
    private static final int L = ModelParser.MAX_NESTING;
    private static final String MESSAGE = "expression nested too deeply: more than 256 levels of operators, calls and "
            + "parentheses; split it into named values (a long sum counts one level per term)";

    /** An expression of exactly {@code levels} levels, of each kind. */
    static Map<String, String> kinds(int levels) { // also used by NestingProbe
        return Map.of(
                "sum", "b" + " + b".repeat(levels - 1),
                "product", "b" + " * b".repeat(levels - 1),
                "power", "b" + " ** 1".repeat(levels - 1),
                "negation", "-".repeat(levels - 1) + "b",
                "parentheses", "(".repeat(levels - 1) + "b" + ")".repeat(levels - 1),
                "calls", "tanh(".repeat(levels - 1) + "b" + ")".repeat(levels - 1),
                "transposes", "(W" + ".T".repeat(levels - 3) + ") @ b");
    }

    @Test
    void everyKindOfNestingUpToTheLimitPassesTheFrontEnd() {
        kinds(L).forEach((kind, expr) -> {
            List<Diagnostic> warnings = Models.checks(Models.withValue(expr));
            assertTrue(warnings.stream().noneMatch(Diagnostic::isError), kind);
        });
    }

    @Test
    void oneLevelMoreIsALocatedErrorForEveryKind() {
        kinds(L + 1).forEach((kind, expr) -> {
            Diagnostic d = Models.error(Models.withValue(expr));
            assertEquals(MESSAGE, d.message(), kind);
            assertEquals(6, d.span().line(), kind);
        });
    }

    @Test
    void theErrorPointsAtTheLevelPastTheLimit() {
        // the 256th '+' makes level 257: "b" then " + b" 256 times; it is at column 9 + 4 * 255 + 1
        Diagnostic sum = Models.error(Models.withValue("b" + " + b".repeat(L)));
        assertEquals(9 + 4 * 255 + 2, sum.span().column());
        assertEquals("+", sum.span().text());
        Diagnostic parens = Models.error(Models.withValue("(".repeat(L) + "b" + ")".repeat(L)));
        assertEquals(9, parens.span().column(), "the outermost parenthesis is level 257");
    }

    @Test
    void aModelNestedToTheLimitCompilesAndTrains() {
        double loss = Models.trainsOneStep(Models.withValue("-".repeat(L / 2 - 1) + "tanh(".repeat(L / 2 - 1)
                + "W @ x" + ")".repeat(L / 2 - 1)), CompileOptions.defaults());
        assertTrue(Double.isFinite(loss));
    }

    /** The sizes at which the compiler used to die with a StackOverflowError. */
    @ParameterizedTest
    @ValueSource(strings = {"sum 5000", "sum 1050", "power 935", "negation 1470", "parentheses 5000", "calls 3000"})
    void reportedCrashesAreNowDiagnostics(String test) {
        String[] t = test.split(" ");
        int n = Integer.parseInt(t[1]);
        String expr = switch (t[0]) {
            case "sum" -> "W @ x + b" + " + 1".repeat(n);
            case "power" -> "b" + " ** 1".repeat(n);
            case "negation" -> "W @ x + " + "-".repeat(n) + "b";
            case "parentheses" -> "(".repeat(n) + "b" + ")".repeat(n);
            default -> "tanh(".repeat(n) + "b" + ")".repeat(n);
        };
        assertEquals(MESSAGE, Models.error(Models.withValue(expr)).message());
    }

    @Test
    void unclosedParenthesesAreTooDeepNotACrash() {
        Diagnostic d = Models.error(Models.withValue("(".repeat(20_000)));
        assertEquals(MESSAGE, d.message());
    }

    @Test
    void deeplyNestedTrainValuesAreTooDeep() {
        String model = Models.withValue("W @ x + b") + "train M {\n    schedule "
                + "warmup(total_iters: 1, then: ".repeat(400) + "cosine" + ")".repeat(400) + "\n}\n";
        Diagnostic d = Models.error(model);
        assertEquals(MESSAGE, d.message());
        assertEquals(11, d.span().line());
    }

    /** The same answer on a thread with a 128 KB stack: the front end runs on a stack of its own. */
    @Test
    void theLimitDoesNotDependOnTheCallersStack() throws Exception {
        AtomicReference<Object> tooDeep = new AtomicReference<>(), atLimit = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                tooDeep.set(assertThrows(NablaException.class, () -> Compilation.check(
                        new SourceFile("m.nabla", Models.withValue("b" + " + b".repeat(5000))), CompileOptions.defaults())));
                atLimit.set(Compilation.check(new SourceFile("m.nabla", Models.withValue("(".repeat(L - 1) + "b"
                        + ")".repeat(L - 1))), CompileOptions.defaults()));
            } catch (Throwable e) {
                tooDeep.compareAndSet(null, e);
                atLimit.compareAndSet(null, e);
            }
        }, "small-stack", 128 * 1024);
        small.start();
        small.join();
        assertTrue(tooDeep.get() instanceof NablaException, () -> String.valueOf(tooDeep.get()));
        assertEquals(MESSAGE, ((NablaException) tooDeep.get()).errors().get(0).message());
        assertTrue(atLimit.get() instanceof List<?>, () -> String.valueOf(atLimit.get()));
    }

    /**
     * The same answers from an interpreted JVM ({@code -Xint}: the largest stack frames) whose threads have a
     * 256 KB stack: what is accepted depends on neither the JIT nor the stack of the caller.
     */
    @Test
    void theLimitIsTheSameInterpretedWithASmallStack() throws Exception {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaCommand, "-Xint", "-Xss256k", "-cp", System.getProperty("java.class.path"),
                NestingProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().filter(l -> l.matches("[a-z]+ 25[67] .*")).toList();
        assertEquals(2 * kinds(L).size(), lines.size(), out);
        for (String line : lines) {
            if (line.matches("[a-z]+ 256 .*")) assertTrue(line.endsWith(" 256 ok"), line);
            else assertTrue(line.matches("[a-z]+ 257 m\\.nabla:6:[0-9]+: error: " + Pattern.quote(MESSAGE)), line);
        }
    }

    @Test
    void dumpAndCheckReportItToo() {
        SourceFile f = new SourceFile("m.nabla", Models.withValue("b" + " + b".repeat(L)));
        NablaException check = assertThrows(NablaException.class, () -> Compilation.check(f, CompileOptions.defaults()));
        NablaException dump = assertThrows(NablaException.class, () -> Compilation.compile(f, CompileOptions.defaults()));
        assertEquals(check.errors().get(0).format(), dump.errors().get(0).format());
        assertFalse(check.getMessage().contains("internal"));
        assertTrue(check.getMessage().startsWith("m.nabla:6:"), check.getMessage());
    }
}
