package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8ReaderTest {
    static String readAll(byte[] b) throws IOException {
        StringWriter w = new StringWriter();
        try (Reader r = new Utf8Reader(new ByteArrayInputStream(b))) {
            r.transferTo(w);
        }
        return w.toString();
    }

    @Test
    void decodesUtf8AndSkipsAByteOrderMark() throws IOException {
        assertEquals("café,naïve\n", readAll("\uFEFFcafé,naïve\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a\uFEFFb", readAll("a\uFEFFb".getBytes(StandardCharsets.UTF_8)), "only a leading mark is skipped");
        assertEquals("", readAll(new byte[0]));
    }

    @Test
    void malformedBytesNameTheirLineAcrossBufferBoundaries() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) text.append(i % 3 == 0 ? "x,y\r\n" : i % 3 == 1 ? "é,ü\n" : "a,b\r");
        byte[] good = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[good.length + 2];
        System.arraycopy(good, 0, bad, 0, good.length);
        bad[good.length] = (byte) 0xE9; // Latin-1 é
        bad[good.length + 1] = '\n';
        Utf8Reader.MalformedException e = assertThrows(Utf8Reader.MalformedException.class, () -> readAll(bad));
        assertEquals(20_001, e.line);
    }

    @Test
    void aTruncatedSequenceAtTheEndIsMalformed() {
        byte[] b = {'a', '\n', (byte) 0xC3};
        assertEquals(2, assertThrows(Utf8Reader.MalformedException.class, () -> readAll(b)).line);
    }
}
