package dev.nabla.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.runtime.train.History;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.charset.StandardCharsets;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CurvePlotTest {
    @TempDir
    Path dir;

    @Test
    void svgIsAnSvgDocumentNamingTheModelAndTheSeries() throws Exception {
        Path file = dir.resolve("curves.svg");
        new CurvePlot("mnist-mlp", Histories.classifier(12)).write(file);

        assertTrue(Files.size(file) > 0, "plot file is empty");
        Document svg = Xml.parse(file);
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", svg.getDocumentElement().getNamespaceURI());
        String title = svg.getElementsByTagNameNS("*", "title").item(0).getTextContent();
        assertEquals("mnist-mlp \u2014 training curves", title);
        assertTrue(title.contains("mnist-mlp"), title);
        String text = svg.getDocumentElement().getTextContent();
        for (String series : List.of("train loss", "validation loss", "train accuracy", "validation accuracy")) {
            assertTrue(text.contains(series), "SVG does not name series '" + series + "'");
        }
        String markup = Files.readString(file);
        assertFalse(markup.contains("<!DOCTYPE"), "the SVG must not point to an external DTD");
    }

    @Test
    void pngIsAnImageOfTheRequestedSize() throws Exception {
        Path file = dir.resolve("curves.png");
        new CurvePlot("mnist-mlp", Histories.classifier(12)).withSize(640, 400).write(file);

        assertTrue(Files.size(file) > 0, "plot file is empty");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "not a readable PNG");
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
    }

    @Test
    void extensionIsCaseInsensitive() throws Exception {
        Path file = dir.resolve("CURVES.PNG");
        new CurvePlot("m", Histories.classifier(3)).write(file);
        assertNotNull(ImageIO.read(file.toFile()));
    }

    @Test
    void unsupportedExtensionIsRejectedAndNothingIsWritten() throws Exception {
        CurvePlot plot = new CurvePlot("m", Histories.classifier(3));
        for (String name : List.of("curves.jpg", "curves", "curves.svg.txt")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plot.write(dir.resolve(name)));
            assertTrue(e.getMessage().contains(".svg") && e.getMessage().contains(".png"), e.getMessage());
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertEmpty(dir);
    }

    @Test
    void worksWithTrainingMetricsOnly() throws Exception {
        CurvePlot plot = new CurvePlot("m", Histories.regressionTrainOnly(5));
        assertEquals(List.of("train loss", "train mae"), plot.seriesNames());
        Path file = dir.resolve("train-only.svg");
        plot.write(file);
        assertEquals("svg", Xml.parse(file).getDocumentElement().getLocalName());
    }

    @Test
    void worksWithASingleEpoch() throws Exception {
        CurvePlot plot = new CurvePlot("m", Histories.singleEpoch());
        assertEquals(List.of("train loss", "validation loss", "train rmse"), plot.seriesNames());
        plot.write(dir.resolve("one.svg"));
        plot.write(dir.resolve("one.png"));
        Document svg = Xml.parse(dir.resolve("one.svg"));
        assertEquals(3, svg.getElementsByTagNameNS(SVG, "circle").getLength(), "a lone point is drawn as a dot");
        assertEquals(CurvePlot.DEFAULT_WIDTH, ImageIO.read(dir.resolve("one.png").toFile()).getWidth());
    }

    @Test
    void lossAndMetricHaveSeparatePanelsAndTheLossALogScale() throws Exception {
        CurvePlot plot = new CurvePlot("m", Histories.classifier(12));
        assertEquals(List.of("loss", "accuracy"), plot.panelTitles());
        assertTrue(plot.lossOnLogScale());
        Document svg = Xml.parse(plot.toSvg().getBytes(StandardCharsets.UTF_8));
        List<Element> panels = elements(svg, "g");
        assertEquals(List.of("loss", "accuracy"), panels.stream().map(g -> g.getAttribute("data-panel")).toList());
        String loss = panels.get(0).getTextContent(), accuracy = panels.get(1).getTextContent();
        assertTrue(loss.contains("loss (log scale)") && loss.contains("train loss") && loss.contains("validation loss"), loss);
        assertFalse(loss.contains("accuracy"), "the accuracy is not on the loss panel: " + loss);
        assertTrue(accuracy.contains("train accuracy") && accuracy.contains("validation accuracy"), accuracy);
    }

    @Test
    void aLossWithValuesBelowOrAtZeroStaysLinear() {
        History h = new History();
        for (int e = 1; e <= 5; e++) h.add(new History.Epoch(e, Map.of("loss", 1.0 - e * 0.3), 0.1));
        assertFalse(new CurvePlot("m", h).lossOnLogScale());
        assertEquals(List.of("loss"), new CurvePlot("m", h).panelTitles());
    }

    @Test
    void logTicksAreDecadesOrRoundValues() {
        assertEquals(List.of(1e-3, 1e-2, 1e-1, 1.0), Axis.logarithmic(2e-4, 0.7).ticks);
        Axis narrow = Axis.logarithmic(0.31, 0.34);
        assertTrue(narrow.ticks.size() >= 3, narrow.ticks.toString());
        for (double t : narrow.ticks) assertTrue(t >= narrow.min && t <= narrow.max, narrow.ticks.toString());
        assertEquals("1e-4", Axis.logarithmic(2e-5, 0.7).label(1e-4));
        assertEquals("2.5e-5", Axis.logarithmic(2e-5, 0.7).label(2.5e-5));
        assertEquals("0.01", Axis.logarithmic(2e-4, 0.7).label(0.01));
        assertEquals(List.of(50.0, 100.0, 150.0, 200.0), Axis.linear(1, 200, true).ticks);
        assertEquals(List.of(1.0, 2.0, 3.0), Axis.linear(1, 3, true).ticks);
        assertEquals(List.of(0.2, 0.4, 0.6, 0.8, 1.0), Axis.linear(0.2, 0.97, false).ticks);
    }

    @Test
    void textIsTextAndTheFileIsSmall() throws Exception {
        History h = Histories.classifier(1500);
        String svg = new CurvePlot("long-run", h).toSvg();
        assertTrue(svg.length() < 120_000, "a 1,500-epoch plot should be small, got " + svg.length() + " bytes");
        Document doc = Xml.parse(svg.getBytes(StandardCharsets.UTF_8));
        List<String> texts = elements(doc, "text").stream().map(Element::getTextContent).toList();
        assertTrue(texts.contains("long-run"), texts.toString());
        assertTrue(texts.contains("epoch"), texts.toString());
        assertTrue(texts.contains("1500"), "epoch ticks are text: " + texts);
        assertEquals(0, doc.getElementsByTagNameNS(SVG, "path").getLength(), "no glyph outlines");
        assertEquals(0, doc.getElementsByTagNameNS(SVG, "circle").getLength(), "no dots on long curves");
    }

    @Test
    void smoothingDrawsTheRawCurveFaintlyUnderTheSmoothedOne() throws Exception {
        History h = Histories.classifier(30);
        Document plain = Xml.parse(new CurvePlot("m", h).toSvg().getBytes(StandardCharsets.UTF_8));
        Document smoothed = Xml.parse(new CurvePlot("m", h).withSmoothing(0.6).toSvg().getBytes(StandardCharsets.UTF_8));
        int curves = elements(plain, "polyline").size();
        assertEquals(2 * curves, elements(smoothed, "polyline").size(), "raw and smoothed, for each curve");
        long faint = elements(smoothed, "polyline").stream().filter(p -> p.getAttribute("stroke-opacity").equals("0.3")).count();
        assertEquals(curves, faint);
        assertTrue(smoothed.getDocumentElement().getTextContent().contains("smoothing 0.6"));
        assertThrows(IllegalArgumentException.class, () -> new CurvePlot("m", h).withSmoothing(1));
        assertThrows(IllegalArgumentException.class, () -> new CurvePlot("m", h).withSmoothing(-0.1));
    }

    @Test
    void smoothingIsTensorBoardsDebiasedMovingAverage() throws Exception {
        // losses 1, 0.5, 0.25 smoothed with weight 0.5: 1, 0.5/0.75, 0.375/0.875 (the start-up bias divided out)
        History h = new History();
        double[] loss = {1, 0.5, 0.25};
        for (int e = 1; e <= 3; e++) h.add(new History.Epoch(e, Map.of("loss", loss[e - 1]), 0.1));
        Document doc = Xml.parse(new CurvePlot("m", h).withSmoothing(0.5).toSvg().getBytes(StandardCharsets.UTF_8));
        List<Element> lines = elements(doc, "polyline");
        double[] raw = ys(lines.get(0)), smooth = ys(lines.get(1));
        // the log axis maps v to a + b log10(v): find a and b from the first and last raw points
        double b = (raw[2] - raw[0]) / (Math.log10(0.25) - Math.log10(1)), a = raw[0] - b * Math.log10(1);
        assertEquals(a + b * Math.log10(0.5), raw[1], 0.15, "the raw points are on that axis");
        double[] expected = {1, 0.5 / 0.75, 0.375 / 0.875};
        for (int i = 0; i < 3; i++) assertEquals(a + b * Math.log10(expected[i]), smooth[i], 0.15, "smoothed point " + i);
    }

    @Test
    void aChangingLearningRateGetsItsOwnPanel() {
        History h = new History();
        for (int e = 1; e <= 6; e++) h.add(new History.Epoch(e, Map.of("loss", 1.0 / e, "lr", 0.1 * Math.pow(0.5, e)), 0.1));
        assertEquals(List.of("loss", "learning rate"), new CurvePlot("m", h).panelTitles());
        assertEquals(List.of("loss", "accuracy"), new CurvePlot("m", Histories.classifier(6)).panelTitles(), "a constant rate has none");
    }

    @Test
    void regressionErrorsShareAPanel() {
        History h = new History();
        for (int e = 1; e <= 4; e++) h.add(new History.Epoch(e, Map.of("loss", 1.0 / e, "mae", 0.5 / e, "rmse", 0.7 / e,
                "val_mae", 0.6 / e), 0.1));
        CurvePlot plot = new CurvePlot("m", h);
        assertEquals(List.of("loss", "mae, rmse"), plot.panelTitles());
        assertEquals(List.of("train loss", "train mae", "validation mae", "train rmse"), plot.seriesNames());
    }

    @Test
    void nanValuesAreSkippedNotPlottedAsZero() throws Exception {
        // validation every third epoch: its curve has 3 points out of 10, never a zero
        Document doc = Xml.parse(new CurvePlot("m", Histories.classifier(10)).toSvg().getBytes(StandardCharsets.UTF_8));
        List<Element> lines = elements(doc, "polyline");
        assertEquals(10, ys(lines.get(0)).length, "train loss");
        assertEquals(3, ys(lines.get(1)).length, "validation loss");
    }

    @Test
    void pngHasTwoPanelsSideBySide() throws Exception {
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(
                new CurvePlot("m", Histories.classifier(12)).render(PlotFormat.PNG)));
        assertEquals(CurvePlot.DEFAULT_WIDTH, image.getWidth());
        int blueLeft = 0, blueRight = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == 0x1f77b4) {
                    if (x < image.getWidth() / 2) blueLeft++;
                    else blueRight++;
                }
            }
        }
        assertTrue(blueLeft > 50 && blueRight > 50, "train curves in both panels: " + blueLeft + ", " + blueRight);
    }

    static final String SVG = "http://www.w3.org/2000/svg";

    private static List<Element> elements(Document doc, String name) {
        NodeList l = doc.getElementsByTagNameNS(SVG, name);
        List<Element> out = new java.util.ArrayList<>();
        for (int i = 0; i < l.getLength(); i++) out.add((Element) l.item(i));
        return out;
    }

    private static double[] ys(Element polyline) {
        String[] points = polyline.getAttribute("points").trim().split(" ");
        double[] ys = new double[points.length];
        for (int i = 0; i < points.length; i++) ys[i] = Double.parseDouble(points[i].split(",")[1]);
        return ys;
    }

    @Test
    void mainMetricPrefersAccuracyThenMaeThenRmse() {
        assertEquals(Optional.of("accuracy"), CurvePlot.mainMetric(history(Map.of("loss", 1.0, "rmse", 1.0, "accuracy", 0.5, "mae", 1.0))));
        assertEquals(Optional.of("mae"), CurvePlot.mainMetric(history(Map.of("loss", 1.0, "rmse", 1.0, "mae", 1.0))));
        assertEquals(Optional.of("rmse"), CurvePlot.mainMetric(history(Map.of("loss", 1.0, "val_rmse", 1.0))));
        assertEquals(Optional.empty(), CurvePlot.mainMetric(history(Map.of("loss", 1.0, "accuracy", Double.NaN))));
    }

    @Test
    void emptyHistoryIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CurvePlot("m", new History()));
        assertTrue(e.getMessage().contains("no epoch"), e.getMessage());
    }

    @Test
    void writeIntoMissingFolderFailsAndLeavesNothing() {
        Path missing = dir.resolve("no-such-folder");
        CurvePlot plot = new CurvePlot("m", Histories.classifier(3));
        assertThrows(IOException.class, () -> plot.write(missing.resolve("curves.svg")));
        assertFalse(Files.exists(missing));
        assertEmpty(dir);
    }

    @Test
    void writeUnderARegularFileFailsAndLeavesNothing() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");
        CurvePlot plot = new CurvePlot("m", Histories.classifier(3));
        assertThrows(IOException.class, () -> plot.write(notAFolder.resolve("curves.png")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(notAFolder), files.toList());
        }
        assertEquals("x", Files.readString(notAFolder));
    }

    @Test
    void failedMoveRemovesTheTemporaryFile() throws Exception {
        // the target is a folder that is not empty: the temporary file is written, then the move fails
        Path target = dir.resolve("curves.png");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "keep");
        CurvePlot plot = new CurvePlot("m", Histories.classifier(3));

        assertThrows(IOException.class, () -> plot.write(target));

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "temporary file left behind");
        }
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void writeIntoReadOnlyFolderFailsAndLeavesNothing() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        try {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions on this file system");
        }
        try {
            Assumptions.assumeFalse(Files.isWritable(readOnly), "permissions are not enforced for this user");
            CurvePlot plot = new CurvePlot("m", Histories.classifier(3));
            assertThrows(IOException.class, () -> plot.write(readOnly.resolve("curves.svg")));
            assertEmpty(readOnly);
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void rewriteReplacesTheOldPlot() throws Exception {
        Path file = dir.resolve("curves.svg");
        Files.writeString(file, "old");
        new CurvePlot("m", Histories.classifier(3)).write(file);
        assertEquals("svg", Xml.parse(file).getDocumentElement().getLocalName());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void writtenFileHasTheUsualPermissionsNotThoseOfATemporaryFile() throws Exception {
        Path reference = Files.createFile(dir.resolve("reference"));
        Assumptions.assumeTrue(Files.getFileStore(reference).supportsFileAttributeView("posix"), "no POSIX permissions");
        Path file = dir.resolve("curves.svg");
        new CurvePlot("m", Histories.classifier(3)).write(file);
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(file));
    }

    private static History history(Map<String, Double> metrics) {
        History h = new History();
        h.add(new History.Epoch(1, metrics, 1));
        return h;
    }

    private static void assertEmpty(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> left = files.toList();
            assertTrue(left.isEmpty(), "files left behind: " + Arrays.toString(left.toArray()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
