package dev.nabla.compiler.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.check.OptimizerKind;
import dev.nabla.compiler.check.TrainSettings;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.ir.Num;
import dev.nabla.runtime.TrainableModel;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code golden/optimizers.json}: the fused optimizer update of generated code follows
 * PyTorch's parameter trajectory step by step. The gradient is fed in through the model
 * {@code loss sum(p * g)} with {@code g} an input (batch of one), so dL/dp is exactly the case's gradient.
 */
class OptimizerGoldenTest {
    private static final String MODEL = """
            model Opt {
                input g[%d]
                param p[%d]
                loss sum(p * g)
            }
            """;

    static JsonArray cases() {
        try (var in = OptimizerGoldenTest.class.getResourceAsStream("/golden/optimizers.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("cases");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static double[] data(JsonElement tensor) {
        JsonArray a = tensor.getAsJsonObject().getAsJsonArray("data");
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }

    /** The case's hyper-parameters in Nabla's spelling (betas become beta1/beta2, booleans 1/0). */
    /** The optimizer of a golden case, with PyTorch's hyper-parameters as the case gives them. */
    static TrainSettings.OptimizerSpec spec(JsonObject c) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        Map<String, Boolean> flags = new LinkedHashMap<>();
        for (var e : c.getAsJsonObject("hyper").entrySet()) {
            if (e.getKey().equals("betas")) {
                numbers.put("beta1", e.getValue().getAsJsonArray().get(0).getAsDouble());
                numbers.put("beta2", e.getValue().getAsJsonArray().get(1).getAsDouble());
            } else if (e.getValue().getAsJsonPrimitive().isBoolean()) {
                flags.put(e.getKey(), e.getValue().getAsBoolean());
            } else {
                numbers.put(e.getKey(), e.getValue().getAsDouble());
            }
        }
        OptimizerKind kind = OptimizerKind.of(c.get("optimizer").getAsString());
        return new TrainSettings.OptimizerSpec(kind, numbers, flags, null);
    }

    @TestFactory
    Stream<DynamicTest> optimizers() {
        List<DynamicTest> tests = new ArrayList<>();
        JsonArray cases = cases();
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.get(i).getAsJsonObject();
            for (Num num : Num.values()) {
                String name = c.get("optimizer").getAsString() + " " + c.getAsJsonObject("hyper") + " " + num.type();
                tests.add(DynamicTest.dynamicTest(name, () -> check(c, num)));
            }
        }
        return tests.stream();
    }

    private static void check(JsonObject c, Num num) {
        double[] p0 = data(c.get("p0"));
        int size = p0.length;
        TrainSettings.OptimizerSpec spec = spec(c);
        Compilation comp = Compilation.compile(new SourceFile("opt.nabla", MODEL.formatted(size, size)),
                CompileOptions.defaults().withNum(num).withOptimizer(spec));
        TrainableModel m = comp.newModel(1);
        m.initialize(0);
        m.setParam(0, p0);
        double lr = c.getAsJsonObject("hyper").get("lr").getAsDouble();
        assertTrue(Math.abs(m.learningRate() - lr) < 1e-15, "the optimizer's lr becomes the model's learning rate");
        JsonArray grads = c.getAsJsonArray("grads");
        JsonArray after = c.getAsJsonArray("params_after_each_step");
        double abs = num == Num.DOUBLE ? 1e-9 : 1e-5, rel = num == Num.DOUBLE ? 1e-7 : 1e-4;
        double[] p = new double[size];
        for (int step = 0; step < grads.size(); step++) {
            m.setInput(0, 0, data(grads.get(step)));
            m.trainStep(1);
            m.getParam(0, p);
            double[] want = data(after.get(step));
            for (int k = 0; k < size; k++) {
                if (!(Math.abs(p[k] - want[k]) <= abs + rel * Math.abs(want[k]))) {
                    fail("step " + (step + 1) + ", element " + k + ": expected " + want[k] + ", got " + p[k]);
                }
            }
        }
    }
}
