package dev.nabla.compiler.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.compiler.ir.Num;
import org.codehaus.janino.ExpressionEvaluator;
import org.junit.jupiter.api.Test;

/**
 * {@link Num#lit} gives a Java expression that Janino compiles, with the value float or double code computes
 * with, for every double: NaN, the infinities, values that overflow or underflow in float, signed zeros.
 */
class GeneratedLiteralTest {
    private static final double[] VALUES = {0.0, -0.0, 1.0, -1.5, 0.1, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.MIN_VALUE, 1e39, -1e39, 1e-50, -1e-50, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3.4028235677973366e38, 123456789.123};

    @Test
    void floatLiteralsCompileToTheFloatValue() throws Exception {
        for (double v : VALUES) {
            String lit = Num.FLOAT.lit(v);
            ExpressionEvaluator e = new ExpressionEvaluator();
            e.setExpressionType(float.class);
            e.cook("-" + lit); // negated: the literal must stand as an operand
            float got = -(Float) e.evaluate(new Object[0]);
            assertEquals(Float.floatToIntBits((float) v), Float.floatToIntBits(got), v + " as " + lit);
        }
    }

    @Test
    void doubleLiteralsCompileToTheDoubleValue() throws Exception {
        for (double v : VALUES) {
            String lit = Num.DOUBLE.lit(v);
            ExpressionEvaluator e = new ExpressionEvaluator();
            e.setExpressionType(double.class);
            e.cook("-" + lit);
            double got = -(Double) e.evaluate(new Object[0]);
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(got), v + " as " + lit);
        }
    }

    @Test
    void infinitiesAreNamedConstants() {
        assertEquals("Float.POSITIVE_INFINITY", Num.FLOAT.lit(1e39));
        assertEquals("Float.NEGATIVE_INFINITY", Num.FLOAT.lit(-1e39));
        assertEquals("Float.NaN", Num.FLOAT.lit(Double.NaN));
        assertEquals("Double.POSITIVE_INFINITY", Num.DOUBLE.lit(Double.POSITIVE_INFINITY));
        assertEquals("(-0.0f)", Num.FLOAT.lit(-1e-50));
    }
}
