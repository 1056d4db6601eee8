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
 * The file must hold exactly the data its header announces.
 */
public final class IdxLoader {
    /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
    public static final int IMAGES_MAGIC = 0x00000803;

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private IdxLoader() {}

    /** The images of an IDX image file, each flattened row by row to {@code rows × cols} floats in [0, 1] (byte / 255). */
    public static float[][] loadImages(Path file) throws DataException {
        try (IdxStream in = IdxStream.open(file)) {
            checkMagic(in, in.readHeaderInt(16), IMAGES_MAGIC);
            int n = in.readHeaderInt(16);
            int rows = in.readHeaderInt(16);
            int cols = in.readHeaderInt(16);
            if (n < 0 || rows <= 0 || cols <= 0)
                throw DataException.of(in.fileName(), "bad dimensions in header: " + n + " images of " + rows + "x" + cols
                        + " pixels");
            int size = rows * cols;
            if ((long) rows * cols > Integer.MAX_VALUE)
                throw DataException.of(in.fileName(), "bad dimensions in header: images of " + rows + "x" + cols + " pixels");
            byte[] data = in.readData((long) n * size, n + " image" + (n == 1 ? "" : "s") + " of " + rows + "x" + cols + " pixels");
            float[][] images = new float[n][size];
            for (int i = 0, k = 0; i < n; i++) {
                float[] image = images[i];
                for (int j = 0; j < size; j++) image[j] = (data[k++] & 0xff) / 255f;
            }
            return images;
        }
    }

    /** The labels of an IDX label file, as unsigned values 0–255. */
    public static int[] loadLabels(Path file) throws DataException {
        try (IdxStream in = IdxStream.open(file)) {
            checkMagic(in, in.readHeaderInt(8), LABELS_MAGIC);
            int n = in.readHeaderInt(8);
            if (n < 0) throw DataException.of(in.fileName(), "bad dimensions in header: " + n + " labels");
            byte[] data = in.readData(n, n + " label" + (n == 1 ? "" : "s"));
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = data[i] & 0xff;
            return labels;
        }
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
