package dev.nabla.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.autodiff.Autodiff;
import dev.nabla.compiler.check.TrainSettings;
import dev.nabla.compiler.ir.ops.Broadcast;
import dev.nabla.compiler.ir.ops.Input;
import dev.nabla.compiler.ir.ops.InvBatch;
import dev.nabla.compiler.ir.ops.Mul;
import dev.nabla.compiler.ir.ops.Param;
import dev.nabla.compiler.ir.ops.Reduce;
import dev.nabla.compiler.ir.ops.SumBatch;
import dev.nabla.compiler.jit.JaninoCompiler;
import dev.nabla.runtime.GeneratedModel;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TrainableModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every primitive is registered, and each of its rules works on its sample use: the shape rule, the
 * reference evaluation, the derivative rule, and the emission rule, which is compiled (a model whose output
 * is the op and whose loss is the sum of its squares), run in float and double, and checked against the
 * reference evaluation: the outputs against the op's own {@code evaluate}, the gradients against the
 * interpreter on the differentiated graph.
 */
class OpRegistryTest {
    private static final int BATCH = 3;

    @Test
    void everyOpClassIsRegistered() throws IOException, URISyntaxException {
        Path dir = Path.of(dev.nabla.compiler.ir.ops.Add.class.getResource("Add.class").toURI()).getParent();
        Set<String> registered = new HashSet<>();
        for (OpRegistry.Sample s : OpRegistry.samples()) registered.add(s.op().getClass().getSimpleName());
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.contains("$")) continue;
                String simple = name.substring(0, name.length() - ".class".length());
                try {
                    Class<?> c = Class.forName("dev.nabla.compiler.ir.ops." + simple);
                    if (Op.class.isAssignableFrom(c) && !c.isInterface() && !registered.contains(simple)) missing.add(simple);
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertTrue(missing.isEmpty(), "primitives without a registry entry (and so without rule tests): " + missing);
    }

    @TestFactory
    Stream<DynamicTest> rules() {
        return OpRegistry.samples().stream().map(s -> DynamicTest.dynamicTest(s.op().name() + " " + s.op().attributes(),
                () -> checkRules(s)));
    }

    private static Tensor random(TType t, SplittableRandom rnd) {
        Tensor z = Tensor.zeros(t, BATCH);
        for (int i = 0; i < z.size(); i++) z.data()[i] = t.isClass() ? rnd.nextInt(t.classes()) : 0.1 + 0.8 * rnd.nextDouble();
        return z;
    }

    private static void checkRules(OpRegistry.Sample s) throws ShapeException {
        Op op = s.op();
        TType out = op.inferType(s.operands());
        assertNotNull(out);
        if (op instanceof Leaf) return; // bound by the interpreter, stored in fields: no rules to run
        SplittableRandom rnd = new SplittableRandom(7);
        List<Tensor> args = new ArrayList<>();
        for (TType t : s.operands()) args.add(random(t, rnd));
        Tensor reference = op.evaluate(args, new EvalContext(BATCH));
        assertEquals(out, reference.type(), "evaluation gives the type the shape rule says");
        checkDerivativeRule(s, out);
        if (out.isClass()) return;
        for (Num num : Num.values()) checkEmission(s, args, reference, num);
    }

    /** One gradient entry per operand, each summable to its operand's type; differentiable() agrees. */
    private static void checkDerivativeRule(OpRegistry.Sample s, TType out) {
        Op op = s.op();
        Graph g = new Graph();
        List<Node> ins = new ArrayList<>();
        for (TType t : s.operands()) ins.add(g.add(new Input("a" + ins.size(), t.isClass(), t)));
        Node node = g.add(op, ins, null);
        Node up = g.add(new Broadcast(out), g.constant(1));
        List<Node> grads = op.vjp(g, node, up);
        if (s.operands().isEmpty()) return;
        assertEquals(s.operands().size(), grads.size(), "one gradient entry per operand");
        boolean any = false;
        for (int i = 0; i < grads.size(); i++) {
            if (grads.get(i) == null) continue;
            any = true;
            assertEquals(s.operands().get(i), Autodiff.sumTo(g, grads.get(i), s.operands().get(i)).type());
        }
        assertEquals(op.differentiable(), any, "differentiable() agrees with the derivative rule");
    }

