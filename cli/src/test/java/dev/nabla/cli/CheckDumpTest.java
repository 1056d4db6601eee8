package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code nabla check} and {@code nabla dump}. */
class CheckDumpTest {
    @TempDir
    Path dir;

    Path spirals = Cli.sample("spirals", "spirals.nabla");

    @Test
    void checkOnAGoodFilePrintsOk() {
        Cli.Result r = Cli.run("check", spirals).assertOk();
        assertEquals(spirals + ": ok", r.out().strip());
        assertEquals("", r.err());
    }

    @Test
    void checkOnABadFilePrintsEveryErrorAndExits1() {
        Path bad = Cli.fixture(dir, "errors.nabla");
        Cli.Result r = Cli.run("check", bad).assertUserError(bad + ": 3 errors");
        assertErrorLine(r, bad, 10, "shape");
        assertErrorLine(r, bad, 11, "'zz'");
        assertErrorLine(r, bad, 12, "'frob'");
        assertFalse(r.out().contains("ok"), r.toString());
    }

    @Test
    void checkOfSeveralFilesReportsEachAndFailsIfOneFails() {
        Path bad = Cli.fixture(dir, "errors.nabla");
        Path sine = Cli.sample("sine", "sine.nabla");
        Cli.Result r = Cli.run("check", spirals, bad, sine, dir.resolve("missing.nabla"))
                .assertUserError(bad + ": 3 errors", dir.resolve("missing.nabla") + ": no such file");
        assertTrue(r.out().contains(spirals + ": ok") && r.out().contains(sine + ": ok"), r.toString());
    }

    @Test
    void aSyntaxErrorIsReportedAsFileLineColumn() {
        Path bad = Cli.fixture(dir, "syntax.nabla");
        Cli.Result r = Cli.run("check", bad).assertUserError(bad + ": 1 error");
        // the expression is cut short at the end of line 9; line 10 starts the next statement
        assertTrue(Pattern.compile("(?m)^" + Pattern.quote(bad.toString()) + ":(9|10):\\d+: error: \\S.*$").matcher(r.err()).find(),
                "no 'file:line:col: error:' line for the cut expression:\n" + r);
        assertTrue(Pattern.compile("(?m)^ +(9|10) \\| ").matcher(r.err()).find(), "the source line is quoted:\n" + r);
    }

    /** A {@code file:LINE:col: error: ...} line that mentions {@code what}. */
    static void assertErrorLine(Cli.Result r, Path file, int line, String what) {
        Pattern p = Pattern.compile("(?m)^" + Pattern.quote(file.toString()) + ":" + line + ":\\d+: error: .*"
                + Pattern.quote(what) + ".*$");
        assertTrue(p.matcher(r.err()).find(), "no error on line " + line + " about " + what + ":\n" + r);
    }

    @ParameterizedTest(name = "dump --stage {0}")
    @CsvSource(delimiter = '|', value = {
            "ast   | Model Spirals @3:1",
            "typed | output probs : [2] per example = softmax(logits)",
            "ir    | # forward",
            "grad  | # backward",
            "opt   | -> grad:W1",
            "java  | public final class SpiralsModel"})
    void dumpPrintsEachStage(String stage, String characteristic) {
        Cli.Result r = Cli.run("dump", "--stage", stage, spirals).assertOk();
        assertTrue(r.out().contains(characteristic), "dump --stage " + stage + " lacks '" + characteristic + "':\n" + r);
    }

    @Test
    void theStagesDiffer() {
        String ir = Cli.run("dump", "--stage", "ir", spirals).assertOk().out();
        String grad = Cli.run("dump", "--stage", "grad", spirals).assertOk().out();
        String opt = Cli.run("dump", "--stage", "opt", spirals).assertOk().out();
        assertFalse(ir.contains("# backward"), "the ir stage is the forward pass only");
        assertTrue(grad.contains("# backward") && opt.contains("# backward"));
        String lowered = Cli.run("dump", "--stage", "ir", "--after", "lower-composites", spirals).assertOk().out();
        assertTrue(grad.contains("softmax") && !lowered.contains("softmax[") && !opt.contains("softmax["),
                "composite ops (softmax) are lowered to primitives after differentiation");
        assertTrue(instructions(opt) < instructions(lowered), "the optimizer removes instructions: opt " + instructions(opt)
                + " vs lowered " + instructions(lowered));
        String single = Cli.run("dump", "--stage", "java", spirals).assertOk().out();
        String dbl = Cli.run("dump", "--stage", "java", "--double", spirals).assertOk().out();
        assertTrue(single.contains("float[]") && !single.contains("double[]"), "float code by default");
        assertTrue(dbl.contains("double[]") && !dbl.contains("float[]"), "--double generates double-precision code");
    }

    @Test
    void theIrAfterAnyPassIsShownAndAnUnknownPassIsNamed() {
        String autodiff = Cli.run("dump", "--stage", "ir", "--after", "autodiff", spirals).assertOk().out();
        assertTrue(autodiff.contains("# backward") && autodiff.contains("-> grad:W1"), autodiff);
        String check = Cli.run("dump", "--stage", "ir", "--after", "check", spirals).assertOk().out();
        assertEquals(Cli.run("dump", "--stage", "ir", spirals).assertOk().out(), check, "the ir stage is the IR as checked");
        Cli.run("dump", "--stage", "ir", "--after", "inline", spirals)
                .assertUserError("--after: no pass named 'inline'", "autodiff", "lower-composites");
        Cli.run("dump", "--stage", "java", "--after", "cse", spirals).assertUserError("--after goes with --stage ir");
    }

    @Test
    void anUnknownStageIsAUserError() {
        Cli.run("dump", "--stage", "bytecode", spirals)
                .assertUserError("unknown stage 'bytecode'", "ast, typed, ir, grad, opt, java");
    }

    @Test
    void dumpOfABadFileExits1WithTheDiagnostics() {
        Path bad = Cli.fixture(dir, "errors.nabla");
        Cli.Result r = Cli.run("dump", "--stage", "ir", bad).assertUserError();
        assertErrorLine(r, bad, 11, "'zz'");
        assertEquals("", r.out());
    }

    private static long instructions(String dump) {
        return dump.lines().filter(l -> l.startsWith("%")).count();
    }
}
