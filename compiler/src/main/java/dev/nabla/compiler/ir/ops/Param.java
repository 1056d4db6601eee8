package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Leaf;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import java.util.List;

/**
 * A trainable parameter: a leaf that the optimizer updates between steps. With {@code storedTransposed}
 * the node's value is the transpose of the declared matrix (the layout pass stores a weight that way when
 * its products run faster so); {@code valueType} is then the stored shape.
 */
public record Param(String paramName, TType valueType, boolean storedTransposed) implements Leaf {
    public Param(String paramName, TType valueType) {
        this(paramName, valueType, false);
    }

    @Override public String name() { return "param"; }
    @Override public String attributes() { return paramName + (storedTransposed ? " stored^T" : ""); }
    @Override public Kind leafKind() { return Kind.PARAM; }
    @Override public String leafName() { return paramName; }
    @Override public TType inferType(List<TType> in) throws ShapeException { return valueType; }
    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        throw new IllegalStateException("the interpreter binds parameter " + paramName + " directly");
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(); }

    @Override public Leaf transposedLeaf() {
        if (storedTransposed || valueType.rank() != 2) return null;
        return new Param(paramName, valueType.withShape(valueType.dim(1), valueType.dim(0)), true);
    }
}
