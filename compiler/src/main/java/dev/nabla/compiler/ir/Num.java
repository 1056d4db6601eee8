package dev.nabla.compiler.ir;

/**
 * The element type of generated code (float or double) as seen by emission rules: literals, math calls
 * and casts come out right for either.
 */
public enum Num {
    FLOAT("float"), DOUBLE("double");

    private final String javaType;

    Num(String javaType) { this.javaType = javaType; }

    public String type() { return javaType; }

    public boolean isFloat() { return this == FLOAT; }

    /**
     * A Java expression of this type for {@code v}, e.g. {@code 0.5f} or {@code 0.5}: valid Java (and Janino)
     * for every double, including NaN and the infinities ({@code Float.NaN}, {@code Float.POSITIVE_INFINITY},
     * ...) and values that overflow to an infinity or underflow to zero when rounded to float. Negative values
     * come in parentheses, so the result can stand anywhere an operand can.
     */
    public String lit(double v) {
        String prefix = isFloat() ? "Float." : "Double.";
        if (isFloat()) {
            float f = (float) v; // the value float code computes with
            if (Float.isNaN(f)) return prefix + "NaN";
            if (Float.isInfinite(f)) return prefix + (f > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
            String s = Float.toString(f);
            return s.startsWith("-") ? "(" + s + "f)" : s + "f";
        }
        if (Double.isNaN(v)) return prefix + "NaN";
        if (Double.isInfinite(v)) return prefix + (v > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
        String s = Double.toString(v);
        return s.startsWith("-") ? "(" + s + ")" : s;
    }

    /** A call to a double-valued function such as {@code Math.exp}, cast back for float code. */
    public String call(String function, String... args) {
        String c = function + "(" + String.join(", ", args) + ")";
        return isFloat() ? "(float) " + c : c;
    }

    /** Wraps an expression of type double so that it has this type. */
    public String cast(String doubleExpr) { return isFloat() ? "(float) (" + doubleExpr + ")" : doubleExpr; }
}
