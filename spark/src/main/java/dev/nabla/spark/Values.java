package dev.nabla.spark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * How field values are read, the same as {@code nabla train} reads a CSV file ({@code dev.nabla.runtime.data}):
 * numbers are plain decimals (surrounding white space allowed, no {@code 1f}, hexadecimal or infinity), and class
 * names and categories are sorted numerically when they are all numbers, otherwise as strings.
 */
final class Values {
    private Values() {}

    /** The field as a finite float, or NaN when it is not a plain decimal number. */
    static float parse(String field) {
        String s = field.trim();
        if (s.isEmpty()) return Float.NaN;
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

    static boolean isNumber(String field) {
        return !Float.isNaN(parse(field));
    }

    /** Class names and categories in encoding order. */
    static List<String> sorted(Collection<String> values) {
        List<String> list = new ArrayList<>(values);
        if (list.stream().allMatch(Values::isNumber)) {
            list.sort(Comparator.comparingDouble((String v) -> parse(v)).thenComparing(Comparator.naturalOrder()));
        } else {
            list.sort(Comparator.naturalOrder());
        }
        return list;
    }
}
