package dev.nabla.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX files whose header announces more than they hold or more than memory holds: a small gzip file can
 * decompress to gigabytes of zeros. The decoded size is checked against the header and the free heap before
 * anything is read, and memory grows only with the data that really arrives.
 */
class IdxBombTest {
    @TempDir
    Path dir;

    /** A gzip file: an IDX header, then {@code zeros} zero bytes, written as they compress. */
    private Path gzip(String name, int[] header, long zeros) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16)) {
            ByteBuffer h = ByteBuffer.allocate(4 * header.length);
            for (int x : header) h.putInt(x);
            out.write(h.array());
            byte[] block = new byte[1 << 16];
            for (long left = zeros; left > 0; left -= block.length) out.write(block, 0, (int) Math.min(left, block.length));
        }
        return f;
    }

    @Test
    void aHeaderAnnouncingMoreThanTheHeapHoldsIsRefusedBeforeReading() throws Exception {
        // 2,000,000 images of 1,000 pixels: 2 GB of bytes, 8 GB of floats; the file holds 4 MB of zeros
        Path bomb = gzip("bomb.gz", new int[] {IdxLoader.IMAGES_MAGIC, 2_000_000, 25, 40}, 4 << 20);
        assertTrue(Files.size(bomb) < 100_000, "a small file");
        DataException e = assertThrows(DataException.class, () -> IdxLoader.loadImages(bomb));
        assertTrue(e.getMessage().startsWith("bomb.gz: the header announces 2000000 images of 25x40 pixels, which take 7.5 GB "
                + "of memory decoded, more than the "), e.getMessage());
        assertTrue(e.getMessage().contains("give Java more memory (-Xmx"), e.getMessage());
    }

    @Test
    void moreValuesThanOneFileMayHoldAreRefused() throws Exception {
        Path f = gzip("huge.gz", new int[] {IdxLoader.IMAGES_MAGIC, 65_536, 256, 256}, 0);
        DataException e = assertThrows(DataException.class, () -> IdxLoader.loadImages(f));
        assertEquals("huge.gz: the header announces 65536 images of 256x256 pixels (4294967296 bytes), more than the "
                + "2147483639 values one file may hold", e.getMessage());
    }

    @Test
    void aHeaderAnnouncingMoreThanTheFileHoldsCostsOnlyWhatItHolds() throws Exception {
        // announces 200,000 images of 28x28 (627 MB of floats) but holds 10
        Path f = gzip("short.gz", new int[] {IdxLoader.IMAGES_MAGIC, 200_000, 28, 28}, 10 * 784);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        DataException e = assertThrows(DataException.class, () -> IdxLoader.loadImages(f));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals("short.gz: truncated: the header announces 200000 images of 28x28 pixels (156800000 bytes), but the "
                + "file holds only 7840", e.getMessage());
        assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes for a file of 10 images");
    }

    @Test
    void gigabytesBeyondTheAnnouncedDataAreNotAllRead() throws Exception {
        Path f = gzip("tail.gz", new int[] {IdxLoader.LABELS_MAGIC, 3}, 3 + (64L << 20));
        DataException e = assertThrows(DataException.class, () -> IdxLoader.loadLabels(f));
        assertEquals("tail.gz: the header announces 3 labels (3 bytes), but the file holds more than 1048576 bytes beyond that",
                e.getMessage());
    }

    @Test
    void labelsAnnouncingMoreThanTheHeapHoldsAreRefused() throws Exception {
        Path f = gzip("labels.gz", new int[] {IdxLoader.LABELS_MAGIC, Integer.MAX_VALUE - 8}, 1000);
        long max = Runtime.getRuntime().maxMemory();
        DataException e = assertThrows(DataException.class, () -> IdxLoader.loadLabels(f));
        if (max < 5L * (Integer.MAX_VALUE - 8)) {
            assertTrue(e.getMessage().startsWith("labels.gz: the header announces 2147483639 labels, which take 10.0 GB of "
                    + "memory decoded"), e.getMessage());
        } else {
            assertTrue(e.getMessage().startsWith("labels.gz: truncated"), e.getMessage());
        }
    }
}
