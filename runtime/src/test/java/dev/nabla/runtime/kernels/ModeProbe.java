package dev.nabla.runtime.kernels;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The elementwise kernels on a fixed input, for {@link ExecutionModeDeterminismTest}: run as a main class in
 * a forked JVM (with {@code -Xint}) it writes the results' bits to a file, and the test compares them with
 * what the JIT-compiled kernels of the test JVM give. The input holds special values, extremes, tiny and
 * subnormal numbers and random values at every scale, cut into rows of every length from 1 to 53 (three
 * 16-float vectors and 5: rows shorter than a vector, whole vectors and tails), every other row in place.
 */
public final class ModeProbe {
    /** The functions, in the order their results are written. */
    static final String[] FUNCTIONS = {"exp", "log", "tanh", "sigmoid", "swish"};
    static final int MAX_ROW = 53;

    private ModeProbe() {}

    /** Usage: {@code ModeProbe <output file>}; writes the plain results, then the vector ones if present. */
    public static void main(String[] args) throws IOException {
        float[] x = input();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(Path.of(args[0]))))) {
            write(out, results(Kernels.plain(), x));
            KernelProvider vector = Kernels.vectorOrNull();
            out.writeBoolean(vector != null);
            if (vector != null) write(out, results(vector, x));
        }
    }

    /** Special values and extremes, then random values: 4096 floats, the same in every JVM. */
    static float[] input() {
        float[] special = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
            Float.intBitsToFloat(0x7fa00001), Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e-40f, -1e-40f, 1e-30f, -1e-30f, 1e-7f, -1e-7f, 1f, -1f, 0.5f, -0.5f,
            1f - 0x1p-24f, 1f + 0x1p-23f, 0.70710677f, 0.7071067f, 2f, 10f, -10f, 9f, -9f, 9.02f, -9.02f, 0.999f, 1.001f,
            88.72283f, 88.72284f, 88.7f, 88.8f, 89f, 100f, -87.33654f, -87.34f, -88.7f, -88.8f, -103.9f, -103.97f,
            -104f, -104.5f, -200f, 200f, 1e30f, -1e30f, 0.625f, -0.625f};
        float[] x = Arrays.copyOf(special, 4096);
        Random r = new Random(20240611);
        for (int i = special.length; i < x.length; i++) {
            x[i] = switch (i % 5) {
                case 0 -> Float.intBitsToFloat(r.nextInt()); // any float, NaN payloads included
                case 1 -> 220 * r.nextFloat() - 110;
                case 2 -> (float) r.nextGaussian() * 3;
                case 3 -> (float) Math.scalb(r.nextFloat(), r.nextInt(150) - 140) * (r.nextBoolean() ? 1 : -1);
                default -> 24 * r.nextFloat() - 12;
            };
        }
        return x;
    }

    /** Each function over x in rows of lengths 1, 2, ..., MAX_ROW, 1, 2, ...; every other row in place. */
    static List<float[]> results(KernelProvider k, float[] x) {
        List<float[]> all = new ArrayList<>();
        for (String f : FUNCTIONS) {
            float[] y = new float[x.length];
            int row = 0;
            for (int from = 0, n = 1; from < x.length; from += n, n = n % MAX_ROW + 1, row++) {
                n = Math.min(n, x.length - from);
                float[] in = Arrays.copyOfRange(x, from, from + n);
                float[] out = row % 2 == 0 ? in : new float[n];
                apply(k, f, in, out, n);
                System.arraycopy(out, 0, y, from, n);
            }
            all.add(y);
        }
        return all;
    }

    static void apply(KernelProvider k, String f, float[] in, float[] out, int n) {
        switch (f) {
            case "exp" -> k.exp(in, out, n);
            case "log" -> k.log(in, out, n);
            case "tanh" -> k.tanh(in, out, n);
            case "sigmoid" -> k.sigmoid(in, out, n);
            case "swish" -> k.swish(in, out, n);
            default -> throw new IllegalArgumentException(f);
        }
    }

    private static void write(DataOutputStream out, List<float[]> results) throws IOException {
        for (float[] y : results) {
            out.writeInt(y.length);
            for (float v : y) out.writeInt(Float.floatToRawIntBits(v));
        }
    }

    static List<float[]> read(java.io.DataInputStream in) throws IOException {
        List<float[]> all = new ArrayList<>();
        for (int f = 0; f < FUNCTIONS.length; f++) {
            float[] y = new float[in.readInt()];
            for (int i = 0; i < y.length; i++) y[i] = Float.intBitsToFloat(in.readInt());
            all.add(y);
        }
        return all;
    }

}
