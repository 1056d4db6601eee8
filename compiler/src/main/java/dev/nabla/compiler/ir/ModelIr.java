package dev.nabla.compiler.ir;

import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.diag.Span;
import dev.nabla.runtime.InitSpec;
import java.util.List;

/**
 * A checked model: its declared inputs, targets, parameters and outputs (by name, in declaration
 * order) and the IR graph that computes them. Graph roots: {@code output:NAME}, {@code loss} (per
 * example), {@code objective} (batch mean), and after differentiation {@code grad:PARAM} (and
 * {@code grad_input:NAME} when input gradients were asked for).
 */
public record ModelIr(String name, SourceFile source, Graph graph, List<Decl> inputs, List<Decl> targets,
                      List<Decl> params, List<Decl> outputs) {

    /** One declared value. {@code init} is set for parameters only. */
    public record Decl(String name, TType type, Span span, InitSpec init) {}

    public ModelIr {
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        params = List.copyOf(params);
        outputs = List.copyOf(outputs);
    }

    public ModelIr withGraph(Graph g) { return new ModelIr(name, source, g, inputs, targets, params, outputs); }

    public static String outputRoot(String name) { return "output:" + name; }

    public static String gradRoot(String param) { return "grad:" + param; }

    public static String inputGradRoot(String input) { return "grad_input:" + input; }

    public static final String LOSS = "loss";
    public static final String OBJECTIVE = "objective";
}
