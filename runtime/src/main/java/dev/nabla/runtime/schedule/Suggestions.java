package dev.nabla.runtime.schedule;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the accepted name a misspelled one most likely meant. */
final class Suggestions {
    private Suggestions() {}

    /**
     * The accepted name closest to {@code given}: equal up to case, underscores and hyphens; else one that
     * contains the other (both at least 3 characters); else one within an edit distance (with transpositions)
     * of a third of the length, at least 1. Ties go to the earlier name in {@code accepted}.
     */
    static Optional<String> closest(String given, Collection<String> accepted) {
        if (given == null) return Optional.empty();
        String g = normalize(given);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : accepted) {
            String c = normalize(candidate);
            if (c.equals(g)) return Optional.of(candidate);
            boolean contains = g.length() >= 3 && c.length() >= 3 && (c.contains(g) || g.contains(c));
            int distance = distance(g, c);
            boolean near = distance <= Math.max(1, g.length() / 3);
            if ((contains || near) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean 'x'?)"} or the empty string. */
    static String didYouMean(String given, Collection<String> accepted) {
        return closest(given, accepted).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