    /**
     * A model whose output is the op applied to its operands (per-example operands are inputs, the others
     * parameters) and whose loss is the sum of the output's squares; compiled, run, and compared with the
     * reference: the output with {@code evaluate}, every gradient with the interpreter on the differentiated IR.
     */
    private static void checkEmission(OpRegistry.Sample s, List<Tensor> args, Tensor reference, Num num) {
        Graph g = new Graph();
        List<Node> ins = new ArrayList<>();
        List<ModelIr.Decl> inputs = new ArrayList<>(), targets = new ArrayList<>(), params = new ArrayList<>();
        Map<String, Tensor> inputValues = new LinkedHashMap<>(), paramValues = new LinkedHashMap<>();
        for (int i = 0; i < s.operands().size(); i++) {
            TType t = s.operands().get(i);
            String name = "a" + i;
            if (t.batched()) {
                ins.add(g.add(new Input(name, t.isClass(), t)));
                (t.isClass() ? targets : inputs).add(new ModelIr.Decl(name, t, null, null));
                inputValues.put(name, args.get(i));
            } else {
                ins.add(g.add(new Param(name, t)));
                params.add(new ModelIr.Decl(name, t, null, new dev.nabla.runtime.InitSpec("zeros", 0, 0, 1, 1)));
                paramValues.put(name, args.get(i));
            }
        }
        Node node = g.add(s.op(), ins, null);
        TType out = node.type();
        g.setRoot(Root.output("y"), node);
        Node square = g.add(new Mul(), node, node);
        Node loss = out.rank() == 0 ? square : g.add(new Reduce(Reduce.Kind.SUM, axes(out.rank()), false), square);
        g.setRoot(Root.LOSS, loss);
        Node objective = loss.type().batched() ? g.mul(g.add(new SumBatch(), loss), g.add(new InvBatch())) : loss;
        g.setRoot(Root.OBJECTIVE, objective);
        ModelIr ir = new ModelIr("Sample", null, g, inputs, targets, params,
                List.of(new ModelIr.Decl("y", out, null, null)), Map.of());
        Compilation.Backend b = Compilation.backEnd(ir, TrainSettings.NONE, CompileOptions.defaults().withNum(num), "sample");
        Class<?> cls = JaninoCompiler.compile(b.java(), s.op().name());
        TrainableModel m;
        try {
            m = (TrainableModel) cls.getConstructor(int.class).newInstance(BATCH);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        ModelSignature sig = m.signature();
        for (ModelIr.Decl d : params) m.setParam(sig.paramIndex(d.name()), paramValues.get(d.name()).data());
        for (ModelIr.Decl d : inputs) stage(m, sig.inputIndex(d.name()), inputValues.get(d.name()), false);
        for (ModelIr.Decl d : targets) stage(m, sig.targetIndex(d.name()), inputValues.get(d.name()), true);
        double tol = num == Num.DOUBLE ? 1e-9 : 2e-5;
        String what = s.op().name() + " in " + num.type() + " code";
        m.forward(BATCH);
        int size = out.size();
        double[] row = new double[size];
        for (int r = 0; r < (out.batched() ? BATCH : 1); r++) {
            m.getOutput(0, r, row);
            for (int i = 0; i < size; i++) {
                assertClose(reference.get(r * size + i), row[i], tol, what + ": output[" + r + "][" + i + "] vs evaluate");
            }
        }
        m.computeGradients(BATCH);
        Map<Node, Tensor> values = Interpreter.run(b.gradient().graph(), inputValues, paramValues, BATCH);
        for (ModelIr.Decl d : params) {
            double[] got = new double[d.type().size()];
            m.getGradient(sig.paramIndex(d.name()), got);
            double[] want = Interpreter.root(b.gradient().graph(), values, Root.grad(d.name())).data();
            for (int i = 0; i < got.length; i++) assertClose(want[i], got[i], tol, what + ": gradient of " + d.name() + "[" + i + "]");
        }
    }

    private static List<Integer> axes(int rank) {
        List<Integer> a = new ArrayList<>();
        for (int i = 0; i < rank; i++) a.add(i);
        return a;
    }

    private static void stage(TrainableModel m, int index, Tensor t, boolean target) {
        int size = t.type().size();
        for (int r = 0; r < BATCH; r++) {
            if (t.type().isClass()) {
                m.setClassTarget(index, r, (int) t.get(r));
                continue;
            }
            double[] row = new double[size];
            for (int i = 0; i < size; i++) row[i] = t.get(r * size + i);
            if (target) m.setTarget(index, r, row);
            else m.setInput(index, r, row);
        }
    }

    private static void assertClose(double want, double got, double tol, String what) {
        double err = Math.abs(want - got);
        assertTrue(err <= tol * (1 + Math.abs(want)) || (Double.isNaN(want) && Double.isNaN(got)),
                what + ": expected " + want + ", got " + got);
    }
}
