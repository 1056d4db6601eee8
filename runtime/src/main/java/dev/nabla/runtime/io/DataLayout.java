package dev.nabla.runtime.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks that a header's {@code data_offsets} describe the data buffer exactly, as the reference
 * safetensors loader requires: each tensor's byte range is as long as its dtype and shape need, and
 * the ranges, sorted, cover the whole buffer with no hole and no overlap. Ranges are written
 * {@code begin..end} with {@code end} exclusive.
 */
final class DataLayout {
    private DataLayout() {}

    /** Checks the tensors of one header against a data buffer of {@code dataLength} bytes. */
    static void check(List<TensorInfo> tensors, long dataLength) throws FormatException {
        for (TensorInfo t : tensors) checkSize(t);
        List<TensorInfo> byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long covered = 0;
        TensorInfo previous = null;
        for (TensorInfo t : byOffset) {
            if (t.begin() > covered) {
                throw new FormatException(uncovered(covered, t.begin()));
            }
            if (t.begin() < covered) {
                throw new FormatException(previous.label() + " (bytes " + range(previous) + ") and "
                        + t.label() + " (bytes " + range(t) + ") overlap");
            }
            covered = t.end();
            previous = t;
        }
        if (covered > dataLength) {
            throw new FormatException("truncated: the tensors need " + covered + " bytes of data but the file has only "
                    + dataLength + " bytes after the header");
        }
        if (covered < dataLength) {
            throw new FormatException(uncovered(covered, dataLength));
        }
    }

    private static void checkSize(TensorInfo t) throws FormatException {
        if (t.end() < t.begin()) {
            throw new FormatException(t.label() + ": data_offsets [" + t.begin() + "," + t.end()
                    + "] end before they begin");
        }
        long needed;
        try {
            needed = Shapes.byteSize(t.dtype(), t.shape());
        } catch (ArithmeticException e) {
            throw new FormatException(t.label() + ": shape " + Shapes.format(t.shape())
                    + " has more bytes than a 64-bit size can count");
        }
        if (needed != t.end() - t.begin()) {
            throw new FormatException(t.label() + ": dtype " + t.dtype() + " with shape " + Shapes.format(t.shape())
                    + " needs " + needed + " bytes but data_offsets cover " + (t.end() - t.begin()));
        }
    }

    private static String uncovered(long from, long to) {
        return "bytes " + from + ".." + to + " of the data are not covered by any tensor";
    }

    private static String range(TensorInfo t) {
        return t.begin() + ".." + t.end();
    }
}
