package dev.nabla.runtime.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipException;

/** File names as shown to users, and I/O exceptions turned into {@link DataException}s. */
final class FileNames {
    private FileNames() {}

    /** The file's name without its directory. */
    static String of(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** An I/O failure as a message about {@code fileName}. */
    static DataException readError(String fileName, IOException e) {
        if (e instanceof NoSuchFileException) return DataException.of(fileName, "file not found");
        if (e instanceof AccessDeniedException) return DataException.of(fileName, "cannot read the file: permission denied");
        if (e instanceof CharacterCodingException) return DataException.of(fileName, "cannot read the file: not UTF-8 text");
        if (e instanceof ZipException) return DataException.of(fileName, "corrupt gzip data");
        return DataException.of(fileName, "cannot read the file (" + e.getClass().getSimpleName() + ")");
    }
}
