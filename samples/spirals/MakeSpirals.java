import java.util.Locale;
import java.util.Random;

/**
 * Writes the two-spirals data set of this sample as CSV to standard output: two interleaved
 * spirals (classes "inner" and "outer") with a little noise, from a fixed seed.
 *
 * <p>Run with {@code java MakeSpirals.java > spirals.csv} (Java 11 or later runs a source file directly).
 */
public class MakeSpirals {
    public static void main(String[] args) {
        int perClass = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Random r = new Random(2024);
        StringBuilder sb = new StringBuilder("x1,x2,arm\n");
        for (int i = 0; i < perClass; i++) {
            double t = 0.25 + 3.0 * Math.PI * i / perClass;   // one and a half turns
            for (int arm = 0; arm < 2; arm++) {
                double angle = t + arm * Math.PI;
                double radius = t / (3.0 * Math.PI);
                double x = radius * Math.cos(angle) + 0.02 * r.nextGaussian();
                double y = radius * Math.sin(angle) + 0.02 * r.nextGaussian();
                sb.append(String.format(Locale.ROOT, "%.5f,%.5f,%s%n", x, y, arm == 0 ? "inner" : "outer"));
            }
        }
        System.out.print(sb);
    }
}
