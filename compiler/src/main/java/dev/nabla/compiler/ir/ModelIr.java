package dev.nabla.compiler.ir;

import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.diag.Span;
import dev.nabla.runtime.InitSpec;
import java.util.List;
import java.util.Map;

/**
 * A checked model: its declared inputs, targets, parameters and outputs (by name, in declaration
 * order) and the IR graph that computes them, with its {@link Root roots}: the outputs, the loss and
 * the objective, and after differentiation the gradients. {@code statementNames} maps the line of each
 * named statement to its name.
 */
public record ModelIr(String name, SourceFile source, Graph graph, List<Decl> inputs, List<Decl> targets,
                      List<Decl> params, List<Decl> outputs, Map<Integer, String> statementNames) {

    /** One declared value. {@code init} is set for parameters only. */
    public record Decl(String name, TType type, Span span, InitSpec init) {}

    public ModelIr {
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        params = List.copyOf(params);
        outputs = List.copyOf(outputs);
        statementNames = Map.copyOf(statementNames);
    }

    public ModelIr withGraph(Graph g) {
        return new ModelIr(name, source, g, inputs, targets, params, outputs, statementNames);
    }

    /**
     * The name a model statement gives its value ({@code h} for {@code h = tanh(...)}, {@code loss} for the
     * loss), by the line a node's span starts on; null when the line holds no such statement. Generated code
     * names its intermediate buffers after it.
     */
    public String statementName(Node n) {
        return n.span().isKnown() ? statementNames.get(n.span().line()) : null;
    }
}
