package dev.nabla.runtime.io;

import static dev.nabla.runtime.io.FileBytes.concat;
import static dev.nabla.runtime.io.FileBytes.padded;
import static dev.nabla.runtime.io.FileBytes.u64;
import static dev.nabla.runtime.io.FileBytes.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a file can be truncated or corrupt, with the exact message the reader gives. */
class SafetensorsCorruptionTest {
    private static final String W1 = "{\"W1\":{\"dtype\":\"F32\",\"shape\":[16,4],\"data_offsets\":[0,256]}}";

    @TempDir
    Path dir;

    // ---- the length field ----

    @Test
    void emptyFile() throws Exception {
        assertProblem(new byte[0], "truncated: the file is empty");
    }

    @Test
    void fileShorterThanTheLengthField() throws Exception {
        assertProblem(new byte[] {8, 0, 0, 0, 0}, "truncated: the file has only 5 bytes, fewer than the 8-byte header length");
    }

    @Test
    void headerCutShort() throws Exception {
        assertProblem(concat(u64(1234), zeros(1000)),
                "truncated: the header announces 1234 bytes of JSON but the file has only 1000 bytes after the length");
    }

    @Test
    void headerLengthLargerThanTheFile() throws Exception {
        assertProblem(concat(u64(8589934592L), "{}".getBytes(StandardCharsets.US_ASCII)),
                "not a safetensors file: header length 8589934592 is larger than the file");
    }

    @Test
    void headerLengthIsUnsigned() throws Exception {
        assertProblem(concat(u64(-1), zeros(8)),
                "not a safetensors file: header length 18446744073709551615 is larger than the file");
    }

    @Test
    void aFileOfTextIsNotSafetensors() throws Exception {
        byte[] text = "# Nabla model\nparam W1[16,4]\n".getBytes(StandardCharsets.US_ASCII);
        assertProblem(text, "not a safetensors file: header length " + Long.toUnsignedString(FileBytes.readU64(text, 0))
                + " is larger than the file");
    }

    @Test
    void absurdHeaderLengthIsRefusedBeforeAllocating() throws Exception {
        Path file = dir.resolve("huge.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(u64(Safetensors.MAX_HEADER_BYTES + 8));
            f.setLength(Safetensors.MAX_HEADER_BYTES + 100); // sparse: nothing is really written
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(file));
        assertEquals(file + ": header length 100000008 exceeds the limit of 100000000 bytes", e.getMessage());
    }

    // ---- the header text ----

    @Test
    void headerThatIsNotAnObject() throws Exception {
        assertProblem(FileBytes.file(padded("[1, 2]"), new byte[0]),
                "not a safetensors file: the header does not start with '{'");
        assertProblem(FileBytes.file("", new byte[0]), "not a safetensors file: the header does not start with '{'");
    }

