package dev.nabla.runtime.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/** The one Gson set-up of this package, and reading that turns Gson's exceptions into DataException. */
final class Json {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Json() {}

    /** Parses {@code json} into {@code type}; a syntax error or an empty text is reported against {@code source}. */
    static <T> T read(String json, Class<T> type, String source) throws DataException {
        if (json == null || json.isBlank()) throw DataException.of(source, "empty text, expected a JSON object");
        try {
            T value = GSON.fromJson(json, type);
            if (value == null) throw DataException.of(source, "expected a JSON object");
            return value;
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw DataException.of(source, "not valid JSON for this object (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "syntax error";
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        // Gson wraps causes as "some.package.SomeException: text": keep the text only.
        return line.replaceAll("^([\\w$]+\\.)+[\\w$]*(Exception|Error): ", "");
    }
}
