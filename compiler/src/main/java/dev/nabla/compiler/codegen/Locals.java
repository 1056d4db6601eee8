package dev.nabla.compiler.codegen;

import java.util.regex.Pattern;

/** Small facts about generated expressions. */
final class Locals {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Locals() {}

    /**
     * Whether an expression is a plain local name: a value that is one of its operands (a broadcast, a
     * reshape read at the same index) then reuses that local instead of copying it into a new one.
     */
    static boolean isSimple(String expression) {
        return IDENTIFIER.matcher(expression).matches();
    }
}
