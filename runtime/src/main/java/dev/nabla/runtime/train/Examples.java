package dev.nabla.runtime.train;

/**
 * Examples for a model with one input and one target: features {@code x} (one row per example) and
 * either class indices or real-valued target rows (or neither, for prediction).
 */
public record Examples(float[][] x, int[] classes, float[][] targets) {
    public Examples {
        if (classes != null && classes.length != x.length) {
            throw new IllegalArgumentException(x.length + " feature rows but " + classes.length + " class labels");
        }
        if (targets != null && targets.length != x.length) {
            throw new IllegalArgumentException(x.length + " feature rows but " + targets.length + " target rows");
        }
    }

    public static Examples classification(float[][] x, int[] classes) { return new Examples(x, classes, null); }

    public static Examples regression(float[][] x, float[][] targets) { return new Examples(x, null, targets); }

    public static Examples unlabeled(float[][] x) { return new Examples(x, null, null); }

    public int size() { return x.length; }

    public boolean hasClasses() { return classes != null; }

    public boolean hasTargets() { return targets != null; }

    /** The examples at the given rows, in that order. */
    public Examples select(int[] rows) {
        float[][] sx = new float[rows.length][];
        int[] sc = classes == null ? null : new int[rows.length];
        float[][] st = targets == null ? null : new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            sx[i] = x[rows[i]];
            if (sc != null) sc[i] = classes[rows[i]];
            if (st != null) st[i] = targets[rows[i]];
        }
        return new Examples(sx, sc, st);
    }
}
