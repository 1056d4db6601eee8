package dev.nabla.runtime.data;

/** Strict parsing of numeric fields, the same for CSV files and for tables read by the Spark module. */
public final class Numbers {
    /** Integers with at most this many digits are exact in a float (below 2^24) and parsed directly. */
    private static final int FAST_DIGITS = 7;

    private Numbers() {}

    /**
     * The field as a finite float (correctly rounded), or NaN when it is not a plain decimal number
     * (surrounding white space allowed). Java's type suffixes ({@code 1f}, {@code 2d}), hexadecimal and
     * {@code Infinity} are refused, and so is a value outside the float range.
     */
    public static float parse(String field) {
        String s = field.trim();
        if (s.isEmpty()) return Float.NaN;
        float fast = parseSmallInteger(s);
        if (!Float.isNaN(fast)) return fast;
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        boolean startOk = Character.isDigit(first) || first == '-' || first == '+' || first == '.';
        boolean endOk = Character.isDigit(last) || last == '.';
        if (!startOk || !endOk || s.indexOf('x') >= 0 || s.indexOf('X') >= 0) return Float.NaN;
        try {
            float v = Float.parseFloat(s);
            return Float.isFinite(v) ? v : Float.NaN;
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }

    /** An optionally signed integer of at most {@value #FAST_DIGITS} digits, or NaN. */
    private static float parseSmallInteger(String s) {
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        int digits = s.length() - i;
        if (digits == 0 || digits > FAST_DIGITS) return Float.NaN;
        int v = 0;
        for (; i < s.length(); i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) return Float.NaN;
            v = v * 10 + d;
        }
        return s.charAt(0) == '-' ? -v : v;
    }

    /** Whether {@link #parse} accepts the field. */
    public static boolean isNumber(String field) {
        return !Float.isNaN(parse(field));
    }
}
