package dev.nabla.cli.report;

import dev.nabla.runtime.train.History;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A training report as one self-contained HTML page: no external resource and no script, the style sheet
 * inline and the learning curves ({@link CurvePlot}, one panel per quantity) inlined as SVG markup, so the
 * file can be mailed, archived or opened offline.
 *
 * <p>The page holds, in order: the model name and a short summary (epochs, the run's time by the clock the
 * console shows, parameter count, date), the learning curves, the final metrics (train and validation side
 * by side), the model's parameters (name, shape, number of values and the total), the training settings and
 * the run's provenance as key/value pairs, and a table of every metric per epoch; past
 * {@value #COLLAPSE_AFTER} epochs that table shows the first and last {@value #SHOWN_AT_EACH_END} and keeps
 * the others in a {@code <details>} element.
 *
 * <p>Every string that comes from the user (model name, parameter names, setting keys and values such as
 * file names) is escaped. The markup is also well-formed XML, so it can be checked with any XML parser.
 *
 * <pre>{@code
 * new HtmlReport("mnist-mlp", history, List.of(ModelParameter.of("w1", 784, 128)),
 *         Map.of("optimizer", "adam", "data", "train.csv")).write(Path.of("report.html"));
 * }</pre>
 */
public final class HtmlReport {
    private static final String VALIDATION_PREFIX = "val_";
    private static final String LEARNING_RATE = "lr";
    /** Up to this many epochs, the epoch table lists them all. */
    static final int COLLAPSE_AFTER = 40;
    /** Epochs shown at each end of a collapsed epoch table. */
    static final int SHOWN_AT_EACH_END = 10;

    private final String modelName;
    private final History history;
    private final List<ModelParameter> parameters;
    private final Map<String, String> settings;
    private final RunInfo run;

    /**
     * A report on one training run.
     *
     * @param modelName  the model's name, shown as the title
     * @param history    what happened per epoch; may be empty (the page then says so and has no chart)
     * @param parameters the model's trainable parameters, in the order to list them
     * @param settings   the training settings (optimizer, learning rate, batch size, data files...), listed in
     *                   the map's iteration order
     */
    public HtmlReport(String modelName, History history, List<ModelParameter> parameters, Map<String, String> settings) {
        this(modelName, history, parameters, settings, null);
    }

    /**
     * A report on one training run with its provenance.
     *
     * @param run when the run finished, its time, version, command line and curve smoothing; null when unknown
     *            (the time is then the sum of the epochs' times)
     */
    public HtmlReport(String modelName, History history, List<ModelParameter> parameters, Map<String, String> settings,
                      RunInfo run) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.history = Objects.requireNonNull(history, "history");
        this.parameters = List.copyOf(parameters);
        this.settings = new LinkedHashMap<>(settings);
        this.run = run;
    }

    /**
     * Writes the page to {@code target} as UTF-8. The write is atomic: a temporary file in the same folder
     * is moved over the target, so a failure never leaves a partial page.
     *
     * @throws IOException when the file cannot be written; the target is then left as it was
     */
    public void write(Path target) throws IOException {
        AtomicWrite.write(target, toHtml().getBytes(StandardCharsets.UTF_8));
    }

    /** The whole page. */
    public String toHtml() {
        Page page = new Page();
        page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .raw("<meta name=\"generator\" content=\"nabla\"/>\n")
                .raw("<title>").text(modelName).raw(" \u2014 training report</title>\n")
                .raw("<style>").raw(STYLE).raw("</style>\n</head>\n<body>\n");
        page.raw("<h1>").text(modelName).raw("</h1>\n");
        summary(page);
        curves(page);
        finalMetrics(page);
        parameterTable(page);
        keyValueTable(page, "Training settings", "settings", settings, "No setting was recorded.");
        if (run != null && !run.provenance().isEmpty()) keyValueTable(page, "Run", "run", run.provenance(), "");
        epochTable(page);
        page.raw("</body>\n</html>\n");
        return page.toString();
    }

    private void summary(Page page) {
        page.raw("<p class=\"summary\">");
        if (history.isEmpty()) {
            page.raw("No epoch was recorded.");
        } else {
            double seconds = 0;
            for (History.Epoch e : history.epochs()) seconds += e.seconds();
            if (run != null) seconds = run.totalSeconds();
            page.text(history.epochs().size() + (history.epochs().size() == 1 ? " epoch" : " epochs"))
                    .raw(" in <span id=\"total-seconds\">").text(Numbers.seconds(seconds)).raw("</span> s");
        }
        page.raw(" \u00b7 ").text(Numbers.count(totalParameters())).raw(" parameter values");
        double lr = history.isEmpty() ? Double.NaN : history.last().get(LEARNING_RATE);
        if (!Double.isNaN(lr)) page.raw(" \u00b7 final learning rate ").text(Numbers.metric(lr));
        if (run != null) {
            page.raw(" \u00b7 <time datetime=\"").text(run.finished().toOffsetDateTime().toString()).raw("\">")
                    .text(run.finished().format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx")))
                    .raw("</time>");
        }
        page.raw("</p>\n");
    }

    private void curves(Page page) {
        if (history.isEmpty()) return;
        CurvePlot plot = new CurvePlot(modelName, history).withSmoothing(run == null ? 0 : run.smoothing());
        page.raw("<h2>Training curves</h2>\n<figure class=\"chart\">\n").raw(plot.svgElement()).raw("</figure>\n");
    }

    private void finalMetrics(Page page) {
        page.raw("<h2>Final metrics</h2>\n");
        List<String> names = baseMetricNames();
        if (names.isEmpty()) {
            page.raw("<p>No metric was recorded.</p>\n");
            return;
        }
        page.raw("<table id=\"final-metrics\">\n<thead><tr><th>Metric</th><th>Train</th><th>Validation</th></tr></thead>\n<tbody>\n");
        for (String name : names) {
            page.raw("<tr><th scope=\"row\">").text(name).raw("</th>");
            finalValueCell(page, name);
            finalValueCell(page, VALIDATION_PREFIX + name);
            page.raw("</tr>\n");
        }
        page.raw("</tbody>\n</table>\n");
    }

    /** The last recorded value of a metric, with its epoch when that is not the last one. */
    private void finalValueCell(Page page, String metric) {
        List<History.Epoch> epochs = history.epochs();
        for (int i = epochs.size() - 1; i >= 0; i--) {
            double v = epochs.get(i).get(metric);
            if (!Double.isNaN(v)) {
                page.raw("<td class=\"num\">").text(Numbers.metric(v));
                if (i != epochs.size() - 1) page.raw(" <small>(epoch ").text(String.valueOf(epochs.get(i).epoch())).raw(")</small>");
                page.raw("</td>");
                return;
            }
        }
        page.raw("<td class=\"num\">").text(Numbers.MISSING).raw("</td>");
    }

    /** Metric names without the {@code val_} prefix, in first-seen order, without the learning rate. */
    private List<String> baseMetricNames() {
        List<String> names = new ArrayList<>();
        for (String name : history.metricNames()) {
            String base = name.startsWith(VALIDATION_PREFIX) ? name.substring(VALIDATION_PREFIX.length()) : name;
            if (!base.equals(LEARNING_RATE) && !names.contains(base)) names.add(base);
        }
        return names;
    }

    private void parameterTable(Page page) {
        page.raw("<h2>Model parameters</h2>\n");
        page.raw("<table id=\"parameters\">\n<thead><tr><th>Name</th><th>Shape</th><th>Values</th></tr></thead>\n<tbody>\n");
        for (ModelParameter p : parameters) {
            page.raw("<tr><td>").text(p.name()).raw("</td><td>").text(p.shapeText()).raw("</td><td class=\"num\">")
                    .text(Numbers.count(p.size())).raw("</td></tr>\n");
        }
        page.raw("</tbody>\n<tfoot><tr><th scope=\"row\">Total</th><td>").text(parameters.size() == 1 ? "1 tensor" : parameters.size() + " tensors")
                .raw("</td><td class=\"num\">").text(Numbers.count(totalParameters())).raw("</td></tr></tfoot>\n</table>\n");
    }

    private long totalParameters() {
        long total = 0;
        for (ModelParameter p : parameters) total = Math.addExact(total, p.size());
        return total;
    }

    private void keyValueTable(Page page, String title, String id, Map<String, String> values, String none) {
        page.raw("<h2>").text(title).raw("</h2>\n");
        if (values.isEmpty()) {
            page.raw("<p>").text(none).raw("</p>\n");
            return;
        }
        page.raw("<table id=\"").text(id).raw("\" class=\"pairs\">\n<tbody>\n");
        for (Map.Entry<String, String> s : values.entrySet()) {
            page.raw("<tr><th scope=\"row\">").text(s.getKey()).raw("</th><td>").text(String.valueOf(s.getValue())).raw("</td></tr>\n");
        }
        page.raw("</tbody>\n</table>\n");
    }

    private void epochTable(Page page) {
        if (history.isEmpty()) return;
        List<String> metrics = new ArrayList<>(history.metricNames());
        List<History.Epoch> epochs = history.epochs();
        page.raw("<h2>Per epoch</h2>\n");
        if (epochs.size() <= COLLAPSE_AFTER) {
            epochRows(page, "epochs", metrics, epochs, 0);
            return;
        }
        int hidden = epochs.size() - 2 * SHOWN_AT_EACH_END;
        List<History.Epoch> ends = new ArrayList<>(epochs.subList(0, SHOWN_AT_EACH_END));
        ends.addAll(epochs.subList(epochs.size() - SHOWN_AT_EACH_END, epochs.size()));
        epochRows(page, "epochs", metrics, ends, SHOWN_AT_EACH_END);
        page.raw("<p class=\"note\">").text("The first and last " + SHOWN_AT_EACH_END + " of " + Numbers.count(epochs.size())
                + " epochs; " + Numbers.count(hidden) + " more below.").raw("</p>\n");
        page.raw("<details>\n<summary>").text("All " + Numbers.count(epochs.size()) + " epochs").raw("</summary>\n");
        epochRows(page, "all-epochs", metrics, epochs, 0);
        page.raw("</details>\n");
    }

    /** A table of epochs; with {@code gapAfter} > 0 a row marks the epochs left out after that many rows. */
    private void epochRows(Page page, String id, List<String> metrics, List<History.Epoch> epochs, int gapAfter) {
        page.raw("<table id=\"").text(id).raw("\">\n<thead><tr><th>Epoch</th>");
        for (String m : metrics) page.raw("<th>").text(m).raw("</th>");
        page.raw("<th>Time (s)</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < epochs.size(); i++) {
            if (gapAfter > 0 && i == gapAfter) {
                int skipped = history.epochs().size() - epochs.size();
                page.raw("<tr class=\"gap\"><td colspan=\"").text(String.valueOf(metrics.size() + 2)).raw("\">")
                        .text("\u22ee " + Numbers.count(skipped) + " epochs").raw("</td></tr>\n");
            }
            History.Epoch e = epochs.get(i);
            page.raw("<tr><td class=\"num\">").text(String.valueOf(e.epoch())).raw("</td>");
            for (String m : metrics) page.raw("<td class=\"num\">").text(Numbers.metric(e.get(m))).raw("</td>");
            page.raw("<td class=\"num\">").text(Numbers.seconds(e.seconds())).raw("</td></tr>\n");
        }
        page.raw("</tbody>\n</table>\n");
    }

    /** The page being built: markup goes in as is, text is always escaped. */
    private static final class Page {
        private final StringBuilder out = new StringBuilder(64 * 1024);

        Page raw(String markup) {
            out.append(markup);
            return this;
        }

        Page text(String text) {
            out.append(Html.escape(text));
            return this;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    private static final String STYLE = """

            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
                   max-width: 1000px; margin: 2em auto; padding: 0 1em; line-height: 1.4; }
            h1 { margin-bottom: 0.2em; }
            h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; font-size: 1.2em; }
            .summary { color: #555; }
            figure.chart { margin: 0; }
            figure.chart svg { max-width: 100%; height: auto; }
            table { border-collapse: collapse; font-size: 0.9em; }
            th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; }
            thead th, tfoot th, tfoot td { background: #f4f4f4; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            tbody tr:nth-child(even) { background: #fafafa; }
            small, .note { color: #777; }
            tr.gap td { text-align: center; color: #777; background: #fff; }
            table.pairs td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.95em;
                             word-break: break-all; }
            details { margin-top: 0.8em; }
            summary { cursor: pointer; color: #1f5fa8; }
            """;
}
