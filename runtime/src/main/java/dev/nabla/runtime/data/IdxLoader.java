package dev.nabla.runtime.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads the IDX format of the MNIST files (plain or gzip-compressed; gzip is recognised by its magic
 * bytes {@code 0x1f 0x8b}, not by the file name). Only the unsigned-byte variants MNIST uses are read:
 * <ul>
 *   <li>images, magic {@code 0x00000803}: header {@code magic, n, rows, cols} (big-endian 32-bit), then
 *       {@code n × rows × cols} pixel bytes;</li>
 *   <li>labels, magic {@code 0x00000801}: header {@code magic, n}, then n label bytes.</li>
 * </ul>
 * The file must hold exactly the data its header announces, and the decoded data must fit in the memory the
 * JVM has free; both are checked against the header before the data is read, so a small compressed file
 * that announces more than it holds, or more than memory holds, is an error and not an
 * {@code OutOfMemoryError}.
 */
public final class IdxLoader {
    /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
    public static final int IMAGES_MAGIC = 0x00000803;

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private IdxLoader() {}

    /**
     * The images of an IDX image file, each flattened row by row to {@code rows × cols} floats in [0, 1] (byte / 255).
     *
     * <p>The decoded size is bounded before anything is read: the floats the header announces must fit in the
     * memory the JVM has free ({@link #checkMemory}), so a small gzip file that announces gigabytes (a
     * "gzip bomb") is refused with a message instead of running out of memory. Images are then allocated as
     * their bytes arrive, so a header that announces more than the file holds costs only what it holds.
     */
    public static float[][] loadImages(Path file) throws DataException {
        try (IdxStream in = IdxStream.open(file)) {
            checkMagic(in, in.readHeaderInt(16), IMAGES_MAGIC);
            int n = in.readHeaderInt(16);
            int rows = in.readHeaderInt(16);
            int cols = in.readHeaderInt(16);
            if (n < 0 || rows <= 0 || cols <= 0)
                throw DataException.of(in.fileName(), "bad dimensions in header: " + n + " images of " + rows + "x" + cols
                        + " pixels");
            if ((long) rows * cols > Integer.MAX_VALUE - 8)
                throw DataException.of(in.fileName(), "bad dimensions in header: images of " + rows + "x" + cols + " pixels");
            int size = rows * cols;
            String announced = n + " image" + (n == 1 ? "" : "s") + " of " + rows + "x" + cols + " pixels";
            long expected = (long) n * size;
            if (expected > MAX_VALUES)
                throw DataException.of(in.fileName(), "the header announces " + announced + " (" + expected
                        + " bytes), more than the " + MAX_VALUES + " values one file may hold");
            int chunkBytes = (int) Math.min(Math.max(size, CHUNK), Math.max(expected, 1));
            checkMemory(in.fileName(), announced, (long) n * (ARRAY_HEADER + 4L * size + REFERENCE) + ARRAY_HEADER + chunkBytes);
            float[][] images = new float[n][];
            byte[] chunk = new byte[chunkBytes];
            int perChunk = Math.max(1, chunk.length / size);
            for (int i = 0; i < n; ) {
                int count = Math.min(perChunk, n - i);
                in.readExactly(chunk, (long) count * size, (long) i * size, expected, announced);
                for (int c = 0, k = 0; c < count; c++, i++) {
                    float[] image = new float[size];
                    for (int j = 0; j < size; j++) image[j] = (chunk[k++] & 0xff) / 255f;
                    images[i] = image;
                }
            }
            in.expectEnd(expected, announced);
            return images;
        }
    }

    /** The labels of an IDX label file, as unsigned values 0–255. */
    public static int[] loadLabels(Path file) throws DataException {
        try (IdxStream in = IdxStream.open(file)) {
            checkMagic(in, in.readHeaderInt(8), LABELS_MAGIC);
            int n = in.readHeaderInt(8);
            if (n < 0) throw DataException.of(in.fileName(), "bad dimensions in header: " + n + " labels");
            String announced = n + " label" + (n == 1 ? "" : "s");
            if (n > MAX_VALUES)
                throw DataException.of(in.fileName(), "the header announces " + announced + " (" + n
                        + " bytes), more than the " + MAX_VALUES + " values one file may hold");
            checkMemory(in.fileName(), announced, 5L * n + 2 * ARRAY_HEADER);
            byte[] data = in.readData(n, announced);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = data[i] & 0xff;
            return labels;
        }
    }

    /** The most values (pixels of all images, or labels) one IDX file may hold: what one Java array can. */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    /** Bytes read per step when decoding images (at least one image). */
    private static final int CHUNK = 1 << 20;
    /** What a Java array costs beyond its elements, and one reference to it (upper bounds). */
    private static final long ARRAY_HEADER = 24, REFERENCE = 8;

    /**
     * Refuses to decode data that would not fit in the memory this JVM has free: the heap it may still grow
     * to, less what is in use.
     */
    static void checkMemory(String fileName, String announced, long bytes) throws DataException {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free) {
            throw DataException.of(fileName, "the header announces " + announced + ", which take " + size(bytes)
                    + " of memory decoded, more than the " + size(Math.max(free, 0)) + " this JVM has free (its maximum heap is "
                    + size(rt.maxMemory()) + "); give Java more memory (-Xmx, or NABLA_JAVA_OPTS for the nabla command) "
                    + "or use fewer examples");
        }
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }

    /**
     * MNIST as a classification dataset: the images as features ({@code pixel0} … row by row, in [0, 1])
     * and the digits as class indices with class names {@code "0"}…{@code "9"}.
     *
     * @throws DataException also when the two files hold different numbers of examples or a label is not 0–9
     */
    public static Dataset loadMnist(Path imagesFile, Path labelsFile) throws DataException {
        float[][] images = loadImages(imagesFile);
        int[] labels = loadLabels(labelsFile);
        String labelsName = FileNames.of(labelsFile);
        if (images.length != labels.length)
            throw DataException.of(labelsName, "holds " + labels.length + " labels, but " + FileNames.of(imagesFile)
                    + " holds " + images.length + " images");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] > 9)
                throw DataException.of(labelsName, "label " + (i + 1) + " of " + labels.length + " is " + labels[i]
                        + ", not a digit 0-9");
        }
        int size = images.length == 0 ? 0 : images[0].length;
        String[] names = new String[size];
        for (int j = 0; j < size; j++) names[j] = "pixel" + j;
        return Dataset.classification(images, names, labels, DIGITS);
    }

    private static void checkMagic(IdxStream in, int magic, int expected) throws DataException {
        if (magic == expected) return;
        String hint = magic == LABELS_MAGIC ? "; this is an IDX label file"
                : magic == IMAGES_MAGIC ? "; this is an IDX image file" : "";
        throw DataException.of(in.fileName(), String.format("bad magic number 0x%08x, expected 0x%08x (IDX %s)%s",
                magic, expected, expected == IMAGES_MAGIC ? "images" : "labels", hint));
    }
}
