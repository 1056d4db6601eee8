package dev.nabla.compiler.golden;

import static org.junit.jupiter.api.Assertions.assertAll;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.golden.Golden.GTensor;
import dev.nabla.compiler.ir.Interpreter;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Root;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.Tensor;
import dev.nabla.runtime.GeneratedModel;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TrainableModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs a golden case through Nabla three ways and compares every checked value with PyTorch's:
 * generated code in double precision, generated code in float precision, and the IR reference
 * interpreter (double precision, on the optimized IR of the double compilation).
 */
final class GoldenRunner {
    private GoldenRunner() {}

    /** Who computes the values, and the tolerance that applies to it. */
    enum Engine {
        DOUBLE("double", Num.DOUBLE, Tolerance.FLOAT64),
        FLOAT("float", Num.FLOAT, Tolerance.FLOAT32),
        INTERPRETER("interpreter", Num.DOUBLE, Tolerance.FLOAT64);

        final String label;
        final Num num;
        final Tolerance tolerance;

        Engine(String label, Num num, Tolerance tolerance) {
            this.label = label;
            this.num = num;
            this.tolerance = tolerance;
        }
    }

    /**
     * One golden case as a Nabla program.
     *
     * @param text           the model file
     * @param batch          examples in the batch (1 when the model has no batched input)
     * @param params         parameter values, row-major in the declared shape
     * @param inputs         batched inputs and targets by name, the batch axis first
     * @param inputGradients whether the program needs dL/d(input)
     * @param checks         the values to compare with PyTorch
     */
    record Program(String text, int batch, Map<String, GTensor> params, Map<String, GTensor> inputs,
                   boolean inputGradients, List<Check> checks) {}

    enum Kind { OUTPUT, LOSS, GRAD, INPUT_GRAD }

    /** One checked value: an output, the loss, a parameter gradient or an input gradient. */
    record Check(Kind kind, String name, double[] expected) {
        static Check output(String name, GTensor t) { return new Check(Kind.OUTPUT, name, t.data()); }

        static Check loss(double v) { return new Check(Kind.LOSS, "loss", new double[] {v}); }

        static Check grad(String param, GTensor t) { return new Check(Kind.GRAD, param, t.data()); }

        static Check inputGrad(String input, GTensor t) { return new Check(Kind.INPUT_GRAD, input, t.data()); }

        String what() {
            return switch (kind) {
                case OUTPUT -> "output " + name;
                case LOSS -> "loss";
                case GRAD -> "dL/d" + name;
                case INPUT_GRAD -> "dL/d" + name + " (input)";
            };
        }
    }

    /** What an engine computed. */
    record Result(Map<Check, double[]> values) {}

    // ------------------------------------------------------------------ compilation cache

    private record Key(String text, Num num, boolean inputGradients) {}

    /** A compilation, or the exception compiling it threw (so a broken model text fails fast, once per case). */
    private record Compiled(Compilation compilation, RuntimeException error) {
        Compilation get() {
            if (error != null) throw error;
            return compilation;
        }
    }

    private static final Map<Key, Compiled> CACHE = new ConcurrentHashMap<>();

    /** Compiles each distinct model text once per precision (and input-gradient setting). */
    static Compilation compile(String text, Num num, boolean inputGradients) {
        return CACHE.computeIfAbsent(new Key(text, num, inputGradients), k -> {
            try {
                CompileOptions o = CompileOptions.defaults().withNum(k.num()).withInputGradients(k.inputGradients());
                return new Compiled(Compilation.compile(new SourceFile("golden.nabla", k.text()), o), null);
            } catch (RuntimeException e) {
                return new Compiled(null, e);
            }
        }).get();
    }

    // ------------------------------------------------------------------ tests

    /** The three tests of one case: {@code gelu #2 double}, {@code gelu #2 float}, {@code gelu #2 interpreter}. */
    static Stream<DynamicTest> tests(Golden.GoldenCase gc, Supplier<Program> program) {
        List<DynamicTest> out = new ArrayList<>();
        for (Engine e : Engine.values()) {
            out.add(DynamicTest.dynamicTest(gc.label() + " " + e.label, () -> check(gc, program.get(), e)));
        }
        return out.stream();
    }

    static void check(Golden.GoldenCase gc, Program p, Engine engine) {
        Result r;
        try {
            r = engine == Engine.INTERPRETER ? interpret(p) : generated(p, engine.num);
        } catch (RuntimeException e) {
            throw new AssertionError(gc + " (" + engine.label + "): " + e.getMessage() + "\nmodel:\n" + p.text(), e);
        }
        List<Executable> asserts = new ArrayList<>();
        for (Check c : p.checks()) {
            asserts.add(() -> engine.tolerance.assertClose(gc.label() + " " + engine.label + ", " + c.what(),
                    c.expected(), r.values().get(c)));
        }
        assertAll(gc + " (" + engine.label + ")\nmodel:\n" + p.text(), asserts);
    }

