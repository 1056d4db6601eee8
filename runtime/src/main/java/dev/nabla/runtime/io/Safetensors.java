package dev.nabla.runtime.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes checkpoints in the Hugging Face safetensors format, which PyTorch, JAX and NumPy
 * tools read as well.
 *
 * <p>The layout: an 8-byte little-endian unsigned length {@code N}; {@code N} bytes of UTF-8 JSON mapping
 * each tensor name to {@code {"dtype": "F32", "shape": [16, 4], "data_offsets": [begin, end]}} (offsets
 * relative to the start of the data, {@code end} exclusive), plus an optional {@code "__metadata__"}
 * object of strings; then the data buffer, little-endian row-major. Nabla writes the header padded with
 * spaces so the data starts at an 8-byte boundary, and reads F32, F64, I32 and I64 tensors.
 *
 * <pre>{@code
 * Map<String, TensorEntry> tensors = new LinkedHashMap<>();
 * tensors.put("W1", TensorEntry.f32(w1, 16, 4));
 * Safetensors.write(dir.resolve("model.safetensors"), tensors, Map.of("epoch", "12"));
 * Checkpoint back = Safetensors.read(dir.resolve("model.safetensors"));
 * }</pre>
 */
public final class Safetensors {
    /** The largest header accepted, as in the reference implementation: 100 MB. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The data buffer starts at a multiple of this many bytes from the start of the file. */
    public static final int ALIGNMENT = 8;

    private Safetensors() {}

    /**
     * Writes a checkpoint atomically: to a temporary file in the same directory, forced to disk, then
     * moved over {@code file}. If the write fails, an existing {@code file} is left as it was and no
     * temporary file remains.
     *
     * <p>The header lists the tensors in the iteration order of {@code tensors} (use a {@code LinkedHashMap}
     * to choose it); in the data, tensors of 8-byte dtypes precede those of 4-byte dtypes so each is
     * aligned. Empty {@code metadata} writes no {@code __metadata__} entry.
     *
     * @param file     where the checkpoint goes; its directory must exist
     * @param tensors  tensor name to tensor; no name may be {@code __metadata__}
     * @param metadata free-form strings stored with the tensors, e.g. the epoch or the model file's hash
     * @throws CheckpointException      if the file cannot be written; the message names the file
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__} or the header would exceed
     *                                  {@link #MAX_HEADER_BYTES}
     */
    public static void write(Path file, Map<String, TensorEntry> tensors, Map<String, String> metadata)
            throws CheckpointException {
        write(file, new Checkpoint(tensors, metadata));
    }

    /** Writes {@code checkpoint} as {@link #write(Path, Map, Map)} does. */
    public static void write(Path file, Checkpoint checkpoint) throws CheckpointException {
        Objects.requireNonNull(file, "file");
        if (checkpoint.tensors().containsKey(Header.METADATA_KEY)) {
            throw new IllegalArgumentException("a tensor cannot be named " + Header.METADATA_KEY
                    + ": the format reserves that key for metadata");
        }
        HeaderEncoder.Encoded encoded = HeaderEncoder.encode(checkpoint.tensors(), checkpoint.metadata());
        if (encoded.header().length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header would take " + encoded.header().length
                    + " bytes, more than the " + MAX_HEADER_BYTES + " bytes readers accept");
        }
        try {
            AtomicFileWriter.write(file, channel -> SafetensorsWriter.writeTo(channel, encoded));
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot write: " + IoErrors.describe(e), e);
        }
    }

    /**
     * Reads and checks a whole checkpoint. Tensors come back in the order of the file's header.
     *
     * <p>Everything the reference loader enforces is checked: the header length fits the file and
     * {@link #MAX_HEADER_BYTES}, the header is UTF-8 JSON of the form above without duplicate names, metadata
     * values are strings, each tensor's byte range has the size its dtype and shape need, and the ranges
     * cover the data buffer exactly, with no hole and no overlap. A header that is not padded to
     * {@link #ALIGNMENT} is accepted, as the reference loader accepts it.
     *
     * @throws CheckpointException if the file cannot be read, is truncated or corrupt, or holds a dtype other
     *                             than F32, F64, I32 or I64; the message names the file and the problem
     */
    public static Checkpoint read(Path file) throws CheckpointException {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) throw new CheckpointException(file, "cannot read: it is a directory");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return SafetensorsReader.read(channel);
        } catch (FormatException e) {
            throw new CheckpointException(file, e.getMessage());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + IoErrors.describe(e), e);
        }
    }
}
