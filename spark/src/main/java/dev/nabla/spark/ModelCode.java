package dev.nabla.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A generated model class as the executors receive it: its qualified name and Java source, and the SHA-256 of the
 * source under which each executor JVM keeps the class it compiled ({@link WorkerModels}).
 */
public record ModelCode(String className, String source, String hash) implements Serializable {
    public ModelCode {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(hash, "hash");
    }

    public static ModelCode of(String className, String source) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return new ModelCode(className, source, HexFormat.of().formatHex(md.digest(source.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
