package dev.nabla.spark;

import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TrainableModel;
import java.io.Serializable;

/**
 * A model's parameters (and, for periodic averaging, its optimizer state and step count) as the executors receive
 * them: one flat vector, in floats for float models (the values are floats already, so nothing is rounded).
 */
final class Shipped implements Serializable {
    private static final long serialVersionUID = 1L;
    private final float[] f;
    private final double[] d;
    final long step;

    private Shipped(float[] f, double[] d, long step) {
        this.f = f;
        this.d = d;
        this.step = step;
    }

    static Shipped of(double[] v, boolean floats, long step) {
        if (!floats) return new Shipped(null, v, step);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return new Shipped(f, null, step);
    }

    int length() { return f != null ? f.length : d.length; }

    /** Copies {@code length} values from {@code from} into {@code dst}. */
    void copy(int from, double[] dst) {
        if (f != null) for (int i = 0; i < dst.length; i++) dst[i] = f[from + i];
        else System.arraycopy(d, from, dst, 0, dst.length);
    }

    /** The layout of a model's values in a flat vector: parameters, then (with state) optimizer state buffers. */
    static final class Layout implements Serializable {
        private static final long serialVersionUID = 1L;
        final int[] paramSize, stateSize;
        final int paramTotal, total;
        final boolean floats;

        Layout(ModelSignature s, boolean withState) {
            paramSize = new int[s.params().size()];
            int n = 0;
            for (int p = 0; p < paramSize.length; p++) n += paramSize[p] = s.params().get(p).size();
            paramTotal = n;
            stateSize = new int[withState ? s.optimizerState().size() : 0];
            for (int i = 0; i < stateSize.length; i++) n += stateSize[i] = s.stateParam(i).size();
            total = n;
            floats = !"double".equals(s.precision());
        }

        double[] read(TrainableModel m) {
            double[] v = new double[total];
            int off = 0;
            for (int p = 0; p < paramSize.length; p++) {
                double[] t = new double[paramSize[p]];
                m.getParam(p, t);
                System.arraycopy(t, 0, v, off, t.length);
                off += t.length;
            }
            for (int i = 0; i < stateSize.length; i++) {
                double[] t = new double[stateSize[i]];
                m.getOptimizerState(i, t);
                System.arraycopy(t, 0, v, off, t.length);
                off += t.length;
            }
            return v;
        }

        void write(Shipped v, TrainableModel m) {
            int off = 0;
            for (int p = 0; p < paramSize.length; p++) {
                double[] t = new double[paramSize[p]];
                v.copy(off, t);
                m.setParam(p, t);
                off += t.length;
            }
            for (int i = 0; i < stateSize.length; i++) {
                double[] t = new double[stateSize[i]];
                v.copy(off, t);
                m.setOptimizerState(i, t);
                off += t.length;
            }
        }

        /** Writes {@code v / divisor} into the model's parameters and optimizer state. */
        void write(double[] v, double divisor, TrainableModel m) {
            int off = 0;
            for (int p = 0; p < paramSize.length; p++) {
                double[] t = new double[paramSize[p]];
                for (int i = 0; i < t.length; i++) t[i] = v[off + i] / divisor;
                m.setParam(p, t);
                off += t.length;
            }
            for (int i = 0; i < stateSize.length; i++) {
                double[] t = new double[stateSize[i]];
                for (int k = 0; k < t.length; k++) t[k] = v[off + k] / divisor;
                m.setOptimizerState(i, t);
                off += t.length;
            }
        }

        /** The model's gradients, flat. */
        float[] gradientFloats(TrainableModel m) {
            float[] g = new float[paramTotal];
            int off = 0;
            for (int p = 0; p < paramSize.length; p++) {
                double[] t = new double[paramSize[p]];
                m.getGradient(p, t);
                for (int i = 0; i < t.length; i++) g[off + i] = (float) t[i];
                off += t.length;
            }
            return g;
        }

        double[] gradientDoubles(TrainableModel m) {
            double[] g = new double[paramTotal];
            int off = 0;
            for (int p = 0; p < paramSize.length; p++) {
                double[] t = new double[paramSize[p]];
                m.getGradient(p, t);
                System.arraycopy(t, 0, g, off, t.length);
                off += t.length;
            }
            return g;
        }

        /** Sets the model's gradients to {@code v / divisor}. */
        void setGradients(double[] v, double divisor, TrainableModel m) {
            int off = 0;
            for (int p = 0; p < paramSize.length; p++) {
                double[] t = new double[paramSize[p]];
                for (int i = 0; i < t.length; i++) t[i] = v[off + i] / divisor;
                m.setGradient(p, t);
                off += t.length;
            }
        }
    }
}
