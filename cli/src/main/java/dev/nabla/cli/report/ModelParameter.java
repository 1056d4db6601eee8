package dev.nabla.cli.report;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One trainable parameter of a model, for the report's model summary: its name and its shape (an empty shape
 * is a scalar).
 *
 * @param name  the parameter's name in the model file, e.g. {@code dense1.w}
 * @param shape its dimensions, outermost first; each at least zero
 */
public record ModelParameter(String name, List<Integer> shape) {
    /**
     * @throws IllegalArgumentException when a dimension is negative
     */
    public ModelParameter {
        Objects.requireNonNull(name, "name");
        shape = List.copyOf(shape);
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("parameter " + name + ": negative dimension in " + shape);
        }
    }

    /** A parameter of the given dimensions: {@code ModelParameter.of("w", 784, 128)}. */
    public static ModelParameter of(String name, int... shape) {
        return new ModelParameter(name, Arrays.stream(shape).boxed().toList());
    }

    /** The number of values: the product of the dimensions (1 for a scalar). */
    public long size() {
        long n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /** The shape as written in reports: {@code [784, 128]}, or {@code scalar}. */
    public String shapeText() {
        if (shape.isEmpty()) return "scalar";
        return shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
}
