package dev.nabla.cli;

import dev.nabla.runtime.data.MissingPolicy;

/** Flag values shared by several commands. */
final class Flags {
    private Flags() {}

    /** {@code --on-missing error|drop}; null when the flag is absent. */
    static MissingPolicy missingPolicy(String value) {
        if (value == null) return null;
        return switch (value) {
            case "error" -> MissingPolicy.ERROR;
            case "drop" -> MissingPolicy.DROP;
            default -> throw new UserError("--on-missing must be error or drop, got '" + value + "'");
        };
    }
}
