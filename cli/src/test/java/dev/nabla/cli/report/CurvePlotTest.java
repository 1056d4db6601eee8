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
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.w3c.dom.Document;

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
        CurvePlot plot = new CurvePlot("regressor", Histories.regressionTrainOnly(5));
        assertEquals(List.of("train loss", "train mae"), plot.seriesNames());
        Path file = dir.resolve("train-only.svg");
        plot.write(file);
        assertEquals("svg", Xml.parse(file).getDocumentElement().getLocalName());
    }

    @Test
    void worksWithASingleEpoch() throws Exception {
        CurvePlot plot = new CurvePlot("tiny", Histories.singleEpoch());
        assertEquals(List.of("train loss", "validation loss", "train rmse"), plot.seriesNames());
        plot.write(dir.resolve("one.svg"));
        plot.write(dir.resolve("one.png"));
        assertEquals("svg", Xml.parse(dir.resolve("one.svg")).getDocumentElement().getLocalName());
        assertEquals(CurvePlot.DEFAULT_WIDTH, ImageIO.read(dir.resolve("one.png").toFile()).getWidth());
    }

    @Test
    void nanValuesAreSkippedNotPlottedAsZero() {
        XYChart chart = new CurvePlot("m", Histories.classifier(10)).chart();
        XYSeries validation = chart.getSeriesMap().get("validation loss");
        assertArrayEquals(new double[] {3, 6, 9}, validation.getXData());
        for (double y : validation.getYData()) assertTrue(y > 0.5, "plotted value " + y);
        assertEquals(10, chart.getSeriesMap().get("train loss").getXData().length);
    }

    @Test
    void metricGoesOnTheSecondAxis() {
        XYChart chart = new CurvePlot("m", Histories.classifier(4)).chart();
        assertEquals(0, chart.getSeriesMap().get("train loss").getYAxisGroup());
        assertEquals(1, chart.getSeriesMap().get("train accuracy").getYAxisGroup());
        assertEquals("accuracy", chart.getYAxisGroupTitle(1));
        assertEquals("m", chart.getTitle());
        assertEquals("epoch", chart.getXAxisTitle());
    }

    @Test
    void longRunsRenderWithRoundEpochTicksAndNoExtraLegendEntry() throws Exception {
        CurvePlot plot = new CurvePlot("long", Histories.regressionTrainOnly(200));
        assertEquals(List.of("train loss", "train mae"), plot.seriesNames());
        XYChart chart = plot.chart();
        XYSeries anchor = chart.getSeriesMap().get(CurvePlot.ROUND_TICK_ANCHOR);
        assertFalse(anchor.isShowInLegend(), "the tick anchor must not show in the legend");
        assertEquals(200, chart.getSeriesMap().get("train loss").getXData().length);
        Path file = dir.resolve("long.png");
        plot.write(file);
        assertEquals(CurvePlot.DEFAULT_HEIGHT, ImageIO.read(file.toFile()).getHeight());
    }

    @Test
    void tickLabelPatternsFollowTheSpanOfTheValues() {
        assertEquals("0.###", range(0.05, 0.5).decimalPattern());
        assertEquals("0.##", range(0.1, 1.8).decimalPattern());
        assertEquals("0", range(100, 5000).decimalPattern());
        assertEquals("0.######", range(1e-4, 5e-4).decimalPattern());
        assertEquals("0.###", range(0.7, 0.7).decimalPattern());
        assertEquals("0", range(0, 0).decimalPattern());
    }

    private static AxisRange range(double... values) {
        AxisRange r = new AxisRange();
        for (double v : values) r.include(v);
        r.include(Double.NaN);
        return r;
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
