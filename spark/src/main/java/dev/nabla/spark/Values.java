package dev.nabla.spark;

import java.util.Collection;
import java.util.List;

/**
 * How field values are read, the same as {@code nabla train} reads a CSV file ({@code dev.nabla.runtime.data}):
 * numbers are plain decimals (surrounding white space allowed, no {@code 1f}, hexadecimal or infinity), and class
 * names and categories are sorted numerically when they are all numbers, otherwise as strings.
 */
final class Values {
    private Values() {}

    /** The field as a finite float, or NaN when it is not a plain decimal number. */
    static float parse(String field) { return dev.nabla.runtime.data.Numbers.parse(field); }

    static boolean isNumber(String field) { return dev.nabla.runtime.data.Numbers.isNumber(field); }

    /** Class names and categories in encoding order. */
    static List<String> sorted(Collection<String> values) { return dev.nabla.runtime.data.ValueOrder.sorted(values); }
}
