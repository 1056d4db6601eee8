package dev.nabla.compiler.golden;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The golden vectors computed with PyTorch (test resources {@code /golden/*.json}, copied from
 * {@code shared/golden}). A file is {@code {"source": ..., "cases": [...]}}; tensors are
 * {@code {"shape": [...], "data": [...]}} in row-major order.
 */
final class Golden {
    private Golden() {}

    private static final Map<String, GoldenFile> FILES = new ConcurrentHashMap<>();

    /** A tensor of a golden case. */
    record GTensor(int[] shape, double[] data) {
        int size() { return data.length; }

        int dim(int i) { return shape[i]; }

        int rank() { return shape.length; }

        /** The shape as the model language writes it: {@code [5, 7]}, or {@code []} for a scalar. */
        String shapeText() {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
            return sb.append(']').toString();
        }

        /** Row {@code r} of a tensor whose first axis is the batch. */
        double[] row(int r) {
            int cols = data.length / shape[0];
            double[] out = new double[cols];
            System.arraycopy(data, r * cols, out, 0, cols);
            return out;
        }

        /** The shape without its first (batch) axis. */
        int[] rowShape() {
            int[] s = new int[shape.length - 1];
            System.arraycopy(shape, 1, s, 0, s.length);
            return s;
        }
    }

    /** One case of a golden file: its position, its number among the cases of the same function, its fields. */
    record GoldenCase(String file, int index, int ordinal, String fn, JsonObject json) {
        /** {@code gelu #2}, {@code gelu #5 (extreme inputs)}: the case's name in test reports. */
        String label() {
            String note = note();
            return fn + " #" + ordinal + (note != null && note.contains("extreme") ? " (extreme inputs)" : "");
        }

        String note() {
            if (json.has("note")) return json.get("note").getAsString();
            JsonObject args = args();
            return args.has("note") ? args.get("note").getAsString() : null;
        }

        JsonObject args() { return json.has("args") ? json.getAsJsonObject("args") : new JsonObject(); }

        boolean hasArg(String key) { return args().has(key); }

        double numArg(String key) { return args().get(key).getAsDouble(); }

        String strArg(String key) { return args().get(key).getAsString(); }

        String str(String key) { return json.get(key).getAsString(); }

        double num(String key) { return json.get(key).getAsDouble(); }

        GTensor tensor(String key) { return Golden.tensor(json.get(key)); }

        /** The tensors of an object field such as {@code inputs}, {@code params} or {@code grads}, in file order. */
        Map<String, GTensor> tensors(String key) {
            Map<String, GTensor> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : json.getAsJsonObject(key).entrySet()) {
                out.put(e.getKey(), Golden.tensor(e.getValue()));
            }
            return out;
        }

        List<String> strings(String key) {
            List<String> out = new ArrayList<>();
            for (JsonElement e : json.getAsJsonArray(key)) out.add(e.getAsString());
            return out;
        }

        int[] ints(String key) {
            JsonArray a = json.getAsJsonArray(key);
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
            return out;
        }

        @Override
        public String toString() { return file + "[" + index + "] " + label(); }
    }

    record GoldenFile(String name, String source, List<GoldenCase> cases) {}

    /** Loads {@code /golden/NAME.json} from the test classpath (once). */
    static GoldenFile load(String name) {
        return FILES.computeIfAbsent(name, Golden::read);
    }

    private static GoldenFile read(String name) {
        String resource = "/golden/" + name + ".json";
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                JsonObject root = JsonParser.parseReader(r).getAsJsonObject();
                String source = root.has("source") ? root.get("source").getAsString() : "?";
                List<GoldenCase> cases = new ArrayList<>();
                Map<String, Integer> seen = new HashMap<>();
                JsonArray arr = root.getAsJsonArray("cases");
                for (int i = 0; i < arr.size(); i++) {
                    JsonObject c = arr.get(i).getAsJsonObject();
                    String fn = c.has("fn") ? c.get("fn").getAsString() : c.get("model").getAsString();
                    int ordinal = seen.merge(fn, 1, Integer::sum);
                    cases.add(new GoldenCase(name, i, ordinal, fn, c));
                }
                if (cases.isEmpty()) throw new IllegalStateException(resource + " has no cases");
                return new GoldenFile(name, source, Collections.unmodifiableList(cases));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    static GTensor tensor(JsonElement e) {
        JsonObject o = e.getAsJsonObject();
        JsonArray s = o.getAsJsonArray("shape");
        JsonArray d = o.getAsJsonArray("data");
        int[] shape = new int[s.size()];
        int size = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).getAsInt();
            size *= shape[i];
        }
        double[] data = new double[d.size()];
        for (int i = 0; i < data.length; i++) data[i] = d.get(i).getAsDouble();
        if (data.length != size) {
            throw new IllegalStateException("golden tensor of shape " + s + " holds " + data.length + " values");
        }
        return new GTensor(shape, data);
    }
}
