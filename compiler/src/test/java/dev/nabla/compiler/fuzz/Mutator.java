package dev.nabla.compiler.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutates model files the way the hostile-input audit did: truncations, token deletions, insertions,
 * replacements and swaps, duplicated and deleted lines, deep nesting of every kind (around the nesting
 * limit and far beyond it), huge and odd numbers and shapes, long names, odd line ends ({@code \r\n}, a
 * lone {@code \r}), NUL, control and non-ASCII characters, byte-order marks and lone surrogates. Everything
 * is drawn from the {@link Random} given, so a seed always gives the same mutants.
 */
final class Mutator {
    private static final Pattern TOKEN = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*|[0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\"[^\"\\n]*\"|\\*\\*|#[^\\n]*|\\s+|.",
            Pattern.DOTALL);

    private static final String[] VOCABULARY = {
        "model", "train", "input", "target", "param", "output", "loss", "init", "T", ".T", "class", "class(3)",
        "x", "y", "W", "b", "h", "z", "p", "logits", "W1", "b1", "M",
        "tanh", "sigmoid", "relu", "softmax", "log_softmax", "exp", "log", "sqrt", "abs", "sum", "mean", "max",
        "onehot", "cross_entropy", "mse", "bce", "bce_with_logits", "nll", "l2", "clamp", "pow", "transpose",
        "stop_gradient", "gelu", "huber", "leaky_relu", "maximum", "axis:", "alpha:", "min:", "max:",
        "+", "-", "*", "/", "@", "**", "=", ":", ",", "(", ")", "[", "]", "{", "}", ".", "#", "\"", "\\",
        "0", "1", "-1", "2", "0.5", ".5", "1.", "1e-8", "1e39", "-1e39", "1e400", "1e-400", "65536", "2147483648",
        "99999999999999999999", "0.0", "NaN", "inf",
        "[]", "[0]", "[65536, 65537]", "[4, 4, 4, 4]", "[2147483647]",
        "\"x.csv\"", "\"\"", "\"a\\qb\"", "\"unterminated",
        "data csv(\"d.csv\", label: \"y\")", "optimizer adam(lr: 1e400)", "optimizer sgd(lr: -1)", "batch 0",
        "epochs 1e9", "schedule cosine", "seed -5", "encoding: \"latin-1\"",
    };

    private static final String[] ODD = {
        "\0", "\u00e9", "\uFEFF", "\u202E", "\uD83D\uDE00", "\uD800", "\uDFFF", "\t", "\u000B", "\f", "\u0085",
        "\u2028", "\u00A0", "$", "`", "\\", "'", "\"", "#", "\r", "\r\n", "\n\n", "\u0000\u0000", "\u00ff\u00fe",
        "\\u000a", "*/", "/*",
    };

    private static final String[] HUGE_NUMBERS = {
        "1e400", "1e39", "-1e39", "3.5e38", "1e308", "1e-50", "1e-400", "0", "0.0", "65536", "65537",
        "2147483647", "2147483648", "4294967296", "99999999999999999999999999", "1" + "0".repeat(400),
        "0." + "0".repeat(400) + "1", "1e99999999999", "1e-99999999999",
    };

    private static final String[] HUGE_DIMS = {"0", "65536", "65537", "100000", "2147483647", "2147483648",
        "4294967296", "32768", "1000000", "1" + "0".repeat(30)};

    /** Nesting depths: around the limit of 256 levels mostly, far beyond it sometimes (those texts are large). */
    private static final int[] DEPTHS = {10, 100, 200, 254, 255, 256, 257, 300, 255, 256, 257, 1000, 5000};

    private final Random random;

    Mutator(Random random) {
        this.random = random;
    }

    /** A mutant of {@code seed}: one mutation (most often), two or three, each chosen at random. */
    String mutate(String seed) {
        String s = seed;
        int roll = random.nextInt(10);
        int n = roll < 6 ? 1 : roll < 9 ? 2 : 3;
        for (int i = 0; i < n; i++) {
            String next = once(s);
            if (next.length() <= MAX_LENGTH) s = next; // a bigger text would only test the heap of the test JVM
        }
        return s;
    }

    /** The longest mutant: 4 million characters (8 MB as a Java string). */
    static final int MAX_LENGTH = 4_000_000;

    private String once(String s) {
        switch (random.nextInt(15)) {
            case 0: return truncate(s);
            case 1: return deleteToken(s);
            case 2: return insertToken(s);
            case 3: return replaceToken(s);
            case 4: return swapTokens(s);
            case 5: return lines(s);
            case 6: return deepNesting(s);
            case 7: return hugeNumber(s);
            case 8: return hugeShape(s);
            case 9: return lineEnds(s);
            case 10: return oddCharacters(s);
            case 11: return longName(s);
            case 12: return s + "\n" + s; // a second model or train block of the same name
            case 13: return deleteToken(deleteToken(s));
            default: return insertToken(replaceToken(s));
        }
    }

