package dev.nabla.compiler.ir.emit;

import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;

/**
 * What a {@linkplain dev.nabla.compiler.ir.KernelOp kernel op}'s emission rule writes through: the body of
 * one generated method. Buffers are {@code T[rows][cols]} (see {@link Storage}); {@code n} is the number of
 * examples of the current batch. Code generation implements it.
 */
public interface KernelContext {
    /** The local that every generated method using it declares as {@code 1 / n} in the element type. */
    String INV_N = "invN";
    /** The element type of the generated code. */
    Num num();

    /** The local holding {@code node}'s buffer ({@code T[][]}, or {@code int[]} for class indices). */
    String buf(Node node);

    /** Number of storage rows of {@code node}: {@code n} (the batch) or a constant. */
    String rows(Node node);

    /** A fresh local name. */
    String var(String base);

    /** The local holding {@code 1 / n} in the element type ({@link #INV_N}). */
    default String invN() { return INV_N; }

    /**
     * A scratch buffer of the generated class ({@code T[rows][cols]}, or one row per example when
     * {@code batchRows}), allocated once with the model; returns the local that holds it.
     */
    String scratch(String base, boolean batchRows, int rows, int cols);

    /** Writes one statement (the semicolon is added). */
    void line(String statement);

    /** Opens a block such as {@code for (...)}; {@link #close()} ends it. */
    void open(String header);

    void close();

    /** Fills {@code node}'s buffer with {@code value}: one row (inside a loop over the batch) or all rows. */
    default void fill(Node node, String batchVar, String value) {
        String b = buf(node);
        if (batchVar != null) {
            line("java.util.Arrays.fill(" + b + "[" + batchVar + "], " + value + ")");
            return;
        }
        String r = var("r");
        open("for (int " + r + " = 0; " + r + " < " + rows(node) + "; " + r + "++)");
        line("java.util.Arrays.fill(" + b + "[" + r + "], " + value + ")");
        close();
    }
}
