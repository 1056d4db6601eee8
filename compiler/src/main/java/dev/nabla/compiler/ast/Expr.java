package dev.nabla.compiler.ast;

import dev.nabla.compiler.diag.Span;
import java.util.List;

/** An expression of the model language, for one example. Immutable; every node keeps its span. */
public sealed interface Expr {
    Span span();

    /** A numeric literal. */
    record Num(double value, String text, Span span) implements Expr {}

    /** A reference to an input, target, parameter or named value. */
    record Name(String name, Span span) implements Expr {}

    /** {@code -x}. */
    record Neg(Expr operand, Span span) implements Expr {}

    /** {@code a + b}, {@code a - b}, {@code a * b}, {@code a / b}, {@code a @ b}, {@code a ** b}. */
    record Binary(BinaryOp op, Expr left, Expr right, Span span, Span opSpan) implements Expr {}

    /** {@code x.T}. */
    record Transpose(Expr operand, Span span) implements Expr {}

    /** {@code f(a, b, key: c)}. */
    record Call(String function, Span nameSpan, List<Arg> args, Span span) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** One argument of a call; {@code name} is null for positional arguments. */
    record Arg(String name, Span nameSpan, Expr value) {}

    enum BinaryOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MATMUL("@"), POW("**");

        public final String symbol;

        BinaryOp(String symbol) { this.symbol = symbol; }
    }
}
