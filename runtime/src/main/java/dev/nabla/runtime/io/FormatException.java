package dev.nabla.runtime.io;

/**
 * A broken rule of the safetensors format, found while decoding bytes that are not tied to a file yet;
 * {@link Safetensors#read} turns it into a {@link CheckpointException} naming the file.
 */
final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private static final int MAX_QUOTED_NAME = 80;

    FormatException(String problem) {
        super(problem, null, false, false);
    }

    /** A name from the file quoted for a message, shortened if a corrupt file made it absurdly long. */
    static String quote(String name) {
        if (name.length() <= MAX_QUOTED_NAME) return "'" + name + "'";
        return "'" + name.substring(0, MAX_QUOTED_NAME) + "...' (" + name.length() + " characters)";
    }
}
