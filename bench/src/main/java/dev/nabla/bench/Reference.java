package dev.nabla.bench;

import java.util.Random;

/**
 * The reference models B1-B4 and their synthetic data, defined exactly like the hand-written and
 * framework baselines they are compared with: float32, batch size per model, 16 fixed batches of
 * x ~ N(0,1) from {@code java.util.Random(42)}, targets from a random linear teacher.
 */
enum Reference {
    B1("iris-mlp", new int[] {4, 16, 3}, Kind.SOFTMAX_CE, 16),
    B2("mnist-mlp", new int[] {784, 256, 128, 10}, Kind.SOFTMAX_CE, 128),
    B3("deep-narrow", new int[] {32, 64, 64, 64, 64, 1}, Kind.MSE, 32),
    B4("logreg", new int[] {20, 1}, Kind.SIGMOID_BCE, 32);

    enum Kind { SOFTMAX_CE, MSE, SIGMOID_BCE }

    static final int NUM_BATCHES = 16;
    static final long SEED = 42L;

    final String title;
    final int[] sizes;
    final Kind kind;
    final int batch;

    Reference(String title, int[] sizes, Kind kind, int batch) {
        this.title = title;
        this.sizes = sizes;
        this.kind = kind;
        this.batch = batch;
    }

    int in() { return sizes[0]; }

    int out() { return sizes[sizes.length - 1]; }

    /** Nominal flops of one step: three times the forward matrix products (forward, dX, dW). */
    double stepFlops() { return stepFlops(batch); }

    double stepFlops(int b) {
        double f = 0;
        for (int l = 0; l + 1 < sizes.length; l++) f += 2.0 * b * sizes[l] * sizes[l + 1];
        return 3 * f;
    }

    String modelFile() { return "/models/" + name().toLowerCase() + ".nabla"; }

    /** Batches of inputs [batch][in], class indices [batch] and real targets [batch][1]. */
    record Data(float[][][] x, int[][] classes, float[][][] targets) {}

    Data data() { return data(batch); }

    /** The same data recipe with another batch size (for the thread-scaling runs). */
    Data data(int b) {
        Random r = new Random(SEED);
        int in = in(), out = out();
        int teacherOut = kind == Kind.SOFTMAX_CE ? out : 1;
        float[] t = new float[in * teacherOut];
        for (int i = 0; i < t.length; i++) t[i] = (float) (r.nextGaussian() / Math.sqrt(in));
        float[][][] x = new float[NUM_BATCHES][b][in];
        int[][] cls = new int[NUM_BATCHES][b];
        float[][][] y = new float[NUM_BATCHES][b][1];
        for (int q = 0; q < NUM_BATCHES; q++) {
            for (int e = 0; e < b; e++) for (int k = 0; k < in; k++) x[q][e][k] = (float) r.nextGaussian();
            for (int e = 0; e < b; e++) {
                int best = 0;
                float bestV = Float.NEGATIVE_INFINITY, first = 0;
                for (int j = 0; j < teacherOut; j++) {
                    float s = 0;
                    for (int k = 0; k < in; k++) s += x[q][e][k] * t[k * teacherOut + j];
                    if (j == 0) first = s;
                    if (s > bestV) {
                        bestV = s;
                        best = j;
                    }
                }
                switch (kind) {
                    case SOFTMAX_CE -> cls[q][e] = best;
                    case MSE -> y[q][e][0] = (float) Math.tanh(first);
                    case SIGMOID_BCE -> y[q][e][0] = first > 0 ? 1f : 0f;
                }
            }
        }
        return new Data(x, cls, y);
    }
}
