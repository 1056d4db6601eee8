package dev.nabla.compiler.ir.emit;

import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;

/**
 * What a {@linkplain dev.nabla.compiler.ir.RowOp row op}'s emission rule writes through: its part of a row
 * unit, one loop over the examples of the batch whose body runs phases, each a loop over the elements of
 * one example (or straight-line code for one element). An op sees the current example and element, its
 * operands at that point, and four places for statements: before the loop over the examples, and per
 * example before, inside and after its phase's element loop. It gives its value with {@link #define} (per
 * element) or {@link #defineAfterLoop} (per example, e.g. a reduction); code generation decides whether that
 * value lives in a local or also goes to a buffer. Code generation implements it.
 */
public interface RowContext {
    /** The element type of the generated code. */
    Num num();

    /** The loop variable over the examples. */
    String example();

    /**
     * The flat (row-major) index of the current element within the node's
     * {@linkplain dev.nabla.compiler.ir.RowOp#rowSpace row space}; {@code "0"} when the phase has one element.
     */
    String element();

    /** Input {@code i} at the current element, read with broadcasting against the node's row space. */
    String operand(int i);

    /** Input {@code i}'s element with the current flat index, in the input's own layout. */
    String operandFlat(int i);

    /**
     * The local holding input {@code i}'s whole row for the current example ({@code T[]}); the op must
     * declare that it reads the whole row ({@link dev.nabla.compiler.ir.RowOp#readsWholeRow}).
     */
    String row(int i);

    /** The local holding a node's buffer ({@code T[][]}, or {@code int[]} for class indices). */
    String buf(Node node);

    /** A fresh local name. */
    String var(String base);

    /** The local holding {@code 1 / n} in the element type. */
    default String invN() { return KernelContext.INV_N; }

    /** A statement run once, before the loop over the examples. */
    void beforeExamples(String statement);

    /** A statement run for each example, before this phase's element loop. */
    void beforeLoop(String statement);

    /** A statement run for each element of this phase. */
    void inLoop(String statement);

    /** A statement run for each example, after this phase's element loop. */
    void afterLoop(String statement);

    /** The node's value at the current element (a Java expression of the element type). */
    void define(String expression);

    /** The node's value for the current example, known after the element loop (a reduction's result). */
    void defineAfterLoop(String expression);
}
