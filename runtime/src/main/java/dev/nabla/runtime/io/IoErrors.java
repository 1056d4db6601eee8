package dev.nabla.runtime.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Describes an I/O failure in words for a {@link CheckpointException} message. */
final class IoErrors {
    private IoErrors() {}

    static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof DirectoryNotEmptyException) return "a non-empty directory is in the way";
        if (e instanceof FileSystemException f) return f.getClass().getSimpleName() + " on " + f.getFile();
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
