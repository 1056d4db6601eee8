package dev.nabla.runtime;

import java.util.SplittableRandom;

/**
 * Parameter initialization, seeded and deterministic: the same seed and parameter name give the same
 * values on every run and platform. Schemes and their formulas follow PyTorch's {@code nn.init}.
 */
public final class Initializers {
    private Initializers() {}

    /** Fills {@code values} (row-major) for a parameter; {@code name} decorrelates parameters that share a seed. */
    public static void fill(double[] values, InitSpec spec, long seed, String name) {
        SplittableRandom rnd = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (name.hashCode() + 1L)));
        int fanIn = Math.max(1, spec.fanIn());
        int fanOut = Math.max(1, spec.fanOut());
        switch (spec.scheme()) {
            case "zeros": java.util.Arrays.fill(values, 0.0); break;
            case "ones": java.util.Arrays.fill(values, 1.0); break;
            case "constant": java.util.Arrays.fill(values, spec.a()); break;
            case "uniform": uniform(values, rnd, spec.a(), spec.b()); break;
            case "normal": normal(values, rnd, spec.a(), spec.b()); break;
            case "xavier_uniform": {
                double limit = spec.a() * Math.sqrt(6.0 / (fanIn + fanOut));
                uniform(values, rnd, -limit, limit);
                break;
            }
            case "xavier_normal":
                normal(values, rnd, 0, spec.a() * Math.sqrt(2.0 / (fanIn + fanOut)));
                break;
            case "he_uniform": {
                double limit = spec.a() * Math.sqrt(6.0 / fanIn);
                uniform(values, rnd, -limit, limit);
                break;
            }
            case "he_normal":
                normal(values, rnd, 0, spec.a() * Math.sqrt(2.0 / fanIn));
                break;
            case "lecun_normal":
                normal(values, rnd, 0, spec.a() * Math.sqrt(1.0 / fanIn));
                break;
            default:
                throw new IllegalArgumentException("unknown initializer " + spec.scheme());
        }
    }

    private static void uniform(double[] v, SplittableRandom rnd, double lo, double hi) {
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * rnd.nextDouble();
    }

    private static void normal(double[] v, SplittableRandom rnd, double mean, double std) {
        for (int i = 0; i < v.length; i++) v[i] = mean + std * gaussian(rnd);
    }

    /** A standard normal sample (Marsaglia's polar method; SplittableRandom has no nextGaussian on Java 17). */
    static double gaussian(SplittableRandom rnd) {
        double u, v, s;
        do {
            u = 2 * rnd.nextDouble() - 1;
            v = 2 * rnd.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
