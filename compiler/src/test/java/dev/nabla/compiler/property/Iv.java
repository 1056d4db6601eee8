package dev.nabla.compiler.property;

import java.util.function.DoubleUnaryOperator;

/**
 * A bound on every element of a generated value, used only to keep generated programs well-behaved:
 * arguments of exp stay small, denominators and arguments of log and sqrt stay positive, and values that
 * grow (sums, products) get scaled back before they get large.
 */
record Iv(double lo, double hi) {
    static final Iv UNIT = new Iv(-1, 1);

    static Iv point(double v) { return new Iv(v, v); }

    double mag() { return Math.max(Math.abs(lo), Math.abs(hi)); }

    boolean excludes(double lo2, double hi2) { return hi < lo2 || lo > hi2; }

    /** True when every element is at least {@code margin} away from zero. */
    boolean awayFromZero(double margin) { return lo >= margin || hi <= -margin; }

    Iv add(Iv o) { return new Iv(lo + o.lo, hi + o.hi); }

    Iv sub(Iv o) { return new Iv(lo - o.hi, hi - o.lo); }

    Iv neg() { return new Iv(-hi, -lo); }

    Iv mul(Iv o) {
        double a = lo * o.lo, b = lo * o.hi, c = hi * o.lo, d = hi * o.hi;
        return new Iv(Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d)));
    }

    /** Division by a value that is known to be positive. */
    Iv divPositive(Iv den) {
        if (den.lo <= 0) throw new IllegalArgumentException("denominator bound " + den + " is not positive");
        return mul(new Iv(1 / den.hi, 1 / den.lo));
    }

    Iv scale(double c) { return mul(point(c)); }

    Iv hull(Iv o) { return new Iv(Math.min(lo, o.lo), Math.max(hi, o.hi)); }

    /** Sum of {@code n} values within this bound. */
    Iv times(int n) { return new Iv(lo * n, hi * n); }

    /** A symmetric bound for a sum of {@code k} products of values bounded by {@code a} and {@code b}. */
    static Iv dot(int k, Iv a, Iv b) {
        double m = k * a.mag() * b.mag();
        return new Iv(-m, m);
    }

    /** The image under a scalar function, by dense sampling, widened a little. */
    Iv map(DoubleUnaryOperator f) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int steps = 400;
        for (int i = 0; i <= steps; i++) {
            double x = lo + (hi - lo) * i / steps;
            double y = f.applyAsDouble(x);
            min = Math.min(min, y);
            max = Math.max(max, y);
        }
        double pad = 1e-3 * (1 + Math.max(Math.abs(min), Math.abs(max)));
        return new Iv(min - pad, max + pad);
    }
}
