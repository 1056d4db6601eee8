package dev.nabla.runtime;

import java.util.Arrays;

/**
 * The name and per-example shape of an input, target, parameter or output of a model. A class target
 * has an empty shape and {@code classes > 0}.
 */
public final class TensorSpec {
    private final String name;
    private final int[] shape;
    private final int classes;
    private final InitSpec init;
    private final boolean storedTransposed;

    public TensorSpec(String name, int[] shape, int classes, InitSpec init) {
        this(name, shape, classes, init, false);
    }

    public TensorSpec(String name, int[] shape, int classes, InitSpec init, boolean storedTransposed) {
        this.name = name;
        this.shape = shape.clone();
        this.classes = classes;
        this.init = init;
        this.storedTransposed = storedTransposed;
        if (storedTransposed && shape.length != 2) throw new IllegalArgumentException("only a matrix can be stored transposed");
    }

    /**
     * Whether the generated code keeps this matrix parameter transposed ({@code [cols][rows]}) because its
     * products run faster that way; accessors still read and write it in its declared shape.
     */
    public boolean storedTransposed() { return storedTransposed; }

    public static TensorSpec of(String name, int... shape) { return new TensorSpec(name, shape, 0, null); }

    public static TensorSpec classIndex(String name, int classes) { return new TensorSpec(name, new int[0], classes, null); }

    public String name() { return name; }
    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public boolean isClass() { return classes > 0; }
    public int classes() { return classes; }
    /** How a parameter is initialized; null for anything else. */
    public InitSpec init() { return init; }

    /** Elements per example (or in the whole parameter); 1 for a class index. */
    public int size() {
        int s = 1;
        for (int d : shape) s *= d;
        return s;
    }

    /** Shape as written in a model file, e.g. {@code [16,4]}, or {@code class(3)}. */
    public String shapeString() {
        if (isClass()) return "class(" + classes + ")";
        return Arrays.toString(shape).replace(" ", "");
    }

    @Override
    public String toString() { return name + shapeString(); }
}
