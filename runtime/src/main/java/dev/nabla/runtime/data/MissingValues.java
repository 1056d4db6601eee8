package dev.nabla.runtime.data;

import java.util.List;
import java.util.Set;

/**
 * The CSV field values read as "missing". After trimming surrounding white space, a field is missing
 * when it is one of: the empty string, {@code NA}, {@code N/A}, {@code NaN}, {@code nan},
 * {@code null}, {@code ?} (compared exactly, case included).
 */
public final class MissingValues {
    /** Every value read as missing, in the order documented above. */
    public static final List<String> TOKENS = List.of("", "NA", "N/A", "NaN", "nan", "null", "?");

    private static final Set<String> SET = Set.copyOf(TOKENS);

    private MissingValues() {}

    /** Whether a raw field (not yet trimmed) is a missing value. */
    public static boolean isMissing(String field) {
        String t = field.trim();
        if (t.isEmpty()) return true;
        char c = t.charAt(0);   // every other token starts with one of these: skip the set for numbers
        return (c == 'N' || c == 'n' || c == '?') && SET.contains(t);
    }

    /** How a missing field is shown in messages: {@code (empty field)} or the quoted value. */
    static String describe(String field) {
        String t = field.trim();
        return t.isEmpty() ? "(empty field)" : "'" + t + "'";
    }
}
