package dev.nabla.runtime.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A checkpoint that cannot be read or written. The message names the file and says what is wrong in
 * words, e.g. {@code model.safetensors: truncated: the header announces 1234 bytes of JSON but the file
 * has only 1000 bytes after the length}. It carries no stack trace: the message is the whole story,
 * and the I/O error behind it, if any, is the {@linkplain #getCause() cause}.
 */
public final class CheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /** A problem with {@code file} described by {@code problem}, e.g. {@code the header is not valid UTF-8}. */
    public CheckpointException(Path file, String problem) {
        this(file, problem, null);
    }

    /** As {@link #CheckpointException(Path, String)}, caused by {@code cause}. */
    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause, false, false);
        this.file = Objects.requireNonNull(file, "file");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
