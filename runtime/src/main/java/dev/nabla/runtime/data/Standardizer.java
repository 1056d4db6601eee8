package dev.nabla.runtime.data;

/**
 * Per-feature standardization {@code (x - mean) / std}, with statistics fitted on one dataset (the
 * training split only, so nothing leaks from validation or test data) and applied to any other with
 * the same features. The standard deviation is the population one (divided by n); a constant feature
 * gets std 1, so it is only centred.
 */
public final class Standardizer {
    private static final String JSON_SOURCE = "standardizer JSON";
    private static final int FORMAT_VERSION = 1;

    private final double[] mean;
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * The statistics of {@code train}'s features.
     *
     * @throws IllegalArgumentException when {@code train} has no examples
     */
    public static Standardizer fit(Dataset train) {
        float[][] x = train.features();
        int d = train.featureCount();
        if (x.length == 0) throw new IllegalArgumentException("cannot fit a standardizer on an empty dataset");
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            float min = x[0][j];
            float max = x[0][j];
            for (float[] row : x) {
                sum += row[j];
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            if (min == max) {               // constant: exact mean, std 0 → 1
                mean[j] = min;
                std[j] = 1;
                continue;
            }
            mean[j] = sum / x.length;
            double squares = 0;
            for (float[] row : x) {
                double dev = row[j] - mean[j];
                squares += dev * dev;
            }
            std[j] = Math.sqrt(squares / x.length);
        }
        return new Standardizer(mean, std);
    }

    /** The number of features. */
    public int featureCount() { return mean.length; }

    /** The mean of each feature (a copy). */
    public double[] mean() { return mean.clone(); }

    /** The standard deviation used for each feature, never 0 (a copy). */
    public double[] std() { return std.clone(); }

    /**
     * A new dataset with standardized features and the same target.
     *
     * @throws IllegalArgumentException when the feature count differs from the fitted one
     */
    public Dataset apply(Dataset data) {
        checkWidth(data.featureCount());
        float[][] x = data.features();
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = apply(x[i]);
        return data.withFeatures(out);
    }

    /**
     * One standardized row (a new array).
     *
     * @throws IllegalArgumentException when the row's length differs from the fitted feature count
     */
    public float[] apply(float[] row) {
        checkWidth(row.length);
        float[] out = new float[row.length];
        for (int j = 0; j < row.length; j++) out[j] = (float) ((row[j] - mean[j]) / std[j]);
        return out;
    }

    private void checkWidth(int d) {
        if (d != mean.length)
            throw new IllegalArgumentException("standardizer fitted on " + mean.length + " features, given " + d);
    }

    /** The statistics as a JSON object: {@code {"version":1,"mean":[...],"std":[...]}}. */
    public String toJson() {
        Dto dto = new Dto();
        dto.version = FORMAT_VERSION;
        dto.mean = mean;
        dto.std = std;
        return Json.GSON.toJson(dto);
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @throws DataException (source {@code standardizer JSON}) when the text is not such an object
     */
    public static Standardizer fromJson(String json) throws DataException {
        Dto dto = Json.read(json, Dto.class, JSON_SOURCE);
        if (dto.version != FORMAT_VERSION)
            throw DataException.of(JSON_SOURCE, "unsupported version " + dto.version + ", expected " + FORMAT_VERSION);
        if (dto.mean == null || dto.std == null) throw DataException.of(JSON_SOURCE, "needs both 'mean' and 'std'");
        if (dto.mean.length != dto.std.length)
            throw DataException.of(JSON_SOURCE, dto.mean.length + " means but " + dto.std.length + " standard deviations");
        for (int j = 0; j < dto.std.length; j++) {
            if (!Double.isFinite(dto.mean[j]) || !(dto.std[j] > 0) || !Double.isFinite(dto.std[j]))
                throw DataException.of(JSON_SOURCE, "feature " + j + ": mean " + dto.mean[j] + ", std " + dto.std[j]
                        + " (need a finite mean and a positive finite std)");
        }
        return new Standardizer(dto.mean, dto.std);
    }

    /** The JSON shape. */
    private static final class Dto {
        int version;
        double[] mean;
        double[] std;
    }
}
