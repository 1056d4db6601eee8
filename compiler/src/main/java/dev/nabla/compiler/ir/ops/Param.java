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

/** A trainable parameter: a leaf that the optimizer updates between steps. */
public record Param(String paramName, TType valueType) implements KernelOp {
    @Override public String name() { return "param"; }
    @Override public String attributes() { return paramName; }
    @Override public TType inferType(List<TType> in) throws ShapeException { return valueType; }
    @Override public Tensor evaluate(List<Tensor> in, EvalContext ctx) {
        throw new IllegalStateException("the interpreter binds parameter " + paramName + " directly");
    }
    @Override public List<Node> vjp(Graph g, Node node, Node up) { return List.of(); }
    @Override public void emit(KernelWriter w, Node node) {
        // lives in a field
    }
}
