package dev.nabla.cli.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One axis of a plot: its domain (the data range with a little room), linear or logarithmic, and its ticks
 * at round values (1, 2, 5 times a power of ten; decades on a log axis spanning several of them).
 */
final class Axis {
    private static final int TARGET_TICKS = 5;

    final boolean log;
    final double min;
    final double max;
    final List<Double> ticks;

    private Axis(boolean log, double min, double max, List<Double> ticks) {
        this.log = log;
        this.min = min;
        this.max = max;
        this.ticks = List.copyOf(ticks);
    }

    /**
     * A linear axis over the data range {@code [lo, hi]}, widened by 5% on each side (or around a single
     * value); with {@code integers} the ticks are whole numbers (epochs).
     */
    static Axis linear(double lo, double hi, boolean integers) {
        double span = hi - lo;
        if (span <= 0 || !Double.isFinite(span)) {
            double pad = integers ? 1 : lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        } else if (!integers) {
            lo -= span * 0.05;
            hi += span * 0.05;
        }
        double step = niceStep((hi - lo) / TARGET_TICKS);
        if (integers) step = Math.max(1, Math.round(step));
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.add(clean(t, step));
        return new Axis(false, lo, hi, ticks);
    }

    /** A logarithmic axis over the positive data range {@code [lo, hi]}, widened by 5% of its decades each side. */
    static Axis logarithmic(double lo, double hi) {
        double a = Math.log10(lo), b = Math.log10(hi);
        double span = Math.max(b - a, 0.1);
        double min = Math.pow(10, a - span * 0.05 - (b - a < 0.1 ? 0.05 : 0));
        double max = Math.pow(10, b + span * 0.05 + (b - a < 0.1 ? 0.05 : 0));
        List<Double> ticks = new ArrayList<>();
        int first = (int) Math.ceil(Math.log10(min) - 1e-9), last = (int) Math.floor(Math.log10(max) + 1e-9);
        if (last - first >= 2) {
            int every = Math.max(1, (int) Math.ceil((last - first + 1) / 8.0));
            for (int d = first; d <= last; d += every) ticks.add(Math.pow(10, d));
        } else {
            // less than a few decades: 1, 2 and 5 times the powers of ten, or finer round values
            for (int d = first - 1; d <= last; d++) {
                for (int m : new int[] {1, 2, 5}) {
                    double t = m * Math.pow(10, d);
                    if (t >= min && t <= max) ticks.add(t);
                }
            }
            for (int parts = TARGET_TICKS; ticks.size() < 3 && parts <= 4 * TARGET_TICKS; parts *= 2) {
                ticks.clear();
                double step = niceStep((max - min) / parts);
                for (double t = Math.ceil(min / step) * step; t <= max; t += step) ticks.add(clean(t, step));
            }
        }
        return new Axis(true, min, max, ticks);
    }

    /** Where {@code v} falls, from 0 at the minimum to 1 at the maximum. */
    double fraction(double v) {
        if (log) return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        return (v - min) / (max - min);
    }

    /** A tick's label: as short as its value allows ({@code 0.05}, {@code 200}, {@code 1e-4}). */
    String label(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            return new BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
        }
        String s = String.format(Locale.ROOT, "%.2e", v);
        String mantissa = new BigDecimal(s.substring(0, s.indexOf('e'))).stripTrailingZeros().toPlainString();
        int exp = Integer.parseInt(s.substring(s.indexOf('e') + 1));
        return (mantissa.equals("1") ? "1" : mantissa) + "e" + exp;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0)) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** {@code t} rounded to the decimals of {@code step}: 0.30000000000000004 becomes 0.3. */
    private static double clean(double t, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step)) + 1);
        return new BigDecimal(t).setScale(Math.min(decimals, 15), java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
