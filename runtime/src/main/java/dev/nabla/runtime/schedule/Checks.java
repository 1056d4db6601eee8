package dev.nabla.runtime.schedule;

import java.math.BigDecimal;
import java.math.MathContext;

/** Argument checks and number formatting shared by the schedules; messages use the factory's parameter names. */
final class Checks {
    private Checks() {}

    /** Rejects a negative epoch/step index. */
    static long index(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("t must be >= 0 (it counts epochs or steps from 0), got " + t);
        }
        return t;
    }

    /** A whole number of at least {@code min}. */
    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be a whole number >= " + min + ", got " + value);
        }
        return value;
    }

    /** A finite number greater than 0. */
    static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + format(value));
        }
        return value;
    }

    /** A finite number of at least 0. */
    static double nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + format(value));
        }
        return value;
    }

    /** A number in {@code (low, high]} when {@code lowOpen}, else in {@code [low, high]}. */
    static double within(String name, double value, double low, boolean lowOpen, double high, boolean highOpen) {
        boolean aboveLow = lowOpen ? value > low : value >= low;
        boolean belowHigh = highOpen ? value < high : value <= high;
        if (!aboveLow || !belowHigh) {
            throw new IllegalArgumentException(name + " must be in " + (lowOpen ? "(" : "[") + format(low) + ", "
                    + format(high) + (highOpen ? ")" : "]") + ", got " + format(value));
        }
        return value;
    }

    /** A computed number for a message, rounded to 12 significant digits: {@code 0.3 * 3} shows as {@code 0.9}. */
    static String formatRounded(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return Double.toString(value);
        return format(new BigDecimal(value).round(new MathContext(12)).doubleValue());
    }

    /** A number as written in a model file: {@code 200}, {@code 0.001}, {@code 0.3333333333333333}, {@code 1.0E-20}. */
    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return Double.toString(value);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-7 && magnitude < 1e15) {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
        return Double.toString(value);
    }
}
