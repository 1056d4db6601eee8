package dev.nabla.runtime;

/**
 * How a parameter gets its first values: a scheme ({@code zeros}, {@code ones}, {@code constant},
 * {@code uniform}, {@code normal}, {@code xavier_uniform}, {@code xavier_normal}, {@code he_uniform},
 * {@code he_normal}), its two numeric arguments where it has any, and the fan-in and fan-out that the
 * compiler worked out from how the parameter is used.
 */
public final class InitSpec {
    private final String scheme;
    private final double a;
    private final double b;
    private final int fanIn;
    private final int fanOut;

    public InitSpec(String scheme, double a, double b, int fanIn, int fanOut) {
        this.scheme = scheme;
        this.a = a;
        this.b = b;
        this.fanIn = fanIn;
        this.fanOut = fanOut;
    }

    public String scheme() { return scheme; }
    /** First argument: the value of constant, low of uniform, mean of normal, gain of xavier/he. */
    public double a() { return a; }
    /** Second argument: high of uniform, standard deviation of normal. */
    public double b() { return b; }
    public int fanIn() { return fanIn; }
    public int fanOut() { return fanOut; }

    @Override
    public String toString() {
        return scheme + "(" + a + ", " + b + ", fan_in=" + fanIn + ", fan_out=" + fanOut + ")";
    }
}
