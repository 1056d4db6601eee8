package dev.nabla.compiler.property;

import java.util.List;

/**
 * A stream of generator decisions. Every decision takes the next number modulo the number of options,
 * and 0 once the stream is used up; option 0 is always the simplest one. So when jqwik shrinks the list
 * (fewer, smaller numbers) the program shrinks toward fewer statements, smaller shapes and plainer ops.
 */
final class Choices {
    private final List<Integer> raw;
    private int pos;

    Choices(List<Integer> raw) { this.raw = raw; }

    /** A number in [0, n). */
    int pick(int n) {
        if (n <= 1) return 0;
        if (pos >= raw.size()) return 0;
        return Math.floorMod(raw.get(pos++), n);
    }

    /** True with probability about 1 / n; false when the stream is used up. */
    boolean oneIn(int n) { return n > 1 && pick(n) == 1; }

    <T> T of(List<T> options) { return options.get(pick(options.size())); }

    @SafeVarargs
    final <T> T of(T... options) { return options[pick(options.length)]; }
}
