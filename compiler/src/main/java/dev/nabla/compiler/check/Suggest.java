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

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    cur[j] = Math.min(cur[j], prev[j - 1]); // adjacent transposition (approximate)
                }
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
