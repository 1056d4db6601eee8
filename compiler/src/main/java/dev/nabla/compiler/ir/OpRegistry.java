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

    /** A language function that is one parameterless elementwise op applied to its argument. */
    public record Function(String name, String summary, Op op) {}

    /**
     * The language functions that are one op each: the model language gets {@code name(x)} from this line
     * alone, and the op's rules are tested through its sample like every other's.
     */
    public static List<Function> functions() {
        return List.of(
                new Function("exp", "e to the power x", new Exp()),
                new Function("log", "natural logarithm", new Log()),
                new Function("sqrt", "square root", new Sqrt()),
                new Function("abs", "absolute value", new Abs()),
                new Function("sigmoid", "logistic sigmoid 1 / (1 + exp(-x))", new Sigmoid()),
                new Function("tanh", "hyperbolic tangent", new Tanh()),
                new Function("relu", "max(x, 0)", new Relu()),
                new Function("softplus", "log(1 + exp(x)), computed without overflow", new Softplus()),
                new Function("softsign", "x / (1 + |x|)", new Softsign()));
    }

    private static TType v(int n) { return TType.real(true, n); }

    private static TType m(int r, int c) { return TType.real(false, r, c); }

    public static List<Sample> samples() {
        TType x = v(3);
        TType p = TType.real(false, 3);
        List<Sample> all = new java.util.ArrayList<>();
        for (Function f : functions()) all.add(new Sample(f.op(), List.of(x)));
        all.addAll(List.of(
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
                new Sample(new Sign(), List.of(x)),
                new Sample(new LeakyRelu(0.1), List.of(x)),
                new Sample(new Elu(1.0), List.of(x)),
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
                new Sample(new CrossEntropy(), List.of(x, x))));
        return all;
    }
}
