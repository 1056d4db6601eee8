package dev.nabla.runtime.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decodes the JSON header of a safetensors file, strictly: UTF-8, a JSON object of tensors each with
 * exactly {@code dtype}, {@code shape} and {@code data_offsets}, an optional {@code __metadata__} object of
 * strings, no duplicate names, non-negative integers only. It checks the form of the header, not
 * whether the offsets fit together ({@link DataLayout} does that).
 */
final class HeaderParser {
    private static final Pattern NON_NEGATIVE_INTEGER = Pattern.compile("0|[1-9][0-9]*");
    private static final String DTYPE = "dtype";
    private static final String SHAPE = "shape";
    private static final String OFFSETS = "data_offsets";
    private static final String GSON_LENIENCY_ADVICE =
            "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";

    private HeaderParser() {}

    /** The header held by {@code json} (the bytes between the length field and the data). */
    static Header parse(byte[] json) throws FormatException {
        String text = decodeUtf8(json);
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new FormatException("not a safetensors file: the header does not start with '{'");
        }
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            Header header = readHeader(reader);
            // In strict mode Gson itself rejects text after the object; this guards the rule regardless.
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new FormatException("the header is not valid JSON: text follows the closing '}'");
            }
            return header;
        } catch (IOException | RuntimeException e) {
            throw new FormatException("the header is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static Header readHeader(JsonReader reader) throws IOException, FormatException {
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = null;
        reader.beginObject();
        while (reader.hasNext()) {
            String name = reader.nextName();
            if (name.equals(Header.METADATA_KEY)) {
                if (metadata != null) throw new FormatException("the header holds " + Header.METADATA_KEY + " twice");
                metadata = readMetadata(reader);
            } else {
                TensorInfo previous = tensors.put(name, readTensor(reader, name));
                if (previous != null) throw new FormatException(previous.label() + " appears twice in the header");
            }
        }
        reader.endObject();
        return new Header(List.copyOf(tensors.values()),
                metadata == null ? Map.of() : Collections.unmodifiableMap(metadata));
    }

    private static Map<String, String> readMetadata(JsonReader reader) throws IOException, FormatException {
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonToken token = reader.peek();
        if (token == JsonToken.NULL) {
            reader.nextNull();
            return metadata;
        }
        if (token != JsonToken.BEGIN_OBJECT) {
            throw new FormatException(Header.METADATA_KEY + " is not an object but " + describe(token));
        }
        reader.beginObject();
        while (reader.hasNext()) {
            String key = reader.nextName();
            if (reader.peek() != JsonToken.STRING) {
                throw new FormatException("metadata value for " + FormatException.quote(key) + " is not a string");
            }
            if (metadata.put(key, reader.nextString()) != null) {
                throw new FormatException("metadata key " + FormatException.quote(key) + " appears twice");
            }
        }
        reader.endObject();
        return metadata;
    }

    private static TensorInfo readTensor(JsonReader reader, String name) throws IOException, FormatException {
        String label = "tensor " + FormatException.quote(name);
        JsonToken token = reader.peek();
        if (token != JsonToken.BEGIN_OBJECT) {
            throw new FormatException(label + ": expected an object with dtype, shape and data_offsets but found "
                    + describe(token));
        }
        DType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        reader.beginObject();
        while (reader.hasNext()) {
            String field = reader.nextName();
            boolean repeated;
            switch (field) {
                case DTYPE -> {
                    repeated = dtype != null;
                    dtype = readDtype(reader, label);
                }
                case SHAPE -> {
                    repeated = shape != null;
                    shape = readIntegers(reader, label + ": shape");
                }
                case OFFSETS -> {
                    repeated = offsets != null;
                    offsets = readIntegers(reader, label + ": data_offsets");
                    if (offsets.length != 2) {
                        throw new FormatException(label + ": data_offsets must be [begin, end] but holds "
                                + offsets.length + " numbers");
                    }
                }
                default -> throw new FormatException(label + ": unknown field " + FormatException.quote(field));
            }
            if (repeated) throw new FormatException(label + ": field '" + field + "' appears twice");
        }
        reader.endObject();
        if (dtype == null) throw missing(label, DTYPE);
        if (shape == null) throw missing(label, SHAPE);
        if (offsets == null) throw missing(label, OFFSETS);
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static DType readDtype(JsonReader reader, String label) throws IOException, FormatException {
        JsonToken token = reader.peek();
        if (token != JsonToken.STRING) {
            throw new FormatException(label + ": dtype is not a string but " + describe(token));
        }
        String dtype = reader.nextString();
        return DType.fromHeaderName(dtype).orElseThrow(() -> new FormatException(label + ": dtype "
                + FormatException.quote(dtype) + " is not supported (supported: " + DType.supportedNames() + ")"));
    }

    private static long[] readIntegers(JsonReader reader, String what) throws IOException, FormatException {
        JsonToken token = reader.peek();
        if (token != JsonToken.BEGIN_ARRAY) {
            throw new FormatException(what + " is not an array but " + describe(token));
        }
        List<Long> values = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) values.add(readNonNegative(reader, what));
        reader.endArray();
        long[] result = new long[values.size()];
        for (int i = 0; i < result.length; i++) result[i] = values.get(i);
        return result;
    }

    private static long readNonNegative(JsonReader reader, String what) throws IOException, FormatException {
        JsonToken token = reader.peek();
        if (token != JsonToken.NUMBER) {
            throw new FormatException(what + " must hold non-negative integers but holds " + describe(token));
        }
        String literal = reader.nextString();
        if (!NON_NEGATIVE_INTEGER.matcher(literal).matches()) {
            throw new FormatException(what + " must hold non-negative integers but holds " + literal);
        }
        try {
            return Long.parseLong(literal);
        } catch (NumberFormatException e) {
            throw new FormatException(what + " holds " + literal + ", which is too large");
        }
    }

    private static FormatException missing(String label, String field) {
        return new FormatException(label + ": the field '" + field + "' is missing");
    }

    private static String decodeUtf8(byte[] json) throws FormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FormatException("the header is not valid UTF-8");
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case BEGIN_OBJECT -> "an object";
            case BEGIN_ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> token.toString();
        };
    }

    /**
     * Gson's message in words for a reader of the file: without the troubleshooting link Gson appends and
     * without its advice to programmers to parse leniently.
     */
    private static String firstLine(String message) {
        if (message == null) return "unexpected end";
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.replace(GSON_LENIENCY_ADVICE, "malformed JSON");
    }
}
