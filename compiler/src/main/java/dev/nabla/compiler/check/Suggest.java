package dev.nabla.compiler.check;

import java.util.Collection;

/** "Did you mean ...?" for misspelled names. */
final class Suggest {
    private Suggest() {}

    /** The closest candidate within a small edit distance, or null. */
    static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : new java.util.TreeSet<>(candidates)) {
            int d = distance(word.toLowerCase(), c.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        int limit = word.length() <= 3 ? 1 : word.length() <= 6 ? 2 : 3;
        return bestD <= limit ? best : null;
    }

    /** {@code "; did you mean 'x'?"} (or {@code 'x' or 'y'} when equally close) or empty. */
    static String hint(String word, Collection<String> candidates) {
        java.util.List<String> best = new java.util.ArrayList<>();
        int bestD = Integer.MAX_VALUE;
        for (String c : new java.util.TreeSet<>(candidates)) {
            int d = distance(word.toLowerCase(), c.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best.clear();
            }
            if (d == bestD) best.add(c);
        }
        int limit = word.length() <= 3 ? 1 : word.length() <= 6 ? 2 : 3;
        if (best.isEmpty() || bestD > limit) return "";
        if (best.size() > 3) best = best.subList(0, 3);
        StringBuilder sb = new StringBuilder("; did you mean ");
        for (int i = 0; i < best.size(); i++) {
            if (i > 0) sb.append(i == best.size() - 1 ? " or " : ", ");
            sb.append('\'').append(best.get(i)).append('\'');
        }
        return sb.append('?').toString();
    }

    static int distance(String a, String b) { return dev.nabla.runtime.EditDistance.between(a, b); }
}
