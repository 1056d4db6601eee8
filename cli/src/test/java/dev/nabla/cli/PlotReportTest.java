package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code --plot} and {@code --report} of {@code nabla train}. */
class PlotReportTest {
    @TempDir
    Path dir;

    Path spirals = Cli.sample("spirals", "spirals.nabla");

    @Test
    void svgPlotIsAnSvgDocument() throws Exception {
        Path plot = dir.resolve("curves.svg");
        Cli.run("train", spirals, "--epochs", 5, "--quiet", "--plot", plot).assertOk();
        Document doc = parseXml(plot);
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        assertTrue(Files.readString(plot).contains("Spirals"), "the plot names the model");
    }

    @Test
    void pngPlotIsAPngImage() throws Exception {
        Path plot = dir.resolve("curves.png");
        Cli.run("train", spirals, "--epochs", 5, "--quiet", "--plot", plot).assertOk();
        byte[] bytes = Files.readAllBytes(plot);
        assertTrue(bytes.length > 8 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', "PNG signature");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(image, "ImageIO cannot read " + plot);
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100, image.toString());
    }

    @Test
    void htmlReportNamesTheModelAndTheFinalMetrics() throws Exception {
        Path report = dir.resolve("report.html");
        Cli.Result r = Cli.run("train", spirals, "--epochs", 5, "--quiet", "--report", report).assertOk();
        Map<String, Double> summary = Cli.summary(r);
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>") || html.startsWith("<!doctype html>"), "an HTML page");
        assertTrue(html.contains("<h1>Spirals</h1>"), "the model name as the title");
        assertTrue(html.contains("Final metrics"), "a final metrics section");
        for (Map.Entry<String, Double> e : summary.entrySet()) {
            String cell = ">" + TrainingLog.format(e.getValue()) + "<";
            assertTrue(html.contains(cell), "the report lacks the final " + e.getKey() + " " + cell);
        }
        assertEquals(List.of("report.html"), Cli.listing(dir), "no temporary file left behind");
    }

    @Test
    void theReportShowsTheConsolesTimeAndTheSettingsAndProvenanceOfTheRun() throws Exception {
        Path report = dir.resolve("report.html");
        Cli.Result r = Cli.run("train", spirals, "--epochs", 4, "--report", report, "--smoothing", 0.5).assertOk();
        String summary = r.outLines().stream().filter(l -> l.startsWith("Trained ")).findFirst().orElseThrow();
        String seconds = summary.substring(summary.indexOf(" in ") + 4, summary.indexOf(" s ("));
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(html.contains("4 epochs in <span id=\"total-seconds\">" + seconds + "</span> s"),
                "the console said " + seconds + " s:\n" + html.substring(0, Math.min(html.length(), 2000)));
        String text = parseXml(report).getDocumentElement().getTextContent();
        for (String expected : List.of("validation0.2 (120 examples held out)",
                "standardizationon: each feature scaled by the mean and standard deviation of the training split",
                "optimizeradam(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-08, weight_decay: 0)",
                "command linenabla train " + spirals + " --epochs 4 --report " + report + " --smoothing 0.5",
                "nabla" + System.getProperty("nabla.test.projectVersion"), "dataspirals.csv (600 examples)", "seed7")) {
            assertTrue(text.replace("\n", "").contains(expected), "the report lacks '" + expected + "'");
        }
        assertFalse(html.contains("{lr="), "no Java map in the report");
    }

    @Test
    void plotAndReportTogether() throws Exception {
        Path plot = dir.resolve("curves.svg"), report = dir.resolve("report.html");
        Cli.run("train", spirals, "--epochs", 3, "--quiet", "--plot", plot, "--report", report).assertOk();
        assertEquals("svg", parseXml(plot).getDocumentElement().getLocalName());
        assertTrue(Files.readString(report).contains("<h1>Spirals</h1>"));
    }

    @Test
    void smoothingOutsideZeroToOneIsRejectedBeforeTraining() {
        Cli.Result r = Cli.run("train", spirals, "--smoothing", 1).assertUserError("--smoothing must be at least 0 and below 1, got 1.0");
        assertEquals("", r.out());
    }

    @Test
    void aJpgPlotIsRejectedBeforeTraining() throws Exception {
        Path plot = dir.resolve("curves.jpg");
        Cli.Result r = Cli.run("train", spirals, "--plot", plot).assertUserError("--plot", ".svg", ".png", plot.toString());
        assertEquals("", r.out(), "nothing trained (no 'Training ...' line):\n" + r);
        assertEquals(List.of(), Cli.listing(dir));
    }

    /**
     * When the report cannot be written, the message names the report file (not the plot written before
     * it) and says "cannot write" once.
     */
    @Test
    void aReportThatCannotBeWrittenIsNamedInTheMessage() throws Exception {
        Path plot = dir.resolve("curves.svg"), report = dir.resolve("missing").resolve("report.html");
        Cli.Result r = Cli.run("train", spirals, "--epochs", 2, "--quiet", "--plot", plot, "--report", report)
                .assertUserError("cannot write " + report);
        assertFalse(r.err().contains("cannot write " + plot), "blames the plot, which was written:\n" + r);
        assertEquals(r.err().indexOf("cannot write"), r.err().lastIndexOf("cannot write"), "'cannot write' twice:\n" + r);
    }

    @Test
    void aPlotThatCannotBeWrittenIsAUserError() {
        Path plot = dir.resolve("missing").resolve("curves.svg");
        Cli.run("train", spirals, "--epochs", 2, "--quiet", "--plot", plot).assertUserError("cannot write", plot.toString());
    }

    private static Document parseXml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(file.toFile());
    }
}
