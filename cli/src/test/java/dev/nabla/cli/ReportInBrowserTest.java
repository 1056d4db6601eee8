package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a real run, opened in a headless Chromium: the DOM after the page loaded holds the
 * plot's panels and curves and the tables, and a screenshot shows the curves in their colours. Skipped when
 * no Chromium is installed ({@code chromium}, {@code chromium-browser} or {@code google-chrome} on the
 * PATH, or the program named by {@code NABLA_TEST_BROWSER}).
 */
class ReportInBrowserTest {
    @TempDir
    static Path dir;

    static Path report;
    static String browser;

    @BeforeAll
    static void trainAndReport() {
        browser = findBrowser();
        assumeTrue(browser != null, "no headless Chromium installed");
        report = dir.resolve("report.html");
        // 50 epochs: more than the epoch table shows in full
        Cli.run("train", Cli.sample("spirals", "spirals.nabla"), "--epochs", 50, "--quiet", "--report", report).assertOk();
    }

    @Test
    void theDomHasThePanelsTheCurvesAndTheTables() throws Exception {
        String dom = new String(chromium("--dump-dom", report.toUri().toString()), StandardCharsets.UTF_8);
        assertTrue(dom.contains("<h1>Spirals</h1>"), "the page was loaded:\n" + head(dom));
        List<String> panels = all(dom, "<g class=\"panel\" data-panel=\"([^\"]+)\"");
        assertEquals(List.of("loss", "accuracy"), panels, "the plot's panels in the DOM");
        assertEquals(4, count(dom, "<polyline "), "train and validation curves of loss and accuracy");
        assertTrue(dom.contains(">loss (log scale)</text>") && dom.contains(">validation accuracy</text>"), "SVG text as text");
        assertEquals(2 * 10 + 1, count(section(dom, "<table id=\"epochs\">", "</table>"), "<tr>") - 1 + countGap(dom),
                "the first and last ten epochs and a gap row, plus the header row");
        String all = section(dom, "<table id=\"all-epochs\">", "</table>");
        assertEquals(50 + 1, count(all, "<tr>"), "all epochs in the details element, with the header row");
        assertTrue(section(dom, "<details>", "</details>").contains("all-epochs"), "the full table is inside <details>");
        assertEquals(6 + 1, count(section(dom, "<table id=\"parameters\">", "</table>"), "<tr>") - 1, "six parameters and a total");
    }

    @Test
    void aScreenshotShowsTheCurves() throws Exception {
        Path shot = dir.resolve("shot.png");
        chromium("--window-size=1200,1400", "--screenshot=" + shot, report.toUri().toString());
        BufferedImage image = ImageIO.read(shot.toFile());
        assertTrue(image != null && image.getWidth() == 1200, "a screenshot of the page");
        int blue = 0, orange = 0, ink = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (near(rgb, 0x1f77b4)) blue++;
                if (near(rgb, 0xff7f0e)) orange++;
                if (rgb != 0xffffff) ink++;
            }
        }
        assertTrue(ink > 20_000, "not a blank page: " + ink + " pixels of ink");
        assertTrue(blue > 300, "the training curves are drawn (blue): " + blue);
        assertTrue(orange > 300, "the validation curves are drawn (orange): " + orange);
    }

    private static boolean near(int rgb, int target) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((rgb >> shift & 0xff) - (target >> shift & 0xff)) > 12) return false;
        }
        return true;
    }

    /** Runs the headless browser, bounded in time, on a fresh profile; returns its standard output. */
    private static byte[] chromium(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> command = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "browser", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the browser did not finish in 2 minutes: " + command);
        }
        assertEquals(0, p.exitValue(), "the browser failed: " + command);
        return Files.readAllBytes(out);
    }

    static String findBrowser() {
        String chosen = System.getenv("NABLA_TEST_BROWSER");
        if (chosen != null && !chosen.isBlank()) return chosen;
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String d : path.split(File.pathSeparator)) {
                Path p = Paths.get(d, name);
                if (Files.isExecutable(p)) return p.toString();
            }
        }
        return null;
    }

    private static int countGap(String dom) {
        return count(section(dom, "<table id=\"epochs\">", "</table>"), "<tr class=\"gap\">");
    }

    private static int count(String text, String fragment) {
        int n = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) n++;
        return n;
    }

    private static List<String> all(String text, String regex) {
        List<String> l = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) l.add(m.group(1));
        return l;
    }

    private static String section(String text, String from, String to) {
        int a = text.indexOf(from);
        assertTrue(a >= 0, "no " + from + " in the DOM");
        int b = text.indexOf(to, a);
        return text.substring(a, b + to.length());
    }

    private static String head(String s) {
        return s.length() < 2000 ? s : s.substring(0, 2000);
    }
}
