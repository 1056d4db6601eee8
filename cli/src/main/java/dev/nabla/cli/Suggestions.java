package dev.nabla.cli;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean ...?" for file and column names: the closest candidate by edit distance, if close. */
final class Suggestions {
    private static final int MAX_LISTED = 12;

    private Suggestions() {}

    /**
     * The candidate closest to {@code name} (ignoring case), or null when none is close: at most a third of
     * the name's length in edits, between 1 and 3.
     */
    static String closest(String name, Collection<String> candidates) {
        String target = name.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, target.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(target, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /** {@code ; did you mean 'x'?}, or the empty string. */
    static String didYouMean(String name, Collection<String> candidates) {
        String c = closest(name, candidates);
        return c == null ? "" : "; did you mean '" + c + "'?";
    }

    /** Names joined with {@code ", "}, cut after a dozen with the total. */
    static String list(List<String> names) {
        if (names.size() <= MAX_LISTED) return String.join(", ", names);
        return String.join(", ", names.subList(0, MAX_LISTED)) + ", ... (" + names.size() + " in all)";
    }

    static int editDistance(String a, String b) { return dev.nabla.runtime.EditDistance.between(a, b); }
}
