package dev.nabla.cli;

import dev.nabla.compiler.diag.SourceFile;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a model file for the commands, with user-facing errors; {@code -} is standard input. */
final class ModelSource {
    private ModelSource() {}

    /** How diagnostics name a model read from standard input. */
    static final String STDIN_NAME = "<stdin>";

    static SourceFile read(Path file) {
        if (OutputFiles.isStandardStream(file)) return new SourceFile(STDIN_NAME, StandardInput.readText("the model file"));
        try {
            if (Files.isDirectory(file)) throw new UserError(file + ": is a directory, not a model file");
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return new SourceFile(file.toString(), text);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new UserError(file + ": not a UTF-8 text file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        }
    }
}
