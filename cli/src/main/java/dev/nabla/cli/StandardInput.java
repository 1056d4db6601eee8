package dev.nabla.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Standard input for {@code -} as a file name: the model file, training or evaluation data, or the rows to
 * predict. It can be read once per run; asking for it twice (the model file and the data both {@code -})
 * is an error that names both.
 */
final class StandardInput {
    /** How messages and checkpoints name data read from standard input. */
    static final String NAME = "stdin";

    private static String claimedBy;

    private StandardInput() {}

    /** Forgets earlier claims: a new run of the command line starts. */
    static void reset() {
        claimedBy = null;
    }

    /**
     * Takes standard input for {@code who} ({@code "the model file"}, {@code "--data"}).
     *
     * @throws UserError when something else already took it
     */
    static InputStream claim(String who) {
        if (claimedBy != null) {
            throw new UserError("standard input can be read only once, but both " + claimedBy + " and " + who
                    + " are '-'");
        }
        claimedBy = who;
        return Main.stdin();
    }

    /** All of standard input as UTF-8 text. */
    static String readText(String who) {
        try {
            byte[] bytes = claim(who).readAllBytes();
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UserError(who + " from standard input: not UTF-8 text");
        } catch (IOException e) {
            throw new UserError("cannot read standard input: " + e.getMessage());
        }
    }

    /**
     * All of standard input copied into a temporary file (deleted when the JVM exits), for readers that need a
     * file.
     */
    static Path copyToTempFile(String who, String suffix) {
        InputStream in = claim(who);
        try {
            Path tmp = Files.createTempFile("nabla-stdin-", suffix);
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new UserError("cannot read standard input for " + who + ": " + e.getMessage());
        }
    }
}
