package dev.nabla.compiler.golden;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The tolerances of {@code shared/golden/README.md}: a value passes when
 * {@code |actual - expected| <= abs + rel * |expected|}. NaN or an infinity is always a failure (every
 * expected value is finite, the extreme-input cases included).
 */
enum Tolerance {
    FLOAT64(1e-9, 1e-7),
    FLOAT32(1e-5, 1e-4);

    final double abs;
    final double rel;

    Tolerance(double abs, double rel) {
        this.abs = abs;
        this.rel = rel;
    }

    boolean accepts(double expected, double actual) {
        if (!Double.isFinite(actual)) return false;
        return Math.abs(actual - expected) <= abs + rel * Math.abs(expected);
    }

    /** Fails on the first element out of tolerance, with its index, both values and the error. */
    void assertClose(String what, double[] expected, double[] actual) {
        if (actual == null) fail(what + ": no value computed");
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        int bad = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            if (!accepts(expected[i], actual[i])) {
                if (first < 0) first = i;
                bad++;
            }
        }
        if (first >= 0) {
            double e = expected[first];
            double a = actual[first];
            fail(String.format("%s: %d of %d values out of tolerance (%s: abs %.0e + rel %.0e); first at index %d: "
                            + "expected %s, actual %s (diff %.3e)%s",
                    what, bad, expected.length, name().toLowerCase(), abs, rel, first,
                    Double.toString(e), Double.toString(a), a - e,
                    Double.isFinite(a) ? "" : " (non-finite)"));
        }
    }

    void assertClose(String what, double expected, double actual) {
        assertClose(what, new double[] {expected}, new double[] {actual});
    }
}
