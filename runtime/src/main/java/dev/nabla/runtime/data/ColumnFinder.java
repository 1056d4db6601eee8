package dev.nabla.runtime.data;

import java.util.List;
import java.util.Locale;

/**
 * Finds columns of a CSV header by name; a name not found is reported with the closest existing
 * name (if one is close) and the list of available columns.
 */
final class ColumnFinder {
    private static final int MAX_LISTED = 20;

    private final String fileName;
    private final long headerLine;
    private final List<String> header;

    ColumnFinder(String fileName, long headerLine, List<String> header) {
        this.fileName = fileName;
        this.headerLine = headerLine;
        this.header = header;
    }

    /**
     * The 0-based index of column {@code name}.
     *
     * @param role how the column is used, for the message: "label column", "feature column"...
     */
    int find(String name, String role) throws DataException {
        int i = header.indexOf(name);
        if (i >= 0) return i;
        StringBuilder m = new StringBuilder(role).append(" '").append(name).append("' not found");
        String closest = closest(name, header);
        if (closest != null) m.append("; did you mean '").append(closest).append("'?");
        m.append(closest == null ? "; available" : " Available").append(" columns: ").append(list(header));
        throw DataException.atLine(fileName, headerLine, m.toString());
    }

    /** Names joined with ", ", cut after {@value #MAX_LISTED} with the total count. */
    static String list(List<String> names) {
        if (names.size() <= MAX_LISTED) return String.join(", ", names);
        return String.join(", ", names.subList(0, MAX_LISTED)) + ", ... (" + names.size() + " in all)";
    }

    /**
     * The candidate closest to {@code name} by edit distance (ignoring case), or null when none is
     * close: within a third of the name's length, at least 1 and at most 3 edits.
     */
    static String closest(String name, List<String> candidates) {
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

    static int editDistance(String a, String b) { return dev.nabla.runtime.EditDistance.between(a, b); }
}
