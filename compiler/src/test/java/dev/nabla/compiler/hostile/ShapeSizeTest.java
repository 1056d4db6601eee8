package dev.nabla.compiler.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.ir.TType;
import org.junit.jupiter.api.Test;

/**
 * A value has at most {@link TType#MAX_ELEMENTS} (2^30) elements (per example for inputs, targets and the
 * values computed from them). Sizes are computed without overflow, so a shape whose size wraps around
 * {@code int} is an error at the shape, not a model with the wrong number of values.
 */
class ShapeSizeTest {
    private static String input(String shape) {
        return "model M {\n    input x" + shape + "\n    target y[1]\n    param w[1]\n    z = sum(x) * w\n"
                + "    loss mse(z, y)\n}\n";
    }

    @Test
    void aShapeWhoseSizeWrapsAroundIntIsAnErrorAtTheShape() {
        Diagnostic d = Models.error(input("[65536, 65537]"));
        assertEquals("x[65536, 65537] has 4,295,032,832 elements; a value has at most 1,073,741,824 (2^30) elements",
                d.message());
        assertEquals(2, d.span().line());
        assertEquals(12, d.span().column());
    }

    @Test
    void aShapeWhoseSizeWrapsToZeroIsAnError() {
        assertEquals("x[65536, 65536] has 4,294,967,296 elements; a value has at most 1,073,741,824 (2^30) elements",
                Models.error(input("[65536, 65536]")).message());
    }

    @Test
    void aShapeBeyondLongSaysSo() {
        assertEquals("x[2147483647, 2147483647, 2147483647] has more than 9,223,372,036,854,775,807 elements; a value has "
                + "at most 1,073,741,824 (2^30) elements", Models.error(input("[2147483647, 2147483647, 2147483647]")).message());
    }

    @Test
    void parametersAreLimitedToo() {
        Diagnostic d = Models.error("model M {\n    input x[2]\n    target y[1]\n    param W[100000, 100000]\n"
                + "    z = sum(W @ x)\n    loss mse(z, y)\n}\n");
        assertEquals("W[100000, 100000] has 10,000,000,000 elements; a value has at most 1,073,741,824 (2^30) elements",
                d.message());
    }

    @Test
    void aResultTooLargeIsAnErrorAtTheOperator() {
        Diagnostic d = Models.error("model M {\n    input a[40000, 1]\n    input c[1, 40000]\n    target y[1]\n"
                + "    param w[1]\n    z = sum(a @ c) * w\n    loss mse(z, y)\n}\n");
        assertEquals("'a @ c' would have 1,600,000,000 elements; a value has at most 1,073,741,824 (2^30) elements",
                d.message());
        assertEquals("@", d.span().text());
        Diagnostic b = Models.error("model M {\n    input a[40000, 1]\n    input c[1, 40000]\n    target y[1]\n"
                + "    param w[1]\n    z = sum(a + c) * w\n    loss mse(z, y)\n}\n");
        assertEquals("'a + c' would have 1,600,000,000 elements; a value has at most 1,073,741,824 (2^30) elements",
                b.message());
    }

    @Test
    void tooManyClassesIsAnError() {
        Diagnostic d = Models.error("model M {\n    input x[2]\n    target y: class(2000000000)\n    param w[2]\n"
                + "    loss sum(x * w)\n}\n");
        assertTrue(d.message().startsWith("y has 2,000,000,000 classes; a class target has at most 1,073,741,824"),
                d.message());
    }

    @Test
    void sizesAreExactAndCheckedInTheTypeItself() {
        assertEquals(1L << 32, TType.elements(65536, 65536));
        assertEquals(Long.MAX_VALUE, TType.elements(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
        TType.TooLarge e = assertThrows(TType.TooLarge.class, () -> TType.real(false, 65536, 65536));
        assertEquals(1L << 32, e.elements());
        assertEquals(1 << 30, TType.real(true, 32768, 32768).size());
    }

    @Test
    void aLargeButAllowedInputStillCompiles() {
        assertEquals(70_000 * 3, Nabla.compile("m.nabla", input("[70000, 3]"), CompileOptions.defaults())
                .signature().inputs().get(0).size());
    }
}
