package dev.nabla.compiler.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.ir.Num;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Numbers must be finite in the element type the model is compiled to: a literal beyond the float range
 * in a float model, beyond the double range in any, a constant expression that overflows, and
 * hyper-parameters beyond the float range are errors at their place, never generated code that does not
 * compile.
 */
class NumberRangeTest {
    private static final CompileOptions DOUBLE = CompileOptions.defaults().withNum(Num.DOUBLE);

    @Test
    void aLiteralBeyondTheFloatRangeIsAnErrorInAFloatModel() {
        Diagnostic d = Models.error(Models.withValue("W @ x + b * 1e39"));
        assertEquals("the number 1e39 is beyond the float range (largest 3.4028235E38); this model is compiled to float",
                d.message());
        assertEquals("1e39", d.span().text());
    }

    @Test
    void theSameLiteralIsFineInADoubleModel() {
        assertTrue(Double.isFinite(Models.trainsOneStep(Models.withValue("W @ x + b * 1e39"), DOUBLE)));
    }

    @Test
    void aLiteralBeyondTheDoubleRangeIsAnError() {
        Diagnostic d = Models.error(Models.withValue("(W @ x + b) ** 1e400"), DOUBLE);
        assertEquals("the number 1e400 is beyond the double range (largest 1.7976931348623157E308)", d.message());
        assertEquals("the number -1e400 is beyond the double range (largest 1.7976931348623157E308)".replace("-", ""),
                Models.error(Models.withValue("W @ x - 1e400")).message());
    }

    @Test
    void constantExpressionsThatOverflowAreErrors() {
        assertEquals("'1e30 * 1e30' is about 1.00e+60, beyond the float range (largest 3.4028235E38); this model is compiled to "
                + "float; a constant must be a finite float", Models.error(Models.withValue("x * (1e30 * 1e30)")).message());
        assertEquals("'2 ** 2000' is infinite; a constant must be a finite double",
                Models.error(Models.withValue("x ** (2 ** 2000)"), DOUBLE).message());
        assertEquals("'1 / 0' is infinite; a constant must be a finite float", Models.error(Models.withValue("x * (1 / 0)")).message());
        assertEquals("'0 / 0' is not a number (NaN); a constant must be a finite float",
                Models.error(Models.withValue("x + 0 / 0")).message());
    }

    @Test
    void initializerArgumentsAreChecked() {
        Diagnostic d = Models.error(Models.withValue("W @ x + b").replace("param W[4, 4]", "param W[4, 4] init normal(std: 1e39)"));
        assertEquals("the number 1e39 is beyond the float range (largest 3.4028235E38); this model is compiled to float",
                d.message());
        assertEquals(4, d.span().line());
    }

    @Test
    void aLiteralThatBecomesZeroInFloatIsAWarning() {
        List<Diagnostic> w = Models.checks(Models.withValue("W @ x + b + 1e-50"));
        assertEquals(1, w.size(), w::toString);
        assertEquals("the number 1e-50 is below the smallest float (1.4E-45) and becomes 0", w.get(0).message());
    }

    @Test
    void anInfiniteLearningRateIsAnError() {
        Diagnostic d = Models.error(Models.withValue("W @ x + b") + "train M {\n    optimizer sgd(lr: 1e400)\n}\n");
        assertEquals("lr: the number 1e400 is beyond the double range (largest 1.7976931348623157E308)", d.message());
        assertEquals(11, d.span().line());
    }

    @Test
    void hyperParametersBeyondTheFloatRangeAreErrors() {
        assertEquals("lr: the number 1e39 is beyond the float range (largest 3.4028235E38) of the weights it applies to",
                Models.error(Models.withValue("W @ x + b") + "train M {\n    lr 1e39\n}\n").message());
        assertEquals("momentum: the number 1e39 is beyond the float range (largest 3.4028235E38) of the weights it applies to",
                Models.error(Models.withValue("W @ x + b") + "train M {\n    optimizer sgd(momentum: 1e39)\n}\n").message());
        assertEquals("clip_norm: the number 1e999 is beyond the double range (largest 1.7976931348623157E308)",
                Models.error(Models.withValue("W @ x + b") + "train M {\n    clip_norm 1e999\n}\n").message());
        assertEquals("schedule: the number 1e39 is beyond the float range (largest 3.4028235E38) of the weights it applies to",
                Models.error(Models.withValue("W @ x + b") + "train M {\n    schedule step(step_size: 3, gamma: 1e39)\n}\n")
                        .message());
    }

    @Test
    void largeFiniteNumbersStillCompile() {
        assertTrue(Nabla.compile("m.nabla", Models.withValue("W @ x + b * 3e38 - 1e-30"), CompileOptions.defaults())
                .javaSource().contains("3.0E38f"));
    }
}
