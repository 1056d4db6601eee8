package dev.nabla.compiler.ir.ops;

import dev.nabla.compiler.codegen.KernelWriter;
import dev.nabla.compiler.ir.EvalContext;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.KernelOp;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.ShapeException;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.Tensor;
import java.util.List;

/**
 * A batch of examples of an input or a target, staged by the caller into the model's input buffer.
 * A leaf: its value comes from outside, so evaluation and emission have nothing to do.
 */
public record Input(String inputName, boolean isTarget, TType valueType) implements KernelOp {
    @Override public String name() { return isTarget ? "target" : "input"; }
    @Override public String attributes() { return inputName; }
    @Override public TType inferType(List<TType> in) throws ShapeException { return valueType; }
    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        throw new IllegalStateException("the interpreter binds input " + inputName + " directly");
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(); }
    @Override public void emit(KernelWriter w, Node node) {
        // staged by the caller
    }
}
