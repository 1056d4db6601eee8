package dev.nabla.runtime.io;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out tensors in a data buffer and writes the JSON header that describes them. The header lists
 * {@code __metadata__} (when not empty) and then the tensors in the order given, compact, padded with
 * spaces to a multiple of {@link Safetensors#ALIGNMENT} bytes so the data starts 8-byte aligned. In the
 * data, tensors with 8-byte elements come before those with 4-byte elements (otherwise in the order given),
 * as the reference writer does, so that every tensor starts at a multiple of its element size.
 */
final class HeaderEncoder {
    /** The padded header bytes and the tensors in the order their data follows it. */
    record Encoded(byte[] header, List<TensorEntry> dataOrder) {}

    private HeaderEncoder() {}

    /**
     * Lays out and describes {@code tensors}.
     *
     * @throws IllegalArgumentException if a name or metadata text holds an unpaired surrogate, which UTF-8
     *                                  cannot encode
     */
    static Encoded encode(Map<String, TensorEntry> tensors, Map<String, String> metadata) {
        for (String name : tensors.keySet()) requireEncodable(name, "tensor name");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            requireEncodable(e.getKey(), "metadata key");
            requireEncodable(e.getValue(), "metadata value for " + FormatException.quote(e.getKey()));
        }
        List<String> dataOrder = new ArrayList<>(tensors.keySet());
        dataOrder.sort(Comparator.comparingInt((String name) -> tensors.get(name).dtype().byteSize()).reversed());
        Map<String, long[]> offsets = new LinkedHashMap<>();
        long offset = 0;
        for (String name : dataOrder) {
            long end = offset + tensors.get(name).byteSize();
            offsets.put(name, new long[] {offset, end});
            offset = end;
        }
        byte[] json = json(tensors, metadata, offsets).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + Safetensors.ALIGNMENT - 1) / Safetensors.ALIGNMENT * Safetensors.ALIGNMENT;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return new Encoded(header, dataOrder.stream().map(tensors::get).toList());
    }

    private static void requireEncodable(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " " + FormatException.quote(text)
                        + " holds an unpaired surrogate, which UTF-8 cannot encode");
            }
        }
    }

    private static String json(Map<String, TensorEntry> tensors, Map<String, String> metadata,
            Map<String, long[]> offsets) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.beginObject();
            if (!metadata.isEmpty()) {
                w.name(Header.METADATA_KEY).beginObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) w.name(e.getKey()).value(e.getValue());
                w.endObject();
            }
            for (Map.Entry<String, TensorEntry> e : tensors.entrySet()) {
                TensorEntry t = e.getValue();
                w.name(e.getKey()).beginObject();
                w.name("dtype").value(t.dtype().name());
                w.name("shape").beginArray();
                for (long d : t.shape()) w.value(d);
                w.endArray();
                long[] range = offsets.get(e.getKey());
                w.name("data_offsets").beginArray().value(range[0]).value(range[1]).endArray();
                w.endObject();
            }
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter cannot fail", e);
        }
        return out.toString();
    }
}