    private List<int[]> tokens(String s) {
        List<int[]> t = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) t.add(new int[] {m.start(), m.end()});
        return t;
    }

    /** A random token that is not white space, or null. */
    private int[] someToken(String s, List<int[]> tokens) {
        for (int attempt = 0; attempt < 20 && !tokens.isEmpty(); attempt++) {
            int[] t = tokens.get(random.nextInt(tokens.size()));
            if (!s.substring(t[0], t[1]).isBlank()) return t;
        }
        return null;
    }

    private String truncate(String s) {
        return s.substring(0, random.nextInt(s.length() + 1));
    }

    private String deleteToken(String s) {
        int[] t = someToken(s, tokens(s));
        return t == null ? s : s.substring(0, t[0]) + s.substring(t[1]);
    }

    private String insertToken(String s) {
        List<int[]> tokens = tokens(s);
        int at = tokens.isEmpty() ? 0 : tokens.get(random.nextInt(tokens.size()))[random.nextInt(2)];
        String word = VOCABULARY[random.nextInt(VOCABULARY.length)];
        String sep = random.nextBoolean() ? " " : "";
        return s.substring(0, at) + sep + word + sep + s.substring(at);
    }

    private String replaceToken(String s) {
        int[] t = someToken(s, tokens(s));
        if (t == null) return s;
        return s.substring(0, t[0]) + VOCABULARY[random.nextInt(VOCABULARY.length)] + s.substring(t[1]);
    }

    private String swapTokens(String s) {
        List<int[]> tokens = tokens(s);
        int[] a = someToken(s, tokens), b = someToken(s, tokens);
        if (a == null || b == null || a[0] == b[0]) return s;
        if (a[0] > b[0]) {
            int[] x = a;
            a = b;
            b = x;
        }
        return s.substring(0, a[0]) + s.substring(b[0], b[1]) + s.substring(a[1], b[0]) + s.substring(a[0], a[1])
                + s.substring(b[1]);
    }

    private String lines(String s) {
        List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
        if (lines.isEmpty()) return s;
        int i = random.nextInt(lines.size());
        switch (random.nextInt(3)) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, lines.get(i));
            default -> lines.add(i, lines.remove(random.nextInt(lines.size())));
        }
        return String.join("\n", lines);
    }

    /** Nests a name or number of an expression (after '=' or 'loss') many levels deep. */
    private String deepNesting(String s) {
        List<int[]> candidates = new ArrayList<>();
        for (int[] t : tokens(s)) {
            String w = s.substring(t[0], t[1]);
            int lineStart = t[0] == 0 ? 0 : s.lastIndexOf('\n', t[0] - 1) + 1;
            String before = s.substring(lineStart, t[0]);
            if ((Character.isLetterOrDigit(w.charAt(0)) || w.charAt(0) == '_') && (before.contains("=") || before.contains("loss"))) {
                candidates.add(t);
            }
        }
        int[] t = candidates.isEmpty() ? someToken(s, tokens(s)) : candidates.get(random.nextInt(candidates.size()));
        if (t == null) return s;
        String w = s.substring(t[0], t[1]);
        int n = DEPTHS[random.nextInt(DEPTHS.length)];
        String nested = switch (random.nextInt(7)) {
            case 0 -> "(".repeat(n) + w + ")".repeat(n);
            case 1 -> "tanh(".repeat(n) + w + ")".repeat(n);
            case 2 -> "-".repeat(n) + w;
            case 3 -> w + (" + " + w).repeat(n);
            case 4 -> w + " ** 1".repeat(n);
            case 5 -> w + (" * " + w).repeat(n);
            default -> "(".repeat(n) + w; // never closed
        };
        return s.substring(0, t[0]) + nested + s.substring(t[1]);
    }

    private String hugeNumber(String s) {
        List<int[]> numbers = new ArrayList<>();
        for (int[] t : tokens(s)) if (Character.isDigit(s.charAt(t[0]))) numbers.add(t);
        if (numbers.isEmpty()) return insertToken(s);
        int[] t = numbers.get(random.nextInt(numbers.size()));
        return s.substring(0, t[0]) + HUGE_NUMBERS[random.nextInt(HUGE_NUMBERS.length)] + s.substring(t[1]);
    }

    /** Replaces a dimension of a shape ({@code [..]}) or a class count. */
    private String hugeShape(String s) {
        List<int[]> dims = new ArrayList<>();
        for (int[] t : tokens(s)) {
            if (!Character.isDigit(s.charAt(t[0]))) continue;
            int open = s.lastIndexOf('[', t[0]), close = s.lastIndexOf(']', t[0]), paren = s.lastIndexOf("class(", t[0]);
            if (open > close || paren >= 0 && paren > s.lastIndexOf(')', t[0])) dims.add(t);
        }
        if (dims.isEmpty()) return hugeNumber(s);
        int[] t = dims.get(random.nextInt(dims.size()));
        return s.substring(0, t[0]) + HUGE_DIMS[random.nextInt(HUGE_DIMS.length)] + s.substring(t[1]);
    }

    private String lineEnds(String s) {
        return switch (random.nextInt(4)) {
            case 0 -> s.replace("\n", "\r\n");
            case 1 -> s.replace("\n", "\r");
            case 2 -> {
                StringBuilder sb = new StringBuilder();
                for (char c : s.toCharArray()) {
                    if (c == '\n') sb.append(random.nextBoolean() ? "\r\n" : random.nextBoolean() ? "\r" : "\n");
                    else sb.append(c);
                }
                yield sb.toString();
            }
            default -> s.replace("\n", "\n\r");
        };
    }

    private String oddCharacters(String s) {
        int at = random.nextInt(s.length() + 1);
        return s.substring(0, at) + ODD[random.nextInt(ODD.length)] + s.substring(at);
    }

    private String longName(String s) {
        List<int[]> names = new ArrayList<>();
        for (int[] t : tokens(s)) if (Character.isLetter(s.charAt(t[0]))) names.add(t);
        if (names.isEmpty()) return s;
        int[] t = names.get(random.nextInt(names.size()));
        String name = s.substring(t[0], t[1]);
        int length = random.nextInt(4) > 0 ? 254 + random.nextInt(4) : 70_000;
        String longer = name + "n".repeat(Math.max(0, length - name.length()));
        // every use of the name (whole words only), so that the model may still be valid
        return Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(s).replaceAll(Matcher.quoteReplacement(longer));
    }
}
