import java.util.Locale;
import java.util.Random;

/**
 * Writes the noisy-sine regression data of this sample as CSV to standard output:
 * {@code y = sin(3x) + 0.3x + noise} for x in [-2, 2], from a fixed seed.
 *
 * <p>Run with {@code java MakeSine.java > sine.csv}.
 */
public class MakeSine {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < n; i++) {
            double x = -2 + 4 * r.nextDouble();
            double y = Math.sin(3 * x) + 0.3 * x + 0.05 * r.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%.5f,%.5f%n", x, y));
        }
        System.out.print(sb);
    }
}
