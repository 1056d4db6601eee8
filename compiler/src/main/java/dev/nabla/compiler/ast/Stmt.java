package dev.nabla.compiler.ast;

import dev.nabla.compiler.diag.Span;
import java.util.List;

/** A statement of a {@code model} block. */
public sealed interface Stmt {
    Span span();

    /** {@code input x[4]}: one example of an input; the batch axis is implicit. */
    record Input(String name, Span nameSpan, Shape shape, Span span) implements Stmt {}

    /** {@code target y[3]} or {@code target y: class(3)}; {@code classes} is 0 for a tensor target. */
    record Target(String name, Span nameSpan, Shape shape, int classes, Span span) implements Stmt {
        public boolean isClass() { return classes > 0; }
    }

    /** {@code param W[16, 4] init xavier}; {@code init} is null when the default applies. */
    record Param(String name, Span nameSpan, Shape shape, Init init, Span span) implements Stmt {}

    /** {@code h = tanh(W @ x + b)}. */
    record Let(String name, Span nameSpan, Expr value, Span span) implements Stmt {}

    /** {@code output probs = softmax(logits)} or {@code output h}; {@code value} is null in the second form. */
    record Output(String name, Span nameSpan, Expr value, Span span) implements Stmt {}

    /** {@code loss cross_entropy(logits, y)}: the loss of one example, averaged over the batch. */
    record Loss(Expr value, Span span) implements Stmt {}

    /** A parameter initializer such as {@code xavier} or {@code normal(std: 0.1)}. */
    record Init(String scheme, Span schemeSpan, List<Expr.Arg> args, Span span) {
        public Init {
            args = List.copyOf(args);
        }
    }

    /** A per-example shape written as {@code [16, 4]}; {@code []} is a scalar. */
    record Shape(List<Integer> dims, Span span) {
        public Shape {
            dims = List.copyOf(dims);
        }

        public int[] toArray() { return dims.stream().mapToInt(Integer::intValue).toArray(); }

        @Override
        public String toString() {
            return dims.toString().replace(" ", "");
        }
    }
}
