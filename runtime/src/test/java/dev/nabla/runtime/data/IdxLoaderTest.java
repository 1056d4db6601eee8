package dev.nabla.runtime.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static dev.nabla.runtime.data.Fixtures.assertDataError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxLoaderTest {
    @TempDir
    Path dir;

    /** An IDX file: the header integers (big-endian) then the data bytes. */
    static byte[] idx(int[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 * header.length + data.length);
        for (int h : header) b.putInt(h);
        return b.put(data).array();
    }

    static byte[] images(int n, int rows, int cols, byte[] pixels) {
        return idx(new int[] {IdxLoader.IMAGES_MAGIC, n, rows, cols}, pixels);
    }

    static byte[] labels(byte... labels) {
        return idx(new int[] {IdxLoader.LABELS_MAGIC, labels.length}, labels);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** 2 images of 2x3 pixels: 0, 51, 102, 153, 204, 255 and their reverse. */
    static final byte[] PIXELS = {0, 51, 102, (byte) 153, (byte) 204, (byte) 255,
            (byte) 255, (byte) 204, (byte) 153, 102, 51, 0};

    @Test
    void plainAndGzipImagesReadTheSame() throws Exception {
        float[] first = {0, 0.2f, 0.4f, 0.6f, 0.8f, 1};
        for (Path file : List.of(write("images-idx3-ubyte", images(2, 2, 3, PIXELS)),
                write("images.gz", gzip(images(2, 2, 3, PIXELS))))) {
            float[][] x = IdxLoader.loadImages(file);
            assertEquals(2, x.length);
            assertArrayEquals(first, x[0], 1e-7f);
            assertEquals(1f, x[1][0]);
        }
    }

    @Test
    void labelsPlainAndGzip() throws Exception {
        assertArrayEquals(new int[] {7, 0, 200}, IdxLoader.loadLabels(write("labels", labels((byte) 7, (byte) 0, (byte) 200))));
        assertArrayEquals(new int[] {3}, IdxLoader.loadLabels(write("labels.gz", gzip(labels((byte) 3)))));
        assertArrayEquals(new int[0], IdxLoader.loadLabels(write("none", labels())));
    }

    @Test
    void mnistDataset() throws Exception {
        Dataset d = IdxLoader.loadMnist(write("img.gz", gzip(images(2, 2, 3, PIXELS))), write("lab", labels((byte) 9, (byte) 4)));
        assertEquals(2, d.size());
        assertEquals(6, d.featureCount());
        assertEquals("pixel5", d.featureNames()[5]);
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classNames());
        assertArrayEquals(new int[] {9, 4}, d.labels());
    }

    @Test
    void truncatedData() throws Exception {
        byte[] file = images(2, 2, 3, PIXELS);
        Path cut = write("images", Arrays.copyOf(file, file.length - 2));
        assertDataError("images: truncated: the header announces 2 images of 2x3 pixels (12 bytes), but the file holds only 10",
                () -> IdxLoader.loadImages(cut));
        Path labels = write("labels", Arrays.copyOf(labels((byte) 1, (byte) 2, (byte) 3), 10));
        assertDataError("labels: truncated: the header announces 3 labels (3 bytes), but the file holds only 2",
                () -> IdxLoader.loadLabels(labels));
    }

    @Test
    void truncatedGzip() throws Exception {
        byte[] pixels = new byte[4000];
        new Random(1).nextBytes(pixels);   // incompressible, so cutting the gzip file cuts the data
        byte[] gz = gzip(images(10, 20, 20, pixels));
        Path cut = write("images.gz", Arrays.copyOf(gz, gz.length / 2));
        DataException e = assertThrows(DataException.class, () -> IdxLoader.loadImages(cut));
        assertTrue(e.getMessage().matches("images\\.gz: truncated: the header announces 10 images of 20x20 pixels "
                + "\\(4000 bytes\\), but the file holds only \\d+ \\(the gzip data ends early\\)"), e.getMessage());

        byte[] small = gzip(labels((byte) 1, (byte) 2));
        Path noTrailer = write("labels.gz", Arrays.copyOf(small, small.length - 8));
        assertDataError("labels.gz: truncated: the gzip data ends early, after all 2 bytes of data but before the gzip trailer",
                () -> IdxLoader.loadLabels(noTrailer));
    }

    @Test
    void truncatedHeader() throws Exception {
        Path file = write("images", Arrays.copyOf(images(2, 2, 3, PIXELS), 7));
        assertDataError("images: truncated header: expected 16 bytes, found 7", () -> IdxLoader.loadImages(file));
        Path empty = write("empty", new byte[0]);
        assertDataError("empty: truncated header: expected 8 bytes, found 0", () -> IdxLoader.loadLabels(empty));
    }

    @Test
    void dataBeyondWhatTheHeaderAnnounces() throws Exception {
        byte[] file = labels((byte) 1, (byte) 2);
        Path longer = write("labels", Arrays.copyOf(file, file.length + 3));
        assertDataError("labels: the header announces 2 labels (2 bytes), but the file holds 5 (3 bytes too many)",
                () -> IdxLoader.loadLabels(longer));
    }

    @Test
    void badMagic() throws Exception {
        Path labelFile = write("t10k-labels", labels((byte) 1));
        assertDataError("t10k-labels: bad magic number 0x00000801, expected 0x00000803 (IDX images); this is an IDX label file",
                () -> IdxLoader.loadImages(labelFile));
        Path imageFile = write("t10k-images.gz", gzip(images(2, 2, 3, PIXELS)));
        assertDataError("t10k-images.gz: bad magic number 0x00000803, expected 0x00000801 (IDX labels); this is an IDX image file",
                () -> IdxLoader.loadLabels(imageFile));
        Path csv = write("train.csv", "label,pixel0\n1,0\n".getBytes());
        assertDataError("train.csv: bad magic number 0x6c616265, expected 0x00000803 (IDX images)",
                () -> IdxLoader.loadImages(csv));
    }

    @Test
    void badDimensions() throws Exception {
        Path file = write("images", images(1, 0, 3, new byte[0]));
        assertDataError("images: bad dimensions in header: 1 images of 0x3 pixels", () -> IdxLoader.loadImages(file));
        Path negative = write("labels", idx(new int[] {IdxLoader.LABELS_MAGIC, -1}, new byte[0]));
        assertDataError("labels: bad dimensions in header: -1 labels", () -> IdxLoader.loadLabels(negative));
    }

    @Test
    void mnistChecksCountsAndDigits() throws Exception {
        Path images = write("images.gz", gzip(images(2, 2, 3, PIXELS)));
        Path oneLabel = write("labels.gz", gzip(labels((byte) 1)));
        assertDataError("labels.gz: holds 1 labels, but images.gz holds 2 images", () -> IdxLoader.loadMnist(images, oneLabel));
        Path notDigit = write("labels", labels((byte) 1, (byte) 12));
        assertDataError("labels: label 2 of 2 is 12, not a digit 0-9", () -> IdxLoader.loadMnist(images, notDigit));
    }

    @Test
    void fileNotFoundAndDirectory() {
        assertDataError("nope.gz: file not found", () -> IdxLoader.loadImages(dir.resolve("nope.gz")));
        assertDataError(dir.getFileName() + ": is a directory, not an IDX file", () -> IdxLoader.loadLabels(dir));
    }

    @Test
    void corruptGzip() throws Exception {
        byte[] gz = gzip(labels((byte) 1, (byte) 2));
        gz[12] ^= (byte) 0xff;   // damage the deflate data
        gz[13] ^= (byte) 0xff;
        Path file = write("labels.gz", gz);
        DataException e = assertThrows(DataException.class, () -> IdxLoader.loadLabels(file));
        assertTrue(e.getMessage().startsWith("labels.gz: "), e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }
}