    // ------------------------------------------------------------------ engines

    /** Runs the generated Java: stage parameters, inputs and targets, one computeGradients over the batch. */
    static Result generated(Program p, Num num) {
        Compilation c = compile(p.text(), num, p.inputGradients());
        ModelIr ir = c.optimizedIr();
        TrainableModel m = c.newModel(p.batch());
        ModelSignature s = m.signature();
        if (!s.precision().equals(num.type())) {
            throw new IllegalStateException("compiled for " + num.type() + " but the model computes in " + s.precision());
        }
        for (Map.Entry<String, GTensor> e : p.params().entrySet()) {
            m.setParam(s.paramIndex(e.getKey()), e.getValue().data());
        }
        for (ModelIr.Decl d : ir.inputs()) {
            GTensor t = required(p, d.name());
            for (int r = 0; r < p.batch(); r++) m.setInput(s.inputIndex(d.name()), r, t.row(r));
        }
        for (ModelIr.Decl d : ir.targets()) {
            GTensor t = required(p, d.name());
            for (int r = 0; r < p.batch(); r++) m.setTarget(s.targetIndex(d.name()), r, t.row(r));
        }
        double loss = m.computeGradients(p.batch());
        Map<Check, double[]> values = new HashMap<>();
        for (Check ch : p.checks()) {
            switch (ch.kind()) {
                case LOSS -> values.put(ch, new double[] {loss});
                case OUTPUT -> {
                    int o = s.outputIndex(ch.name());
                    int size = s.outputs().get(o).size();
                    boolean batched = decl(ir.outputs(), ch.name()).type().batched();
                    int rows = batched ? p.batch() : 1;
                    double[] all = new double[rows * size];
                    double[] row = new double[size];
                    for (int r = 0; r < rows; r++) {
                        m.getOutput(o, r, row);
                        System.arraycopy(row, 0, all, r * size, size);
                    }
                    values.put(ch, all);
                }
                case GRAD -> {
                    int i = s.paramIndex(ch.name());
                    double[] g = new double[s.params().get(i).size()];
                    m.getGradient(i, g);
                    values.put(ch, g);
                }
                case INPUT_GRAD -> {
                    int i = s.inputIndex(ch.name());
                    double[] g = new double[p.batch() * s.inputs().get(i).size()];
                    ((GeneratedModel) m).getInputGradient(i, p.batch(), g);
                    values.put(ch, g);
                }
            }
        }
        return new Result(values);
    }

    /** Runs the IR reference interpreter on the optimized IR of the double-precision compilation. */
    static Result interpret(Program p) {
        Compilation c = compile(p.text(), Num.DOUBLE, p.inputGradients());
        ModelIr ir = c.optimizedIr();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (ModelIr.Decl d : ir.inputs()) inputs.put(d.name(), new Tensor(d.type(), p.batch(), required(p, d.name()).data()));
        for (ModelIr.Decl d : ir.targets()) inputs.put(d.name(), new Tensor(d.type(), p.batch(), required(p, d.name()).data()));
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (ModelIr.Decl d : ir.params()) {
            GTensor t = p.params().get(d.name());
            if (t == null) throw new IllegalArgumentException("no value for parameter " + d.name());
            params.put(d.name(), new Tensor(d.type(), p.batch(), t.data().clone()));
        }
        Map<Node, Tensor> v = Interpreter.run(ir.graph(), inputs, params, p.batch());
        Map<Check, double[]> values = new HashMap<>();
        for (Check ch : p.checks()) {
            Root root = switch (ch.kind()) {
                case LOSS -> Root.OBJECTIVE;
                case OUTPUT -> Root.output(ch.name());
                case GRAD -> Root.grad(ch.name());
                case INPUT_GRAD -> Root.inputGrad(ch.name());
            };
            values.put(ch, Interpreter.root(ir.graph(), v, root).data().clone());
        }
        return new Result(values);
    }

    private static GTensor required(Program p, String name) {
        GTensor t = p.inputs().get(name);
        if (t == null) throw new IllegalArgumentException("no value for input or target " + name);
        if (t.dim(0) != p.batch()) {
            throw new IllegalArgumentException(name + " has " + t.dim(0) + " rows; the batch is " + p.batch());
        }
        return t;
    }

    private static ModelIr.Decl decl(List<ModelIr.Decl> list, String name) {
        for (ModelIr.Decl d : list) if (d.name().equals(name)) return d;
        throw new IllegalArgumentException("no declaration " + name);
    }

    // ------------------------------------------------------------------ model text helpers

    /** A number as the model language reads it (plain decimal or with an exponent; negatives as unary minus). */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v) + ".0";
        return Double.toString(v);
    }
}
