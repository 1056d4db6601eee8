package dev.nabla.compiler.property;

import java.util.Random;

/** How the values of one input, target or parameter are drawn from the property's random source. */
sealed interface ValueSpec {
    /** {@code rows} rows of {@code size} values each, row-major. */
    double[] draw(Random r, int rows, int size);

    ValueSpec UNIT = new Uniform(-1, 1);

    /** Uniform in [lo, hi]. */
    record Uniform(double lo, double hi) implements ValueSpec {
        public double[] draw(Random r, int rows, int size) {
            double[] v = new double[rows * size];
            for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * r.nextDouble();
            return v;
        }
    }

    /** Uniform magnitude in [margin, 1] with a random sign: kinks at zero stay {@code margin} away. */
    record AwayFromZero(double margin) implements ValueSpec {
        public double[] draw(Random r, int rows, int size) {
            double[] v = new double[rows * size];
            for (int i = 0; i < v.length; i++) {
                double m = margin + (1 - margin) * r.nextDouble();
                v[i] = r.nextBoolean() ? m : -m;
            }
            return v;
        }
    }

    /**
     * Values outside [lo, hi] by at least {@code gap} (each element above or below, at random): a target
     * for a prediction known to lie in [lo, hi], so that |prediction - target| stays away from zero.
     */
    record Outside(double lo, double hi, double gap) implements ValueSpec {
        public double[] draw(Random r, int rows, int size) {
            double[] v = new double[rows * size];
            for (int i = 0; i < v.length; i++) {
                double d = gap + r.nextDouble();
                v[i] = r.nextBoolean() ? hi + d : lo - d;
            }
            return v;
        }
    }

    /** A probability distribution per example: positive values that sum to one. */
    record Distribution() implements ValueSpec {
        public double[] draw(Random r, int rows, int size) {
            double[] v = new double[rows * size];
            for (int row = 0; row < rows; row++) {
                double s = 0;
                for (int i = 0; i < size; i++) s += v[row * size + i] = 0.05 + r.nextDouble();
                for (int i = 0; i < size; i++) v[row * size + i] /= s;
            }
            return v;
        }
    }

    /** A class index per example. */
    record ClassIndex(int classes) implements ValueSpec {
        public double[] draw(Random r, int rows, int size) {
            double[] v = new double[rows];
            for (int i = 0; i < rows; i++) v[i] = r.nextInt(classes);
            return v;
        }
    }
}
