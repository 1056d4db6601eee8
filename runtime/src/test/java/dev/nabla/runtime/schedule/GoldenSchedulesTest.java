package dev.nabla.runtime.schedule;

import static dev.nabla.runtime.schedule.Tolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code golden/schedules.json} (PyTorch's {@code torch.optim.lr_scheduler} in float64).
 *
 * <p>Index alignment: {@code lr_per_epoch[i]} is the rate after {@code i} calls of {@code scheduler.step()}, so
 * entry 0 is the rate the scheduler's constructor sets, before the first step. It is compared with
 * {@code lr(base_lr, i)}. The file shows this: StepLR(step_size 3) keeps the base rate for entries 0, 1 and 2,
 * ExponentialLR's entry 0 is the base rate, and OneCycleLR's entry 0 is {@code max_lr / div_factor}.
 */
class GoldenSchedulesTest {
    private static final String RESOURCE = "/golden/schedules.json";

    /** The golden file's descriptive names that differ from the factory's: its LinearLR case is {@code linear}. */
    private static final Map<String, String> FACTORY_NAMES = Map.of("linear_warmup", "linear");

    /** Keys of {@code hyper} that are comments, not parameters. */
    private static final List<String> COMMENTS = List.of("note");

    @TestFactory
    Stream<DynamicTest> everyGoldenCase() {
        JsonArray cases = load().getAsJsonArray("cases");
        assertFalse(cases.isEmpty(), "the golden file has cases");
        return cases.asList().stream().map(JsonElement::getAsJsonObject).map(c -> {
            String name = c.get("schedule").getAsString();
            return DynamicTest.dynamicTest(name + " " + c.get("hyper"), () -> check(c));
        });
    }

    @Test
    void everyScheduleOfTheGoldenFileIsCovered() {
        List<String> names = load().getAsJsonArray("cases").asList().stream()
                .map(c -> c.getAsJsonObject().get("schedule").getAsString()).toList();
        assertEquals(List.of("step", "exponential", "cosine", "linear_warmup", "onecycle"), names);
    }

    @Test
    void oneCycleIgnoresTheBaseLearningRate() {
        JsonObject oneCycle = load().getAsJsonArray("cases").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(c -> c.get("schedule").getAsString().equals("onecycle")).findFirst().orElseThrow();
        LearningRateSchedule schedule = schedule(oneCycle);
        double[] expected = expected(oneCycle);
        for (int t = 0; t < expected.length; t++) {
            assertClose(expected[t], schedule.lr(123.0, t), "onecycle with another base lr, t=" + t);
        }
    }

    private static void check(JsonObject c) {
        LearningRateSchedule schedule = schedule(c);
        double base = c.get("base_lr").getAsDouble();
        double[] expected = expected(c);
        for (int t = 0; t < expected.length; t++) {
            assertClose(expected[t], schedule.lr(base, t), c.get("schedule").getAsString() + " at t=" + t);
        }
    }

    private static LearningRateSchedule schedule(JsonObject c) {
        String name = c.get("schedule").getAsString();
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("hyper").entrySet()) {
            if (!COMMENTS.contains(e.getKey())) params.put(e.getKey(), e.getValue().getAsDouble());
        }
        return Schedules.create(FACTORY_NAMES.getOrDefault(name, name), params, expected(c).length);
    }

    private static double[] expected(JsonObject c) {
        return c.getAsJsonArray("lr_per_epoch").asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }

    private static JsonObject load() {
        try (InputStream in = GoldenSchedulesTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is on the test classpath");
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return JsonParser.parseReader(reader).getAsJsonObject();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + RESOURCE, e);
        }
    }
}
