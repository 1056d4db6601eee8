package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Leaf;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import java.util.List;

/** A batch of examples of an input or a target, staged by the caller into the model's input buffer. */
public record Input(String inputName, boolean isTarget, TType valueType) implements Leaf {
    @Override public String name() { return isTarget ? "target" : "input"; }
    @Override public String attributes() { return inputName; }
    @Override public Kind leafKind() { return isTarget ? Kind.TARGET : Kind.INPUT; }
    @Override public String leafName() { return inputName; }
    @Override public TType inferType(List<TType> in) throws ShapeException { return valueType; }
    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        throw new IllegalStateException("the interpreter binds input " + inputName + " directly");
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(); }
}
