package dev.nabla.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison used against PyTorch's values: absolute 1e-12 plus relative 1e-10. */
final class Tolerance {
    static final double ABSOLUTE = 1e-12;
    static final double RELATIVE = 1e-10;

    private Tolerance() {}

    static boolean close(double expected, double actual) {
        return Math.abs(actual - expected) <= ABSOLUTE + RELATIVE * Math.abs(expected);
    }

    static void assertClose(double expected, double actual, String what) {
        assertTrue(close(expected, actual), () -> what + ": expected " + expected + ", got " + actual
                + " (difference " + (actual - expected) + ")");
    }
}
