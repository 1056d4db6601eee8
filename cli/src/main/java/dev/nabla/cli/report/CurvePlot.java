package dev.nabla.cli.report;

import dev.nabla.runtime.train.History;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Learning curves of one training run, one panel per quantity as Keras, TensorBoard and Lightning users know
 * them: the loss (train and validation, on a log scale when every value is positive), the main metric
 * ({@code accuracy}, else {@code mae} and {@code rmse}) on a linear scale, and the learning rate when a
 * schedule changed it. Training curves are blue, validation curves orange.
 *
 * <p>With {@link #withSmoothing(double) smoothing} (TensorBoard's: an exponential moving average with the
 * start-up bias removed, weight 0 to below 1) each curve is drawn smoothed over its raw values, which stay
 * visible, faint. Epochs where a metric is NaN or infinite (validation every few epochs, say) are skipped,
 * never drawn as zero.
 *
 * <p>The image is SVG with real text (small, selectable, searchable; with a {@code <title>} and a
 * {@code <desc>} for screen readers) or PNG, by the file's extension. Instances are immutable.
 *
 * <pre>{@code
 * new CurvePlot("mnist-mlp", history).withSmoothing(0.6).write(Path.of("curves.svg"));
 * }</pre>
 */
public final class CurvePlot {
    /** Default image width in pixels. */
    public static final int DEFAULT_WIDTH = 960;
    /** Default height of one row of panels in pixels. */
    public static final int ROW_HEIGHT = 340;

    /** Metrics tried, in order, for the metric panel. */
    private static final List<String> MAIN_METRICS = List.of("accuracy", "mae", "rmse");
    private static final String VALIDATION_PREFIX = "val_";
    /** Up to this many points per curve each point gets a dot. */
    private static final int MAX_POINTS_WITH_MARKERS = 40;
    static final String TRAIN_COLOR = "#1f77b4";
    static final String VALIDATION_COLOR = "#ff7f0e";
    private static final String TEXT = "#000000";
    private static final String MUTED = "#555555";
    private static final int TITLE_BAND = 30;

    private final String modelName;
    private final History history;
    private final int width;
    private final int height;
    private final double smoothing;

    /**
     * A plot of {@code history} titled with {@code modelName}, of the default size, without smoothing.
     *
     * @throws IllegalArgumentException when the history has no epoch
     */
    public CurvePlot(String modelName, History history) {
        this(modelName, history, 0, 0, 0);
    }

