package dev.nabla.runtime.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order given to class names and categories: numerically when every value is a number
 * ({@code 2} before {@code 10}), otherwise by {@link String#compareTo} (case-sensitive, so
 * upper case before lower case).
 */
public final class ValueOrder {
    private ValueOrder() {}

    public static List<String> sorted(Collection<String> values) {
        List<String> list = new ArrayList<>(values);
        if (list.stream().allMatch(Numbers::isNumber)) {
            list.sort(Comparator.comparingDouble((String v) -> Numbers.parse(v))
                    .thenComparing(Comparator.naturalOrder()));
        } else {
            list.sort(Comparator.naturalOrder());
        }
        return list;
    }
}
