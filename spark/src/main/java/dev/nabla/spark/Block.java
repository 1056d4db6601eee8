package dev.nabla.spark;

import java.io.Serializable;

/**
 * The examples one partition holds: the training (or validation) rows numbered {@code start} to
 * {@code start + size() - 1} in the order of the split, features already encoded and standardized.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;
    final int index;
    final int start;
    final float[][] x;
    /** Class indices, or null for real-valued targets. */
    final int[] classes;
    /** Real-valued targets, or null for class targets. */
    final float[][] targets;

    Block(int index, int start, float[][] x, int[] classes, float[][] targets) {
        this.index = index;
        this.start = start;
        this.x = x;
        this.classes = classes;
        this.targets = targets;
    }

    int size() { return x.length; }
}