    private CurvePlot(String modelName, History history, int width, int height, double smoothing) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.history = Objects.requireNonNull(history, "history");
        if (history.isEmpty()) {
            throw new IllegalArgumentException("cannot plot the training curves of '" + modelName + "': the history has no epoch");
        }
        if (width < 0 || height < 0) throw new IllegalArgumentException("plot size must be positive, got " + width + "x" + height);
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("smoothing must be at least 0 and below 1, got " + smoothing);
        }
        this.width = width;
        this.height = height;
        this.smoothing = smoothing;
    }

    /** The same plot with another image size in pixels. */
    public CurvePlot withSize(int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("plot size must be positive, got " + width + "x" + height);
        return new CurvePlot(modelName, history, width, height, smoothing);
    }

    /**
     * The same plot with TensorBoard's smoothing: {@code weight} 0 (none) to below 1 (0.6 is TensorBoard's
     * default); the raw values stay visible, faint.
     *
     * @throws IllegalArgumentException when the weight is outside {@code [0, 1)}
     */
    public CurvePlot withSmoothing(double weight) {
        return new CurvePlot(modelName, history, width, height, weight);
    }

    /** Image width in pixels. */
    public int width() {
        return width > 0 ? width : DEFAULT_WIDTH;
    }

    /** Image height in pixels: one row of panels per two panels, unless a size was given. */
    public int height() {
        return height > 0 ? height : TITLE_BAND + rows(panels().size()) * ROW_HEIGHT;
    }

    /**
     * The metric of the metric panel: the first of {@code accuracy}, {@code mae}, {@code rmse} with at least
     * one recorded value (training or validation), or empty when there is none.
     */
    public static Optional<String> mainMetric(History history) {
        for (String metric : MAIN_METRICS) {
            if (hasValue(history, metric) || hasValue(history, VALIDATION_PREFIX + metric)) return Optional.of(metric);
        }
        return Optional.empty();
    }

    /** The names of the curves, panel by panel, as the legends show them. */
    public List<String> seriesNames() {
        List<String> names = new ArrayList<>();
        for (Panel p : panels()) for (Series s : p.series()) names.add(s.name());
        return names;
    }

    /** The panels' titles: {@code loss}, then {@code accuracy} or {@code mae, rmse}, then {@code learning rate}. */
    public List<String> panelTitles() {
        return panels().stream().map(Panel::title).toList();
    }

    /** Whether the loss panel is on a log scale (every recorded loss positive). */
    public boolean lossOnLogScale() {
        return panels().stream().anyMatch(p -> p.title().equals("loss") && p.log());
    }

    /**
     * Writes the plot to {@code target} in the format its extension names ({@code .svg} or {@code .png}),
     * atomically: a failure never leaves a partial file.
     *
     * @throws IllegalArgumentException when the extension is not a supported one (nothing is written)
     * @throws IOException when the file cannot be written; the target is then left as it was
     */
    public void write(Path target) throws IOException {
        PlotFormat format = PlotFormat.forPath(target);
        AtomicWrite.write(target, render(format));
    }

    /** The plot encoded in {@code format}. */
    public byte[] render(PlotFormat format) throws IOException {
        return switch (format) {
            case SVG -> toSvg().getBytes(StandardCharsets.UTF_8);
            case PNG -> {
                RasterCanvas c = new RasterCanvas(width(), height());
                draw(c);
                yield c.png();
            }
        };
    }

    /** The plot as an SVG document (UTF-8 text with its XML declaration). */
    public String toSvg() {
        return svg().document();
    }

    /** The {@code <svg>} element alone, to inline into HTML. */
    String svgElement() {
        return svg().element();
    }

    private SvgCanvas svg() {
        SvgCanvas c = new SvgCanvas(width(), height(), modelName + " \u2014 training curves", description());
        draw(c);
        return c;
    }

    /** The plot in words, for the SVG {@code <desc>}. */
    private String description() {
        StringBuilder sb = new StringBuilder("Training curves per epoch, epochs ").append(history.epochs().get(0).epoch())
                .append(" to ").append(history.last().epoch()).append('.');
        for (Panel p : panels()) {
            sb.append(" Panel ").append(p.title()).append(p.log() ? " (log scale)" : "").append(": ");
            sb.append(String.join(", ", p.series().stream().map(Series::name).toList())).append('.');
        }
        if (smoothing > 0) sb.append(" Smoothed with weight ").append(smoothingText()).append('.');
        return sb.toString();
    }

    private String smoothingText() {
        return new java.math.BigDecimal(Double.toString(smoothing)).stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- what is drawn

    /** One curve: its legend name, the history's metric, its colour and whether dashed. */
    record Series(String name, String metric, String color, boolean dashed) {}

    /** One panel: its title and curves, and whether its scale is logarithmic. */
    record Panel(String title, List<Series> series, boolean log) {}

    List<Panel> panels() {
        List<Panel> panels = new ArrayList<>();
        List<Series> loss = new ArrayList<>();
        addIfRecorded(loss, new Series("train loss", "loss", TRAIN_COLOR, false));
        addIfRecorded(loss, new Series("validation loss", VALIDATION_PREFIX + "loss", VALIDATION_COLOR, false));
        if (!loss.isEmpty()) panels.add(new Panel("loss", loss, allPositive(loss)));
        Optional<String> main = mainMetric(history);
        if (main.isPresent()) {
            List<String> metrics = main.get().equals("accuracy") ? List.of("accuracy") : new ArrayList<>();
            if (!main.get().equals("accuracy")) {
                for (String m : List.of("mae", "rmse")) {
                    if (hasValue(history, m) || hasValue(history, VALIDATION_PREFIX + m)) metrics.add(m);
                }
            }
            List<Series> series = new ArrayList<>();
            for (int i = 0; i < metrics.size(); i++) {
                String m = metrics.get(i);
                addIfRecorded(series, new Series("train " + m, m, TRAIN_COLOR, i > 0));
                addIfRecorded(series, new Series("validation " + m, VALIDATION_PREFIX + m, VALIDATION_COLOR, i > 0));
            }
            panels.add(new Panel(String.join(", ", metrics), series, false));
        }
        if (varies(history.series("lr"))) {
            List<Series> lr = List.of(new Series("learning rate", "lr", TRAIN_COLOR, false));
            panels.add(new Panel("learning rate", lr, allPositive(lr)));
        }
        return panels;
    }

    private void addIfRecorded(List<Series> list, Series s) {
        if (hasValue(history, s.metric())) list.add(s);
    }

    private boolean allPositive(List<Series> series) {
        for (Series s : series) for (double v : history.series(s.metric())) if (Double.isFinite(v) && v <= 0) return false;
        return true;
    }

    private static boolean varies(double[] values) {
        double first = Double.NaN;
        for (double v : values) {
            if (!Double.isFinite(v)) continue;
            if (Double.isNaN(first)) first = v;
            else if (v != first) return true;
        }
        return false;
    }

    private static int rows(int panels) {
        return Math.max(1, (panels + 1) / 2);
    }

    // ---------------------------------------------------------------- drawing

    private void draw(Canvas c) {
        int w = width(), h = height();
        c.rect(0, 0, w, h, "#ffffff", null);
        c.text(16, 21, modelName, 16, Canvas.Anchor.START, TEXT, true, false);
        if (smoothing > 0) c.text(w - 16, 21, "smoothing " + smoothingText(), 12, Canvas.Anchor.END, MUTED, false, false);
        List<Panel> panels = panels();
        if (panels.isEmpty()) {
            c.text(w / 2.0, h / 2.0, "no metric was recorded", 14, Canvas.Anchor.MIDDLE, MUTED, false, false);
            return;
        }
        int cols = panels.size() == 1 ? 1 : 2, rows = rows(panels.size());
        double pw = (double) w / cols, ph = (double) (h - TITLE_BAND) / rows;
        for (int i = 0; i < panels.size(); i++) {
            drawPanel(c, panels.get(i), (i % cols) * pw, TITLE_BAND + (i / cols) * ph, pw, ph);
        }
    }

    private void drawPanel(Canvas c, Panel p, double px, double py, double pw, double ph) {
        c.beginGroup(p.title());
        double x0 = px + 62, x1 = px + pw - 18, y0 = py + 50, y1 = py + ph - 40;
        c.text(x0, py + 18, p.title() + (p.log() ? " (log scale)" : ""), 14, Canvas.Anchor.START, TEXT, true, false);
        double lx = x0;
        for (Series s : p.series()) {
            c.line(lx, py + 33, lx + 20, py + 33, new Canvas.Stroke(s.color(), 2.5, s.dashed(), 1));
            c.text(lx + 25, py + 37, s.name(), 12, Canvas.Anchor.START, TEXT, false, false);
            lx += 25 + Canvas.textWidth(s.name(), 12) + 16;
        }
        // the domain covers every recorded value of the panel
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : p.series()) {
            for (double v : history.series(s.metric())) {
                if (usable(v, p.log())) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        Axis y = p.log() ? Axis.logarithmic(lo, hi) : Axis.linear(lo, hi, false);
        int firstEpoch = history.epochs().get(0).epoch(), lastEpoch = history.last().epoch();
        Axis x = Axis.linear(firstEpoch, lastEpoch, true);
        Canvas.Stroke grid = Canvas.Stroke.solid("#ebebeb", 1);
        for (double t : y.ticks) {
            double ty = y1 - y.fraction(t) * (y1 - y0);
            c.line(x0, ty, x1, ty, grid);
            c.text(x0 - 6, ty + 4, y.label(t), 11, Canvas.Anchor.END, MUTED, false, false);
        }
        for (double t : x.ticks) {
            double tx = x0 + x.fraction(t) * (x1 - x0);
            c.line(tx, y0, tx, y1, grid);
            c.text(tx, y1 + 16, x.label(t), 11, Canvas.Anchor.MIDDLE, MUTED, false, false);
        }
        c.text((x0 + x1) / 2, y1 + 32, "epoch", 11, Canvas.Anchor.MIDDLE, MUTED, false, false);
        c.rect(x0, y0, x1 - x0, y1 - y0, null, Canvas.Stroke.solid("#bbbbbb", 1));
        for (Series s : p.series()) drawSeries(c, s, p.log(), x, y, x0, x1, y0, y1);
        c.endGroup();
    }

    private void drawSeries(Canvas c, Series s, boolean log, Axis x, Axis y, double x0, double x1, double y0, double y1) {
        List<double[]> points = new ArrayList<>();
        for (History.Epoch e : history.epochs()) {
            double v = e.get(s.metric());
            if (usable(v, log)) points.add(new double[] {e.epoch(), v});
        }
        int n = points.size();
        double[] xs = new double[n], ys = new double[n], smooth = new double[n];
        double last = 0, debias = 0;
        for (int i = 0; i < n; i++) {
            xs[i] = x0 + x.fraction(points.get(i)[0]) * (x1 - x0);
            ys[i] = y1 - y.fraction(points.get(i)[1]) * (y1 - y0);
            last = last * smoothing + (1 - smoothing) * points.get(i)[1];
            debias = debias * smoothing + (1 - smoothing);
            smooth[i] = y1 - y.fraction(last / debias) * (y1 - y0);
        }
        if (smoothing > 0) {
            c.polyline(xs, ys, new Canvas.Stroke(s.color(), 1, s.dashed(), 0.3));
            c.polyline(xs, smooth, new Canvas.Stroke(s.color(), 2, s.dashed(), 1));
        } else {
            c.polyline(xs, ys, new Canvas.Stroke(s.color(), 2, s.dashed(), 1));
        }
        if (n <= MAX_POINTS_WITH_MARKERS) for (int i = 0; i < n; i++) c.circle(xs[i], ys[i], 2.5, s.color());
    }

    private static boolean usable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    private static boolean hasValue(History history, String metric) {
        for (double v : history.series(metric)) if (Double.isFinite(v)) return true;
        return false;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CurvePlot[%s, %d epochs, %dx%d, smoothing %s]", modelName, history.epochs().size(),
                width(), height(), smoothingText());
    }
}
