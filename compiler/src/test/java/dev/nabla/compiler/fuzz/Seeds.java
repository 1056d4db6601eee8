package dev.nabla.compiler.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The model files the fuzzer mutates: the samples, the benchmark models, the models of the test resources
 * (valid and invalid), the end-to-end and Maven plugin test models, and the models written as Java text
 * blocks in this module's tests. Found relative to the compiler module (the directory tests run in);
 * sorted by path so that a seed always means the same cases.
 */
final class Seeds {
    private Seeds() {}

    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"[ \\t]*\\n(.*?)\"\"\"", Pattern.DOTALL);

    /** A seed model: where it comes from, its text, and whether it is meant to be a valid model. */
    record Seed(String origin, String text, boolean meantValid) {}

    static List<Seed> all() {
        Path module = Path.of("").toAbsolutePath();
        Path root = module.getParent();
        TreeMap<String, String> found = new TreeMap<>();
        for (Path dir : List.of(root.resolve("samples"), root.resolve("bench/models"), module.resolve("src/test/resources"),
                root.resolve("cli/src/test/resources"), root.resolve("maven-plugin/src/it"))) {
            for (Path p : files(dir, ".nabla")) found.put(root.relativize(p).toString(), read(p));
        }
        for (Path p : files(module.resolve("src/test/java"), ".java")) {
            Matcher m = TEXT_BLOCK.matcher(read(p));
            for (int i = 0; m.find(); i++) {
                String block = unescape(stripIndent(m.group(1)));
                if (block.contains("model ") && block.contains("{")) found.put(root.relativize(p) + "#" + i, block);
            }
        }
        List<Seed> seeds = new ArrayList<>();
        found.forEach((origin, text) -> seeds.add(new Seed(origin, text, meantValid(origin))));
        return seeds;
    }

    /** Files written to show a mistake: the diagnostics tests (except those under ok/) and the error fixtures. */
    private static boolean meantValid(String origin) {
        String o = origin.replace('\\', '/');
        if (o.contains("/diagnostics/") && !o.contains("/diagnostics/ok/")) return false;
        return !(o.contains("e2e/errors") || o.contains("e2e/syntax") || o.contains("model-error/"));
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix) && !p.toString().contains("/target/")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stripIndent(String s) {
        return s.stripIndent();
    }

    /** The escapes a text block may hold that matter for model text. */
    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
    }
}
