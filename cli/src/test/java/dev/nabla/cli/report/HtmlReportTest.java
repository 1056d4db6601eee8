package dev.nabla.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.runtime.train.History;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class HtmlReportTest {
    private static final List<ModelParameter> MLP = List.of(
            ModelParameter.of("dense1.w", 784, 128),
            ModelParameter.of("dense1.b", 128),
            ModelParameter.of("dense2.w", 128, 10),
            ModelParameter.of("dense2.b", 10),
            ModelParameter.of("temperature"));

    @TempDir
    Path dir;

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("optimizer", "adam");
        s.put("batch size", "32");
        s.put("data", "data/a<b>&c.csv");
        return s;
    }

    @Test
    void pageIsWellFormedAndSelfContained() throws Exception {
        Path file = dir.resolve("report.html");
        new HtmlReport("mnist-mlp", Histories.classifier(10), MLP, settings()).write(file);

        String html = Files.readString(file, StandardCharsets.UTF_8);
        Document page = Xml.parse(file); // the markup is well-formed XML
        assertEquals("html", page.getDocumentElement().getLocalName());
        String lower = html.toLowerCase(Locale.ROOT);
        for (String external : List.of("<link", "<script", " src=", "href=\"http", "href=\"//", "@import")) {
            assertFalse(lower.contains(external), "page refers to an external resource: " + external);
        }
        // url(...) may only point inside the page, like the chart's clip path
        assertFalse(lower.replace("url(#", "").contains("url("), "page refers to an external resource: url(");
        assertTrue(lower.contains("<style>"), "no inline style sheet");
    }

    @Test
    void chartIsInlinedAsSvg() throws Exception {
        String html = new HtmlReport("mnist-mlp", Histories.classifier(10), MLP, settings()).toHtml();
        Document page = Xml.parse(html.getBytes(StandardCharsets.UTF_8));
        NodeList svgs = page.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        assertEquals(1, svgs.getLength(), "expected one inline SVG chart");
        assertTrue(svgs.item(0).getTextContent().contains("validation accuracy"));
        assertFalse(html.contains("<?xml"), "the SVG prolog must not be inlined");
    }

    @Test
    void parameterTableListsShapesCountsAndTotal() throws Exception {
        Element table = table(render(Histories.classifier(10)), "parameters");
        List<List<String>> rows = rows(table, "tbody");
        assertEquals(List.of(
                List.of("dense1.w", "[784, 128]", "100,352"),
                List.of("dense1.b", "[128]", "128"),
                List.of("dense2.w", "[128, 10]", "1,280"),
                List.of("dense2.b", "[10]", "10"),
                List.of("temperature", "scalar", "1")), rows);
        assertEquals(List.of(List.of("Total", "5 tensors", "101,771")), rows(table, "tfoot"));
        assertEquals(List.of("Name", "Shape", "Values"), rows(table, "thead").get(0));
    }

    @Test
    void finalMetricsShowTrainAndValidation() throws Exception {
        History h = Histories.classifier(10);
        Element table = table(render(h), "final-metrics");
        List<List<String>> rows = rows(table, "tbody");
        assertEquals(List.of("Metric", "Train", "Validation"), rows(table, "thead").get(0));
        assertEquals(2, rows.size(), "loss and accuracy, not the learning rate: " + rows);
        assertEquals("loss", rows.get(0).get(0));
        assertEquals(Numbers.metric(h.last().get("loss")), rows.get(0).get(1));
        // validation ran last at epoch 9: its value is shown with its epoch
        double valLoss9 = h.epochs().get(8).get("val_loss");
        assertEquals(Numbers.metric(valLoss9) + " (epoch 9)", rows.get(0).get(2));
        assertEquals("accuracy", rows.get(1).get(0));
    }

    @Test
    void finalMetricsOfATrainOnlyRunHaveNoValidationValue() throws Exception {
        Element table = table(render(Histories.regressionTrainOnly(4)), "final-metrics");
        List<List<String>> rows = rows(table, "tbody");
        assertEquals(List.of(List.of("loss", "0.2500", Numbers.MISSING), List.of("mae", "0.1250", Numbers.MISSING)), rows);
    }

    @Test
    void epochTableHasEveryMetricOfEveryEpoch() throws Exception {
        Element table = table(render(Histories.classifier(10)), "epochs");
        assertEquals(List.of("Epoch", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "Time (s)"),
                rows(table, "thead").get(0));
        List<List<String>> rows = rows(table, "tbody");
        assertEquals(10, rows.size());
        assertEquals("1", rows.get(0).get(0));
        assertEquals(Numbers.MISSING, rows.get(0).get(3), "NaN shows as a dash");
        assertEquals("0.0010", rows.get(0).get(5));
        assertEquals("0.25", rows.get(0).get(6));
    }

    @Test
    void longRunsShowTheFirstAndLastEpochsAndKeepTheRestInADetailsElement() throws Exception {
        Document page = render(Histories.classifier(1500));
        List<List<String>> shown = rows(table(page, "epochs"), "tbody");
        assertEquals(2 * HtmlReport.SHOWN_AT_EACH_END + 1, shown.size(), "first rows, a gap row, last rows");
        assertEquals("1", shown.get(0).get(0));
        assertEquals("10", shown.get(9).get(0));
        assertEquals("\u22ee 1,480 epochs", shown.get(10).get(0));
        assertEquals("1491", shown.get(11).get(0));
        assertEquals("1500", shown.get(20).get(0));
        NodeList details = page.getElementsByTagName("details");
        assertEquals(1, details.getLength());
        Element all = table(page, "all-epochs");
        assertEquals(details.item(0), all.getParentNode(), "the full table is inside the details element");
        assertEquals(1500, rows(all, "tbody").size());
        assertEquals("All 1,500 epochs", ((Element) details.item(0)).getElementsByTagName("summary").item(0).getTextContent());
        assertEquals(10, rows(table(render(Histories.classifier(10)), "epochs"), "tbody").size(), "short runs in full");
        assertEquals(0, render(Histories.classifier(HtmlReport.COLLAPSE_AFTER)).getElementsByTagName("details").getLength());
    }

    @Test
    void theRunsTimeDateAndProvenanceComeFromTheRunInfo() throws Exception {
        java.time.ZonedDateTime when = java.time.ZonedDateTime.of(2025, 3, 4, 5, 6, 7, 0, java.time.ZoneOffset.ofHours(2));
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("nabla", "1.2.3 (commit abcdef0)");
        provenance.put("command line", "nabla train m.nabla --report 'my report.html'");
        String html = new HtmlReport("m", Histories.classifier(10), MLP, settings(), new RunInfo(when, 8.34, provenance, 0.6)).toHtml();
        Document page = Xml.parse(html.getBytes(StandardCharsets.UTF_8));
        // the epochs' own times add up to 2.50 s; the report shows the run's clock, as the console does
        assertTrue(html.contains("10 epochs in <span id=\"total-seconds\">8.34</span> s"), html);
        assertTrue(html.contains("<time datetime=\"2025-03-04T05:06:07+02:00\">2025-03-04 05:06:07 +02:00</time>"), html);
        assertEquals(List.of(List.of("nabla", "1.2.3 (commit abcdef0)"),
                List.of("command line", "nabla train m.nabla --report 'my report.html'")), rows(table(page, "run"), "tbody"));
        assertTrue(page.getDocumentElement().getTextContent().contains("smoothing 0.6"), "the curves are smoothed");
    }

    @Test
    void settingsAreKeyValuePairsInOrder() throws Exception {
        Element table = table(render(Histories.classifier(2)), "settings");
        assertEquals(List.of(
                List.of("optimizer", "adam"),
                List.of("batch size", "32"),
                List.of("data", "data/a<b>&c.csv")), rows(table, "tbody"));
    }

    @Test
    void userStringsAreEscaped() throws Exception {
        String name = "<script>alert('x')</script>";
        Map<String, String> settings = Map.of("model file", "models/<img src=x onerror=alert(1)>.nb");
        String html = new HtmlReport(name, Histories.classifier(3),
                List.of(ModelParameter.of("<b>w</b>", 2)), settings).toHtml();

        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script"), "unescaped model name");
        assertFalse(lower.contains("<img"), "unescaped file name");
        assertFalse(lower.contains("<b>"), "unescaped parameter name");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "escaped model name in the page");
        Document page = Xml.parse(html.getBytes(StandardCharsets.UTF_8));
        assertEquals(name, page.getElementsByTagName("h1").item(0).getTextContent());
    }

    @Test
    void emptyHistoryGivesAPageWithoutChart() throws Exception {
        String html = new HtmlReport("untrained", new History(), MLP, Map.of()).toHtml();
        Document page = Xml.parse(html.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, page.getElementsByTagNameNS("*", "svg").getLength());
        assertTrue(html.contains("No epoch was recorded."));
        assertEquals("101,771", rows(table(page, "parameters"), "tfoot").get(0).get(2));
    }

    @Test
    void failedWriteLeavesNothing() {
        Path target = dir.resolve("missing").resolve("report.html");
        HtmlReport report = new HtmlReport("m", Histories.classifier(2), MLP, settings());
        IOException e = assertThrows(IOException.class, () -> report.write(target));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(target.getParent()));
    }

    private Document render(History history) throws Exception {
        return Xml.parse(new HtmlReport("mnist-mlp", history, MLP, settings()).toHtml().getBytes(StandardCharsets.UTF_8));
    }

    private static Element table(Document page, String id) {
        NodeList tables = page.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            if (id.equals(t.getAttribute("id"))) return t;
        }
        throw new AssertionError("no table with id " + id);
    }

    /** The text of each cell (th or td) of each row in the table's {@code section} (thead, tbody, tfoot). */
    private static List<List<String>> rows(Element table, String section) {
        List<List<String>> rows = new ArrayList<>();
        Element part = (Element) table.getElementsByTagName(section).item(0);
        NodeList trs = part.getElementsByTagName("tr");
        for (int i = 0; i < trs.getLength(); i++) {
            List<String> cells = new ArrayList<>();
            NodeList children = trs.item(i).getChildNodes();
            for (int j = 0; j < children.getLength(); j++) {
                Node c = children.item(j);
                if (c instanceof Element && (c.getNodeName().equals("td") || c.getNodeName().equals("th"))) {
                    cells.add(c.getTextContent().strip());
                }
            }
            rows.add(cells);
        }
        return rows;
    }
}
