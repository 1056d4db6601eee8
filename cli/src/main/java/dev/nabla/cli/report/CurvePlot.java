package dev.nabla.cli.report;

import dev.nabla.runtime.train.History;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves of one training run: the training and validation loss per epoch on the left Y axis and
 * the main metric ({@code accuracy} if recorded, else {@code mae}, else {@code rmse}, see
 * {@link #mainMetric(History)}) on a second Y axis on the right.
 *
 * <p>Series are named {@code train loss}, {@code validation loss}, {@code train <metric>} and
 * {@code validation <metric>}; a series with no recorded value is left out, and epochs where a metric is NaN
 * or infinite (for example validation that runs only every few epochs) are skipped rather than plotted as
 * zero. The image is drawn off screen: {@code java.awt.headless} is set to {@code true} before any AWT use.
 *
 * <pre>{@code
 * new CurvePlot("mnist-mlp", history).write(Path.of("curves.svg"));
 * }</pre>
 *
 * <p>XChart draws text as outlines, so the SVG also carries the model name in its {@code <title>} and the
 * series names in its {@code <desc>}. Instances are immutable and cheap; the chart is drawn on each render.
 */
public final class CurvePlot {
    static {
        Headless.ensure(); // before the AWT classes below are loaded
    }

    /** Default image width in pixels. */
    public static final int DEFAULT_WIDTH = 900;
    /** Default image height in pixels. */
    public static final int DEFAULT_HEIGHT = 540;

    /** Metrics tried, in order, as the main metric of the right-hand axis. */
    private static final List<String> MAIN_METRICS = List.of("accuracy", "mae", "rmse");
    private static final String VALIDATION_PREFIX = "val_";
    /** Above this many points per series the markers are dropped and only the lines drawn. */
    private static final int MAX_POINTS_WITH_MARKERS = 40;
    /** Up to this many epochs, each X tick sits on an epoch; beyond, ticks are round numbers. */
    private static final int MAX_EPOCHS_LABELLED_AT_DATA = 12;
    /** Name of the invisible series that makes XChart choose round X ticks (see addRoundTickAnchor). */
    static final String ROUND_TICK_ANCHOR = " ";

    private static final Color LOSS_COLOR = new Color(0x1f, 0x77, 0xb4);
    private static final Color METRIC_COLOR = new Color(0xd6, 0x5f, 0x00);

    private final String modelName;
    private final History history;
    private final int width;
    private final int height;

    /**
     * A plot of {@code history} titled with {@code modelName}, of the default size.
     *
     * @throws IllegalArgumentException when the history has no epoch
     */
    public CurvePlot(String modelName, History history) {
        this(modelName, history, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    private CurvePlot(String modelName, History history, int width, int height) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.history = Objects.requireNonNull(history, "history");
        if (history.isEmpty()) {
            throw new IllegalArgumentException("cannot plot the training curves of '" + modelName
                    + "': the history has no epoch");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("plot size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    /** The same plot with another image size in pixels (for SVG, the size of the drawing in user units). */
    public CurvePlot withSize(int width, int height) {
        return new CurvePlot(modelName, history, width, height);
    }

    /** Image width in pixels. */
    public int width() {
        return width;
    }

    /** Image height in pixels. */
    public int height() {
        return height;
    }

    /**
     * The metric plotted on the right-hand axis: the first of {@code accuracy}, {@code mae}, {@code rmse}
     * with at least one recorded value (training or validation), or empty when there is none.
     */
    public static Optional<String> mainMetric(History history) {
        for (String metric : MAIN_METRICS) {
            if (hasValue(history, metric) || hasValue(history, VALIDATION_PREFIX + metric)) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    /** The names of the series this plot draws, in legend order. */
    public List<String> seriesNames() {
        List<String> names = new ArrayList<>();
        for (Curve c : curves()) names.add(c.name());
        return names;
    }

    /**
     * Writes the plot to {@code target} in the format its extension names ({@code .svg} or {@code .png}).
     * The write is atomic: the image is rendered in memory, written to a temporary file in the same folder
     * and moved over the target, so a failure never leaves a half-written or partial file.
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
        XYChart chart = chart();
        return switch (format) {
            case SVG -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                yield SvgMarkup.finish(out.toByteArray(), modelName + " \u2014 training curves", description());
            }
            case PNG -> BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        };
    }

    /** The plot as an SVG document (UTF-8 text, with its XML prolog). */
    public String toSvg() throws IOException {
        return new String(render(PlotFormat.SVG), StandardCharsets.UTF_8);
    }

    /** The plot in words, for the SVG {@code <desc>}: the drawing itself holds its text only as outlines. */
    private String description() {
        List<String> names = seriesNames();
        return "Training curves per epoch, epochs " + history.epochs().get(0).epoch() + " to "
                + history.last().epoch() + ". Series: " + (names.isEmpty() ? "none" : String.join(", ", names))
                + ".";
    }

    /** One line of the plot: a named metric of the history and how to draw it. */
    private record Curve(String name, String metric, boolean loss, boolean validation, boolean onMetricAxis) {}

    private List<Curve> curves() {
        List<Curve> curves = new ArrayList<>();
        addIfRecorded(curves, new Curve("train loss", "loss", true, false, false));
        addIfRecorded(curves, new Curve("validation loss", VALIDATION_PREFIX + "loss", true, true, false));
        boolean lossPlotted = !curves.isEmpty();
        mainMetric(history).ifPresent(metric -> {
            addIfRecorded(curves, new Curve("train " + metric, metric, false, false, lossPlotted));
            addIfRecorded(curves, new Curve("validation " + metric, VALIDATION_PREFIX + metric, false, true, lossPlotted));
        });
        return curves;
    }

    private void addIfRecorded(List<Curve> curves, Curve c) {
        if (hasValue(history, c.metric())) curves.add(c);
    }

    /** The chart as XChart models it, drawn anew on each call (package-private for tests). */
    XYChart chart() {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(modelName)
                .xAxisTitle("epoch")
                .yAxisTitle("loss")
                .build();
        style(chart);
        List<Curve> curves = curves();
        Optional<String> metric = mainMetric(history);
        if (curves.stream().anyMatch(Curve::onMetricAxis)) {
            chart.setYAxisGroupTitle(0, "loss");
            chart.getStyler().setYAxisGroupTitleColor(0, LOSS_COLOR);
            chart.setYAxisGroupTitle(1, metric.orElseThrow());
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            chart.getStyler().setYAxisGroupTitleColor(1, METRIC_COLOR);
        } else if (curves.stream().noneMatch(Curve::loss)) {
            chart.setYAxisTitle(metric.orElse("value")); // no loss recorded: the metric has the left axis
        }
        AxisRange[] ranges = {new AxisRange(), new AxisRange()};
        for (Curve c : curves) {
            XYSeries series = addSeries(chart, c);
            for (double y : series.getYData()) ranges[series.getYAxisGroup()].include(y);
        }
        for (int group = 0; group < ranges.length; group++) {
            if (!ranges[group].isEmpty()) chart.getStyler().putYAxisGroupDecimalPatternMap(group, ranges[group].decimalPattern());
        }
        if (history.epochs().size() > MAX_EPOCHS_LABELLED_AT_DATA && !curves.isEmpty()) addRoundTickAnchor(chart);
        return chart;
    }

    private void style(XYChart chart) {
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setPlotGridLinesColor(new Color(0xe0, 0xe0, 0xe0));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setMarkerSize(6);
        s.setLocale(Locale.ROOT); // 0.5, not 0,5, whatever the machine's locale
        // epochs are whole numbers: with this pattern 1.5 and 2 would print alike, so XChart picks whole steps
        s.setXAxisDecimalPattern("0");
        int first = history.epochs().get(0).epoch();
        int last = history.last().epoch();
        if (first == last) {
            // a single epoch: give the lone point some room instead of a zero-width axis
            s.setXAxisMin((double) first - 1);
            s.setXAxisMax((double) last + 1);
        }
    }

    private XYSeries addSeries(XYChart chart, Curve c) {
        List<Integer> epochs = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (History.Epoch e : history.epochs()) {
            double v = e.get(c.metric());
            if (Double.isFinite(v)) {
                epochs.add(e.epoch());
                values.add(v);
            }
        }
        XYSeries series = chart.addSeries(c.name(), epochs, values);
        series.setYAxisGroup(c.onMetricAxis() ? 1 : 0);
        Color color = c.loss() ? LOSS_COLOR : METRIC_COLOR;
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineStyle(c.validation() ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
        boolean markers = values.size() <= MAX_POINTS_WITH_MARKERS;
        series.setMarker(markers ? (c.validation() ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE) : SeriesMarkers.NONE);
        return series;
    }

    /**
     * XChart puts the X ticks of equally spaced data on every k-th data point (epochs 1, 9, 17, ...). One
     * invisible point half-way between the first two epochs, outside the legend, breaks the equal spacing so
     * that XChart picks round ticks instead (20, 40, 60, ...). It copies the first point's Y value, so neither
     * axis range moves.
     */
    private static void addRoundTickAnchor(XYChart chart) {
        XYSeries first = chart.getSeriesMap().values().iterator().next();
        double x = first.getXData()[0] + 0.5;
        XYSeries anchor = chart.addSeries(ROUND_TICK_ANCHOR, new double[] {x}, new double[] {first.getYData()[0]});
        anchor.setYAxisGroup(first.getYAxisGroup());
        anchor.setShowInLegend(false);
        anchor.setLineStyle(SeriesLines.NONE);
        anchor.setMarker(SeriesMarkers.NONE);
    }

    private static boolean hasValue(History history, String metric) {
        for (double v : history.series(metric)) {
            if (Double.isFinite(v)) return true;
        }
        return false;
    }
}
