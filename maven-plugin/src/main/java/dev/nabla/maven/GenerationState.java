package dev.nabla.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the last run generated, kept in a small text file under {@code target/}: the settings it ran
 * with (plugin fingerprint, folders, package, encoding), and for each model file the SHA-256 of its
 * bytes, its package and the Java files made from it with their size and modification time. A model
 * is regenerated when any of these differ; outputs no model claims any more are deleted. Deleting the
 * file (or {@code mvn clean}) regenerates everything.
 */
final class GenerationState {
    static final String FORMAT = "1";

    /** The settings of a run; a change to any of them makes every model stale. */
    record Settings(String fingerprint, String sourceDirectory, String outputDirectory, String packageName,
                    String encoding) {
        Settings {
            Objects.requireNonNull(fingerprint);
            Objects.requireNonNull(sourceDirectory);
            Objects.requireNonNull(outputDirectory);
            packageName = packageName == null ? "" : packageName;
            Objects.requireNonNull(encoding);
        }
    }

    /** A generated file, relative to the output folder with {@code /} separators. */
    record Output(String path, long size, long lastModified) {}

    /** One model file (relative to the source folder, {@code /} separators) and what was made from it. */
    record Entry(String model, String sha256, String packageName, List<Output> outputs) {
        Entry {
            outputs = List.copyOf(outputs);
        }
    }

    private final Settings settings;
    private final Map<String, Entry> entries;

    GenerationState(Settings settings, Map<String, Entry> entries) {
        this.settings = settings;
        this.entries = new TreeMap<>(entries);
    }

    Settings settings() { return settings; }

    /** Entries by model path, sorted. */
    Map<String, Entry> entries() { return entries; }

    /** The state in {@code file}; null when there is none or it cannot be understood (then everything is stale). */
    static GenerationState read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        Map<String, String> header = new TreeMap<>();
        Map<String, Entry> entries = new TreeMap<>();
        try {
            for (String line : lines) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                if (eq < 0) return null;
                String key = line.substring(0, eq);
                String value = line.substring(eq + 1);
                if (key.equals("model")) {
                    Entry e = parseEntry(value);
                    entries.put(e.model(), e);
                } else {
                    header.put(key, unescape(value));
                }
            }
        } catch (RuntimeException e) {
            return null; // a damaged state file: regenerate everything
        }
        if (!FORMAT.equals(header.get("format"))) return null;
        String[] keys = {"fingerprint", "sources", "output", "package", "encoding"};
        for (String k : keys) if (!header.containsKey(k)) return null;
        Settings s = new Settings(header.get("fingerprint"), header.get("sources"), header.get("output"),
                header.get("package"), header.get("encoding"));
        return new GenerationState(s, entries);
    }

    /** The file's text: deterministic (sorted, no date), so an unchanged state is not rewritten. */
    String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("# nabla-maven-plugin: what the last run generated. Delete this file to regenerate everything.\n");
        sb.append("format=").append(FORMAT).append('\n');
        sb.append("fingerprint=").append(escape(settings.fingerprint())).append('\n');
        sb.append("sources=").append(escape(settings.sourceDirectory())).append('\n');
        sb.append("output=").append(escape(settings.outputDirectory())).append('\n');
        sb.append("package=").append(escape(settings.packageName())).append('\n');
        sb.append("encoding=").append(escape(settings.encoding())).append('\n');
        for (Entry e : entries.values()) {
            sb.append("model=").append(escape(e.model())).append('|').append(e.sha256()).append('|')
                    .append(escape(e.packageName())).append('|');
            for (int i = 0; i < e.outputs().size(); i++) {
                Output o = e.outputs().get(i);
                if (i > 0) sb.append(';');
                sb.append(escape(o.path())).append('*').append(o.size()).append('*').append(o.lastModified());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes the state atomically, and only when its text changed. */
    void write(Path file) throws IOException {
        AtomicFiles.writeIfChanged(file, text().getBytes(StandardCharsets.UTF_8));
    }

    private static Entry parseEntry(String value) {
        String[] f = value.split("\\|", -1);
        if (f.length != 4) throw new IllegalArgumentException("bad entry");
        List<Output> outputs = new ArrayList<>();
        if (!f[3].isEmpty()) {
            for (String o : f[3].split(";", -1)) {
                String[] p = o.split("\\*", -1);
                if (p.length != 3) throw new IllegalArgumentException("bad output");
                outputs.add(new Output(unescape(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2])));
            }
        }
        return new Entry(unescape(f[0]), f[1], unescape(f[2]), outputs);
    }

    /** Percent-escapes the separators of the format, so that any path survives. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '|' || c == ';' || c == '*' || c == '\n' || c == '\r' || c == '=') {
                sb.append('%').append(String.format("%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('%') < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
