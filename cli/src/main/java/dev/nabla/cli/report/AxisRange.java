package dev.nabla.cli.report;

/**
 * The range of the values on one Y axis, to choose its tick label pattern: as many decimals as the span of
 * the values needs, and a leading zero ({@code 0.05}, where XChart's own choice prints {@code .05}).
 */
final class AxisRange {
    /** Decimals beyond the span's first significant digit, so that neighbouring ticks print differently. */
    private static final int EXTRA_DECIMALS = 2;
    private static final int MAX_DECIMALS = 10;

    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** Widens the range to include {@code value}; NaN and infinities are ignored. */
    void include(double value) {
        if (!Double.isFinite(value)) return;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    /** Whether no value was included. */
    boolean isEmpty() {
        return min > max;
    }

    /** A {@link java.text.DecimalFormat} pattern for the ticks of this range: {@code 0}, {@code 0.##}, ... */
    String decimalPattern() {
        double scale = max - min;
        if (scale == 0) scale = Math.abs(max); // one value: its own size
        if (scale == 0) return "0";
        int decimals = (int) Math.ceil(-Math.log10(scale)) + EXTRA_DECIMALS;
        decimals = Math.max(0, Math.min(MAX_DECIMALS, decimals));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }
}
