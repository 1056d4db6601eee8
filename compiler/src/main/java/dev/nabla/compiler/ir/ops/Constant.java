package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import java.util.List;

/** A scalar constant; broadcasting makes it any shape. */
public record Constant(double value) implements ElementwiseOp {
    @Override public int arity() { return 0; }
    @Override public String name() { return "const"; }
    @Override public String attributes() { return Double.toString(value); }
    @Override public TType inferType(List<TType> in) throws ShapeException {
        if (!in.isEmpty()) throw new ShapeException("a constant takes no operands");
        return TType.scalar();
    }
    @Override public double apply(double[] a) { return value; }
    @Override public String emit(Num num, String[] a) { return num.lit(value); }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(); }

    /** The value of a constant node, or null when {@code n} is not a constant. */
    public static Double valueOf(Node n) { return n.op() instanceof Constant c ? c.value() : null; }

    /** Whether {@code n} is the constant {@code v}. */
    public static boolean is(Node n, double v) {
        Double c = valueOf(n);
        return c != null && c == v;
    }
}
