package dev.nabla.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV files are text in one encoding, UTF-8 unless the options say otherwise. Bytes that are not text in
 * that encoding are an error at their line and column, in labels, categories, numbers and the header,
 * never replaced in silence (which once merged the classes {@code café} and {@code cafè} into one).
 */
class CsvEncodingTest {
    @TempDir
    Path dir;

    private static final Charset LATIN_1 = StandardCharsets.ISO_8859_1;

    private Path write(String name, String text, Charset charset) throws Exception {
        return Files.write(dir.resolve(name), text.getBytes(charset));
    }

    private static CsvOptions label(String column) {
        return CsvOptions.builder().label(column).build();
    }

    private static final String CAFES = "x,label\n1,café\n2,cafè\n3,naïve\n4,café\n";

    @Test
    void latin1LabelsInAFileReadAsUtf8AreAnErrorAtTheirLineAndColumn() throws Exception {
        Path f = write("cafes.csv", CAFES, LATIN_1);
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(f, label("label")));
        assertEquals("cafes.csv:2:2: column 'label': the byte 0xE9 is not valid UTF-8 text; save the file as UTF-8, "
                + "or name its encoding in the train block, as in csv(\"cafes.csv\", encoding: \"latin-1\")", e.getMessage());
        assertEquals(2, e.line());
        assertEquals(2, e.column());
    }

    @Test
    void latin1LabelsReadAsLatin1KeepTheirClassesApart() throws Exception {
        Path f = write("cafes.csv", CAFES, LATIN_1);
        Dataset d = CsvLoader.load(f, CsvOptions.builder().label("label").charset(CsvOptions.charsetNamed("latin-1")).build())
                .dataset();
        assertEquals(List.of("cafè", "café", "naïve"), d.classNames());
        assertEquals(4, d.size());
    }

    @Test
    void utf8LabelsAreReadAsTheyAre() throws Exception {
        Path f = write("cafes.csv", CAFES, StandardCharsets.UTF_8);
        assertEquals(List.of("cafè", "café", "naïve"), CsvLoader.load(f, label("label")).dataset().classNames());
    }

    @Test
    void aMalformedHeaderIsAnErrorInTheHeader() throws Exception {
        Path f = write("h.csv", "x,caf\u00e9\n1,2\n", LATIN_1);
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(f, label("x")));
        assertEquals("h.csv:1:2: the header: the byte 0xE9 is not valid UTF-8 text; save the file as UTF-8, "
                + "or name its encoding in the train block, as in csv(\"h.csv\", encoding: \"latin-1\")", e.getMessage());
    }

    @Test
    void aMalformedCategoryIsAnErrorAtItsColumn() throws Exception {
        Path f = write("c.csv", "a,city,y\n1,Paris,0\n2,\"Li\u00e8ge, BE\",1\n", LATIN_1);
        DataException e = assertThrows(DataException.class,
                () -> CsvLoader.load(f, CsvOptions.builder().label("y").categorical("city").build()));
        assertEquals(3, e.line());
        assertEquals(2, e.column(), "the comma inside quotes does not start a field");
        assertEquals("column 'city': the byte 0xE8 is not valid UTF-8 text; save the file as UTF-8, or name its "
                + "encoding in the train block, as in csv(\"c.csv\", encoding: \"latin-1\")", e.detail());
    }

    @Test
    void aMalformedByteFarIntoALargeFileIsFoundAtItsLine() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("a,b,y\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20_000; i++) b.writeBytes((i + ",\u00e9t\u00e9," + (i % 2) + "\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {'7', ',', 'x', (byte) 0xC3, '(', ',', '1', '\n'}); // a broken two-byte sequence
        Path f = Files.write(dir.resolve("big.csv"), b.toByteArray());
        DataException e = assertThrows(DataException.class,
                () -> CsvLoader.load(f, CsvOptions.builder().label("y").categorical("b").build()));
        assertEquals(20_002, e.line());
        assertEquals(2, e.column());
        assertEquals("column 'b': the byte 0xC3 is not valid UTF-8 text", e.detail().substring(0, e.detail().indexOf(';')));
    }

    @Test
    void bytesThatAreNoCharacterOfTheNamedEncodingAreAnError() throws Exception {
        Path f = Files.write(dir.resolve("w.csv"), new byte[] {'x', ',', 'y', '\n', '1', ',', (byte) 0x81, '\n'});
        DataException e = assertThrows(DataException.class, () -> CsvLoader.load(f,
                CsvOptions.builder().label("y").charset(CsvOptions.charsetNamed("windows-1252")).build()));
        assertEquals("w.csv:2:2: column 'y': the byte 0x81 is not a character in windows-1252; is the file in another "
                + "encoding?", e.getMessage());
    }

    @Test
    void aByteOrderMarkIsSkippedInAnyEncoding() throws Exception {
        Path utf8 = Files.write(dir.resolve("bom8.csv"), concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "x,y\n1,a\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("x"), List.of(CsvLoader.load(utf8, label("y")).dataset().featureNames()));
        Path utf16 = Files.write(dir.resolve("bom16.csv"), "\uFEFFx,y\n1,a\n".getBytes(StandardCharsets.UTF_16LE));
        assertEquals(List.of("x"), List.of(CsvLoader.load(utf16, CsvOptions.builder().label("y")
                .charset(CsvOptions.charsetNamed("UTF-16LE")).build()).dataset().featureNames()));
    }

    @Test
    void encodingNamesAsTrainBlocksWriteThem() {
        assertEquals(StandardCharsets.ISO_8859_1, CsvOptions.charsetNamed("latin-1"));
        assertEquals(StandardCharsets.ISO_8859_1, CsvOptions.charsetNamed("Latin1"));
        assertEquals(StandardCharsets.UTF_8, CsvOptions.charsetNamed("utf8"));
        assertEquals(Charset.forName("windows-1252"), CsvOptions.charsetNamed("cp1252"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvOptions.charsetNamed("klingon"));
        assertEquals("unknown encoding 'klingon' (for example utf-8, latin-1, windows-1252, utf-16)", e.getMessage());
    }

    @Test
    void newDataIsDecodedStrictlyToo() throws Exception {
        Path train = write("t.csv", "x,label\n1,a\n2,b\n", StandardCharsets.UTF_8);
        Encoding enc = CsvLoader.load(train, label("label")).encoding();
        Path fresh = write("n.csv", "x,label\n1,\u00e0\n", LATIN_1);
        DataException e = assertThrows(DataException.class,
                () -> CsvLoader.load(fresh, CsvOptions.builder().label("label").build(), enc));
        assertEquals(2, e.line());
        assertEquals(2, e.column());
    }

    /** Characters outside the Basic Multilingual Plane take two chars; reading one char at a time must not stall. */
    @Test
    void theReaderDeliversSupplementaryCharactersOneCharAtATime() throws Exception {
        String text = "\uFEFFa,\uD83D\uDE00\n" + "\uD83D\uDE03".repeat(10_000) + "\u00e9\n";
        StringBuilder back = new StringBuilder();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            try (StrictTextReader r = new StrictTextReader(
                    new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)) {
                char[] one = new char[1];
                for (int n; (n = r.read(one, 0, 1)) >= 0; ) {
                    if (n == 1) back.append(one[0]);
                }
                assertEquals(null, r.malformed());
            }
        });
        assertEquals(text.substring(1), back.toString());
    }

    @Test
    void malformedBytesAtTheEndOfAFullBufferAreStillFound() throws Exception {
        byte[] text = new byte[(1 << 14) + 5];
        java.util.Arrays.fill(text, (byte) 'a');
        text[1 << 14] = (byte) 0xFF;
        try (StrictTextReader r = new StrictTextReader(new java.io.ByteArrayInputStream(text), StandardCharsets.UTF_8)) {
            char[] buf = new char[100_000];
            int total = 0;
            for (int n; (n = r.read(buf, total, buf.length - total)) > 0; ) total += n;
            assertEquals(text.length, total);
            assertEquals('\uFFFD', buf[1 << 14]);
            assertEquals(1 << 14, r.malformed().offset());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
