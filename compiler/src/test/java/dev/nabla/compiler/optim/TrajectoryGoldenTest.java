package dev.nabla.compiler.optim;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.check.TrainSettings;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.ir.Num;
import dev.nabla.runtime.TrainableModel;
import dev.nabla.runtime.schedule.LearningRateSchedule;
import dev.nabla.runtime.schedule.Schedules;
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
 * Every case of {@code golden/trajectories.json}: whole training loops (forward, loss, backward and the
 * fused optimizer update, with a per-step learning-rate schedule where the case has one) reproduce
 * PyTorch's loss before each of 20 steps and its parameters after steps 1, 5 and 20.
 */
class TrajectoryGoldenTest {

    static JsonArray cases() {
        try (var in = TrajectoryGoldenTest.class.getResourceAsStream("/golden/trajectories.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("cases");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The case's network as a Nabla model: h_{i+1} = act_i(W_i @ h_i + b_i), W_i of shape [out, in]. */
    static String model(JsonObject c) {
        JsonArray layers = c.getAsJsonArray("layers");
        JsonArray acts = c.getAsJsonArray("activations");
        String loss = c.get("loss").getAsString();
        int out = layers.get(layers.size() - 1).getAsInt();
        StringBuilder sb = new StringBuilder("model Trajectory {\n");
        sb.append("    input x[").append(layers.get(0).getAsInt()).append("]\n");
        sb.append("    target y[").append(out).append("]\n");
        for (int l = 1; l < layers.size(); l++) {
            sb.append("    param W").append(l).append('[').append(layers.get(l).getAsInt()).append(", ")
                    .append(layers.get(l - 1).getAsInt()).append("]\n");
            sb.append("    param b").append(l).append('[').append(layers.get(l).getAsInt()).append("]\n");
        }
        String h = "x";
        for (int l = 1; l < layers.size(); l++) {
            String act = acts.get(l - 1).getAsString();
            String z = "W" + l + " @ " + h + " + b" + l;
            String v = act.equals("identity") ? z : act + "(" + z + ")";
            sb.append("    h").append(l).append(" = ").append(v).append('\n');
            h = "h" + l;
        }
        String fn = switch (loss) {
            case "cross_entropy_logits" -> "cross_entropy";
            case "mse" -> "mse";
            case "bce_with_logits" -> "bce_with_logits";
            default -> throw new IllegalArgumentException("loss " + loss);
        };
        sb.append("    loss ").append(fn).append('(').append(h).append(", y)\n}\n");
        return sb.toString();
    }

    static double[] data(JsonObject tensor) {
        JsonArray a = tensor.getAsJsonArray("data");
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) d[i] = a.get(i).getAsDouble();
        return d;
    }

    @TestFactory
    Stream<DynamicTest> trajectories() {
        List<DynamicTest> tests = new ArrayList<>();
        JsonArray cases = cases();
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.get(i).getAsJsonObject();
            for (Num num : Num.values()) {
                tests.add(DynamicTest.dynamicTest(c.get("model").getAsString() + " " + num.type(), () -> check(c, num)));
            }
        }
        return tests.stream();
    }

    private static void check(JsonObject c, Num num) {
        TrainSettings.OptimizerSpec spec = OptimizerGoldenTest.spec(c);
        String text = model(c);
        Compilation comp = Compilation.compile(new SourceFile("trajectory.nabla", text),
                CompileOptions.defaults().withNum(num).withOptimizer(spec));
        JsonArray batches = c.getAsJsonArray("batches");
        JsonObject first = batches.get(0).getAsJsonObject();
        int batch = first.getAsJsonObject("x").getAsJsonArray("shape").get(0).getAsInt();
        TrainableModel m = comp.newModel(batch);
        JsonObject init = c.getAsJsonObject("init");
        for (String name : init.keySet()) m.setParam(m.signature().paramIndex(name), data(init.getAsJsonObject(name)));
        LearningRateSchedule schedule = null;
        if (c.get("schedule_per_step").isJsonObject()) {
            JsonObject s = c.getAsJsonObject("schedule_per_step");
            Map<String, Object> params = new LinkedHashMap<>();
            for (String k : s.keySet()) if (!k.equals("name")) params.put(k, s.get(k).getAsDouble());
            schedule = Schedules.create(s.get("name").getAsString(), params, 20);
        }
        double baseLr = spec.number("lr");
        double absTol = num == Num.DOUBLE ? 1e-9 : 1e-5, relTol = num == Num.DOUBLE ? 1e-7 : 1e-4;
        JsonArray losses = c.getAsJsonArray("loss_before_each_step");
        JsonObject after = c.getAsJsonObject("params_after_step");
        for (int step = 1; step <= losses.size(); step++) {
            JsonObject b = batches.get((step - 1) % batches.size()).getAsJsonObject();
            double[] x = data(b.getAsJsonObject("x")), y = data(b.getAsJsonObject("target"));
            int in = x.length / batch, out = y.length / batch;
            for (int e = 0; e < batch; e++) {
                m.setInput(0, e, java.util.Arrays.copyOfRange(x, e * in, (e + 1) * in));
                m.setTarget(0, e, java.util.Arrays.copyOfRange(y, e * out, (e + 1) * out));
            }
            if (schedule != null) m.setLearningRate(schedule.lr(baseLr, step - 1));
            double loss = m.trainStep(batch);
            double want = losses.get(step - 1).getAsDouble();
            if (!(Math.abs(loss - want) <= absTol + relTol * Math.abs(want))) {
                fail("loss before step " + step + ": expected " + want + ", got " + loss + "\n" + text);
            }
            if (after.has(Integer.toString(step))) {
                JsonObject ps = after.getAsJsonObject(Integer.toString(step));
                for (String name : ps.keySet()) {
                    double[] wantP = data(ps.getAsJsonObject(name));
                    double[] got = new double[wantP.length];
                    m.getParam(m.signature().paramIndex(name), got);
                    for (int k = 0; k < got.length; k++) {
                        if (!(Math.abs(got[k] - wantP[k]) <= absTol + relTol * Math.abs(wantP[k]))) {
                            fail(name + "[" + k + "] after step " + step + ": expected " + wantP[k] + ", got " + got[k]);
                        }
                    }
                }
            }
        }
    }
}
