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

    /** A literal of this type, e.g. {@code 0.5f} or {@code 0.5}. */
    public String lit(double v) {
        if (Double.isNaN(v)) return isFloat() ? "Float.NaN" : "Double.NaN";
        if (Double.isInfinite(v)) {
            String s = (isFloat() ? "Float." : "Double.") + (v > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
            return s;
        }
        if (isFloat()) {
            float f = (float) v;
            String s = Float.toString(f);
            return (s.startsWith("-") ? "(" + s + "f)" : s + "f");
        }
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
