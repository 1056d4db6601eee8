package dev.nabla.maven;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ant-style include and exclude patterns over {@code /}-separated relative paths, as Maven plugins take
 * them: {@code **} matches any number of folders (none included), {@code *} any characters within one
 * name, {@code ?} one character; a pattern ending in {@code /} means everything below that folder.
 */
final class PathPatterns {
    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    PathPatterns(Collection<String> includes, Collection<String> excludes) {
        this.includes = compile(includes);
        this.excludes = compile(excludes);
    }

    /** Whether {@code relativePath} (with {@code /} separators) is included and not excluded. */
    boolean matches(String relativePath) {
        return any(includes, relativePath) && !any(excludes, relativePath);
    }

    private static boolean any(List<Pattern> patterns, String path) {
        for (Pattern p : patterns) if (p.matcher(path).matches()) return true;
        return false;
    }

    private static List<Pattern> compile(Collection<String> patterns) {
        List<Pattern> out = new ArrayList<>();
        if (patterns == null) return out;
        for (String p : patterns) {
            if (p == null || p.isBlank()) continue;
            out.add(Pattern.compile(toRegex(p.trim())));
        }
        return out;
    }

    static String toRegex(String pattern) {
        String p = pattern.replace('\\', '/');
        while (p.startsWith("./")) p = p.substring(2);
        if (p.startsWith("/")) p = p.substring(1);
        if (p.endsWith("/")) p = p + "**";
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*') {
                if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
                    boolean slashAfter = i + 2 < p.length() && p.charAt(i + 2) == '/';
                    if (slashAfter) {
                        re.append("(?:.*/)?"); // **/ : zero or more folders
                        i += 2;
                    } else {
                        re.append(".*");
                        i += 1;
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