    @Test
    void headerThatIsNotUtf8() throws Exception {
        byte[] json = concat("{\"W".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, 0x28},
                "\":1}   ".getBytes(StandardCharsets.US_ASCII));
        assertProblem(concat(u64(json.length), json), "the header is not valid UTF-8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"W1\": {\"dtype\": \"F32\",      | End of input at line 1 column 24 path $.W1.dtype",
        "{\"W1\" 3}                          | Expected ':' at line 1 column 8 path $.W1",
        "{'W1': {}}                          | malformed JSON at line 1 column 3 path $.",
        "{} x                                | malformed JSON at line 1 column 5 path $",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1,],\"data_offsets\":[0,4]}} | malformed JSON at line 1 column 33 path $.a.shape[1]",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[01],\"data_offsets\":[0,4]}} | malformed JSON at line 1 column 30 path $.a.shape[0]",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[NaN],\"data_offsets\":[0,4]}} | malformed JSON at line 1 column 30 path $.a.shape[0]",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},} | Expected name at line 1 column 56 path $.a",
        "{\"a\":{\"dtype\":\"F32\" /* c */,\"shape\":[1],\"data_offsets\":[0,4]}} | malformed JSON at line 1 column 22 path $.a.dtype",
        "{\"a\\x\":{}} | Invalid escape sequence at line 1 column 6 path $.",
        "{\"a\":{\"dtype\":\"F\u000132\"}} | Unescaped control characters (\\u0000-\\u001F) are not allowed in strict mode at line 1 column 16 path $.a.dtype",
    })
    void headerThatIsNotJson(String json, String gsonMessage) throws Exception {
        assertProblem(FileBytes.file(json, new byte[0]), "the header is not valid JSON: " + gsonMessage);
    }

    // ---- tensor entries ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"W1\":3}"
                + "| tensor 'W1': expected an object with dtype, shape and data_offsets but found a number",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[1]}}"
                + "| tensor 'W1': the field 'data_offsets' is missing",
        "{\"W1\":{\"shape\":[1],\"data_offsets\":[0,4]}}"
                + "| tensor 'W1': the field 'dtype' is missing",
        "{\"W1\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}"
                + "| tensor 'W1': the field 'shape' is missing",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[1],\"offsets\":[0,4]}}"
                + "| tensor 'W1': unknown field 'offsets'",
        "{\"W1\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
                + "| tensor 'W1': field 'dtype' appears twice",
        "{\"W1\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}"
                + "| tensor 'W1': dtype is not a string but a number",
        "{\"W1\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}"
                + "| tensor 'W1': dtype 'BF16' is not supported (supported: F32, F64, I32, I64)",
        "{\"W1\":{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
                + "| tensor 'W1': dtype 'f32' is not supported (supported: F32, F64, I32, I64)",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":4,\"data_offsets\":[0,16]}}"
                + "| tensor 'W1': shape is not an array but a number",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}"
                + "| tensor 'W1': shape must hold non-negative integers but holds -1",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,4]}}"
                + "| tensor 'W1': shape must hold non-negative integers but holds 2.5",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[1e2],\"data_offsets\":[0,400]}}"
                + "| tensor 'W1': shape must hold non-negative integers but holds 1e2",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[\"4\"],\"data_offsets\":[0,16]}}"
                + "| tensor 'W1': shape must hold non-negative integers but holds a string",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}"
                + "| tensor 'W1': data_offsets holds 99999999999999999999, which is too large",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}"
                + "| tensor 'W1': data_offsets must be [begin, end] but holds 3 numbers",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}"
                + "| tensor 'W1': data_offsets [8,4] end before they begin",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[16,4],\"data_offsets\":[0,200]}}"
                + "| tensor 'W1': dtype F32 with shape [16,4] needs 256 bytes but data_offsets cover 200",
        "{\"W1\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}"
                + "| tensor 'W1': shape [4294967296,4294967296] has more bytes than a 64-bit size can count",
        "{\"W1\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"W1\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}"
                + "| tensor 'W1' appears twice in the header",
    })
    void malformedTensorEntry(String json, String problem) throws Exception {
        assertProblem(FileBytes.file(padded(json), zeros(8)), problem);
    }

    // ---- metadata ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"__metadata__\":{\"seed\":42}}                | metadata value for 'seed' is not a string",
        "{\"__metadata__\":{\"seed\":null}}              | metadata value for 'seed' is not a string",
        "{\"__metadata__\":{\"a\":{\"b\":\"c\"}}}        | metadata value for 'a' is not a string",
        "{\"__metadata__\":[\"seed\"]}                   | __metadata__ is not an object but an array",
        "{\"__metadata__\":{\"seed\":\"1\",\"seed\":\"2\"}} | metadata key 'seed' appears twice",
        "{\"__metadata__\":{},\"__metadata__\":{}}       | the header holds __metadata__ twice",
    })
    void malformedMetadata(String json, String problem) throws Exception {
        assertProblem(FileBytes.file(padded(json), new byte[0]), problem);
    }

    // ---- how the tensors cover the data ----

    @Test
    void trailingBytesNotCoveredByAnyTensor() throws Exception {
        assertProblem(FileBytes.file(padded(W1), zeros(300)), "bytes 256..300 of the data are not covered by any tensor");
    }

    @Test
    void holeBetweenTensors() throws Exception {
        String json = "{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
        assertProblem(FileBytes.file(padded(json), zeros(24)), "bytes 8..16 of the data are not covered by any tensor");
    }

    @Test
    void holeAtTheStartOfTheData() throws Exception {
        String json = "{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
        assertProblem(FileBytes.file(padded(json), zeros(16)), "bytes 0..8 of the data are not covered by any tensor");
    }

    @Test
    void overlappingTensors() throws Exception {
        String json = "{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertProblem(FileBytes.file(padded(json), zeros(12)),
                "tensor 'a' (bytes 0..8) and tensor 'b' (bytes 4..12) overlap");
    }

    @Test
    void emptyTensorInsideAnotherOverlaps() throws Exception {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}";
        assertProblem(FileBytes.file(padded(json), zeros(8)),
                "tensor 'a' (bytes 0..8) and tensor 'e' (bytes 4..4) overlap");
    }

    @Test
    void dataCutShort() throws Exception {
        assertProblem(FileBytes.file(padded(W1), zeros(200)),
                "truncated: the tensors need 256 bytes of data but the file has only 200 bytes after the header");
    }

    @Test
    void everyTruncationOfAValidFileIsReported() throws Exception {
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, Map.of("W1", TensorEntry.f32(new float[64], 16, 4),
                "b1", TensorEntry.i64(new long[] {1, 2}, 2)), Map.of("epoch", "7"));
        byte[] bytes = Files.readAllBytes(good);
        int dataStart = 8 + (int) FileBytes.readU64(bytes, 0);
        for (int length = 0; length < bytes.length; length++) {
            Path cut = dir.resolve("cut.safetensors");
            Files.write(cut, Arrays.copyOf(bytes, length));
            CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(cut));
            assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
            if (length >= 8 && length != dataStart) {
                String kind = length < dataStart ? "truncated: the header announces" : "truncated: the tensors need";
                assertTrue(e.problem().startsWith(kind), length + ": " + e.problem());
            }
        }
    }

    // ---- the file itself ----

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(file));
        assertEquals(file + ": cannot read: no such file", e.getMessage());
        assertTrue(e.getCause() instanceof IOException);
    }

    @Test
    void directoryInsteadOfFile() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(dir));
        assertEquals(dir + ": cannot read: it is a directory", e.getMessage());
    }

    @Test
    void absurdlyLongNamesAreShortenedInMessages() throws Exception {
        String name = "n".repeat(500);
        String json = "{\"" + name + "\":7}";
        assertProblem(FileBytes.file(padded(json), new byte[0]),
                "tensor '" + "n".repeat(80) + "...' (500 characters): expected an object with dtype, shape and "
                        + "data_offsets but found a number");
    }

    private void assertProblem(byte[] fileBytes, String problem) throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.write(file, fileBytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(file));
        assertEquals(file + ": " + problem, e.getMessage());
        assertEquals(problem, e.problem());
        assertEquals(file, e.file());
        assertEquals(0, e.getStackTrace().length, "no stack trace");
        if (!problem.startsWith("cannot read")) assertNull(e.getCause(), "format problems have no cause");
    }
}
