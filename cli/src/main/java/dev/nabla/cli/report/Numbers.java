package dev.nabla.cli.report;

import java.util.Locale;

/** Number formatting for reports: locale-independent, short, and explicit about missing values. */
final class Numbers {
    /** Shown for a metric that was not recorded (NaN). */
    static final String MISSING = "\u2014";

    private Numbers() {}

    /** A metric value: four decimals, or scientific notation when very small or large; NaN as a dash. */
    static String metric(double v) {
        if (Double.isNaN(v)) return MISSING;
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        double abs = Math.abs(v);
        if (abs < 1e-3 || abs >= 1e6) return String.format(Locale.ROOT, "%.3e", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** A count with thousands separators: {@code 101,770}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A duration in seconds with two decimals. */
    static String seconds(double s) {
        if (Double.isNaN(s)) return MISSING;
        return String.format(Locale.ROOT, "%.2f", s);
    }
}
