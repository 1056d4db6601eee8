package dev.nabla.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.autodiff.Autodiff;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every primitive is registered, and each of its four rules works on its sample use. */
class OpRegistryTest {

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

    private static void checkRules(OpRegistry.Sample s) throws ShapeException {
        Op op = s.op();
        // 1. shape rule
        TType out = op.inferType(s.operands());
        assertNotNull(out);
        // 2. reference evaluation (leaves are bound by the interpreter, not evaluated)
        boolean leaf = op instanceof dev.nabla.compiler.ir.ops.Input || op instanceof dev.nabla.compiler.ir.ops.Param;
        SplittableRandom rnd = new SplittableRandom(7);
        int batch = 2;
        List<Tensor> args = new ArrayList<>();
        for (TType t : s.operands()) {
            Tensor z = Tensor.zeros(t, batch);
            for (int i = 0; i < z.size(); i++) z.data()[i] = t.isClass() ? rnd.nextInt(t.classes()) : 0.5 + rnd.nextDouble();
            args.add(z);
        }
        if (!leaf) {
            Tensor v = op.evaluate(args, new EvalContext(batch));
            assertEquals(out, v.type(), "evaluation gives the type the shape rule says");
        }
        // 3. derivative rule: one entry per operand, each summable to the operand's type
        Graph g = new Graph();
        List<Node> ins = new ArrayList<>();
        for (TType t : s.operands()) {
            ins.add(t.isClass() ? g.add(new dev.nabla.compiler.ir.ops.Input("y", true, t))
                    : g.add(new dev.nabla.compiler.ir.ops.Input("a" + ins.size(), false, t)));
        }
        Node node = g.add(op, ins, null);
        Node up = g.add(new dev.nabla.compiler.ir.ops.Broadcast(out), g.constant(1));
        List<Node> grads = op.vjp(g, node, up);
        if (!leaf && !s.operands().isEmpty()) {
            assertEquals(s.operands().size(), grads.size(), "one gradient entry per operand");
            boolean any = false;
            for (int i = 0; i < grads.size(); i++) {
                if (grads.get(i) == null) continue;
                any = true;
                assertEquals(s.operands().get(i), Autodiff.sumTo(g, grads.get(i), s.operands().get(i)).type());
            }
            assertEquals(op.differentiable(), any, "differentiable() agrees with the derivative rule");
        }
        // 4. emission rule
        if (op instanceof ElementwiseOp e) {
            String[] names = new String[e.arity()];
            for (int i = 0; i < names.length; i++) names[i] = "a" + i;
            assertFalse(e.emit(Num.FLOAT, names).isBlank());
            assertFalse(e.emit(Num.DOUBLE, names).isBlank());
        } else {
            assertTrue(op instanceof KernelOp, op.name() + " has an emission rule");
        }
    }
}
