package dev.nabla.compiler.ir;

import dev.nabla.compiler.ir.ops.*;
import java.util.List;

/**
 * Every primitive of the IR with a sample use (an instance and operand types), so that tests can
 * exercise all four rules of each: shape, reference evaluation, derivative and emission. Adding a
 * primitive means adding its class to {@code ir.ops} and a line here; the registry test fails when a
 * class of {@code ir.ops} is missing or a rule does not work.
 */
public final class OpRegistry {
    private OpRegistry() {}

    /** An op with operand types that it accepts. */
    public record Sample(Op op, List<TType> operands) {}

    private static TType v(int n) { return TType.real(true, n); }

    private static TType m(int r, int c) { return TType.real(false, r, c); }

    public static List<Sample> samples() {
        TType x = v(3);
        TType p = TType.real(false, 3);
        return List.of(
                new Sample(new Add(), List.of(x, p)),
                new Sample(new Sub(), List.of(x, x)),
                new Sample(new Mul(), List.of(x, p)),
                new Sample(new Div(), List.of(x, p)),
                new Sample(new Pow(), List.of(x, p)),
                new Sample(new Maximum(), List.of(x, p)),
                new Sample(new Minimum(), List.of(x, p)),
                new Sample(new Greater(), List.of(x, p)),
                new Sample(new GreaterEq(), List.of(x, p)),
                new Sample(new Equal(), List.of(x, p)),
                new Sample(new Select(), List.of(x, x, p)),
                new Sample(new Bce(), List.of(x, x)),
                new Sample(new Neg(), List.of(x)),
                new Sample(new Exp(), List.of(x)),
                new Sample(new Log(), List.of(x)),
                new Sample(new Sqrt(), List.of(x)),
                new Sample(new Abs(), List.of(x)),
                new Sample(new Sign(), List.of(x)),
                new Sample(new Tanh(), List.of(x)),
                new Sample(new Sigmoid(), List.of(x)),
                new Sample(new Relu(), List.of(x)),
                new Sample(new LeakyRelu(0.1), List.of(x)),
                new Sample(new Elu(1.0), List.of(x)),
                new Sample(new Softplus(), List.of(x)),
                new Sample(new Erf(), List.of(x)),
                new Sample(new PowConst(3), List.of(x)),
                new Sample(new Clamp(-0.5, 0.5), List.of(x)),
                new Sample(new Huber(1.0), List.of(x)),
                new Sample(new StopGradient(), List.of(x)),
                new Sample(new Broadcast(TType.real(true, 2, 3)), List.of(p)),
                new Sample(new Constant(2.5), List.of()),
                new Sample(new InvBatch(), List.of()),
                new Sample(new Input("x", false, x), List.of()),
                new Sample(new Param("W", m(2, 3)), List.of()),
                new Sample(new Reduce(Reduce.Kind.SUM, List.of(1), false), List.of(TType.real(true, 2, 3))),
                new Sample(new Reduce(Reduce.Kind.MAX, List.of(0), true), List.of(TType.real(true, 2, 3))),
                new Sample(new SumBatch(), List.of(x)),
                new Sample(new Reshape(new int[] {3, 1}), List.of(x)),
                new Sample(new Transpose(), List.of(TType.real(true, 2, 3))),
                new Sample(new OneHot(3), List.of(TType.classIndex(3))),
                new Sample(new MatMul(false, true, new int[] {2}), List.of(x, m(2, 3))),
                new Sample(new BatchedMatMul(false, false), List.of(TType.real(true, 2, 3), m(3, 2))),
                new Sample(new Softmax(0), List.of(x)),
                new Sample(new Softmax(0), List.of(TType.real(true, 3, 2))),
                new Sample(new LogSoftmax(1), List.of(TType.real(true, 2, 3))),
                new Sample(new CrossEntropy(), List.of(x, TType.classIndex(3))),
                new Sample(new CrossEntropy(), List.of(x, x)));
    }
}
