package dev.nabla.cli.report;

import dev.nabla.runtime.train.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A training report as one self-contained HTML page: no external resource, the style sheet inline and the
 * learning curves ({@link CurvePlot}) inlined as SVG markup, so the file can be mailed, archived or opened
 * offline.
 *
 * <p>The page holds, in order: the model name and a short summary, the learning curves, the final metrics
 * (train and validation side by side), the model's parameters (name, shape, number of values and the
 * total), the training settings as key/value pairs, and a table of every metric for every epoch.
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

    private final String modelName;
    private final History history;
    private final List<ModelParameter> parameters;
    private final Map<String, String> settings;

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
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.history = Objects.requireNonNull(history, "history");
        this.parameters = List.copyOf(parameters);
        this.settings = new LinkedHashMap<>(settings);
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
        settingsTable(page);
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
            page.text(history.epochs().size() + (history.epochs().size() == 1 ? " epoch" : " epochs"))
                    .raw(" in ").text(Numbers.seconds(seconds)).raw(" s");
        }
        page.raw(" \u00b7 ").text(Numbers.count(totalParameters())).raw(" parameter values");
        double lr = history.isEmpty() ? Double.NaN : history.last().get(LEARNING_RATE);
        if (!Double.isNaN(lr)) page.raw(" \u00b7 final learning rate ").text(Numbers.metric(lr));
        page.raw("</p>\n");
    }

    private void curves(Page page) {
        if (history.isEmpty()) return;
        String svg;
        try {
            svg = SvgMarkup.inline(new CurvePlot(modelName, history).toSvg());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the training curves of " + modelName, e);
        }
        page.raw("<h2>Training curves</h2>\n<figure class=\"chart\">\n").raw(svg).raw("\n</figure>\n");
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

    private void settingsTable(Page page) {
        page.raw("<h2>Training settings</h2>\n");
        if (settings.isEmpty()) {
            page.raw("<p>No setting was recorded.</p>\n");
            return;
        }
        page.raw("<table id=\"settings\">\n<tbody>\n");
        for (Map.Entry<String, String> s : settings.entrySet()) {
            page.raw("<tr><th scope=\"row\">").text(s.getKey()).raw("</th><td>").text(String.valueOf(s.getValue())).raw("</td></tr>\n");
        }
        page.raw("</tbody>\n</table>\n");
    }

    private void epochTable(Page page) {
        if (history.isEmpty()) return;
        List<String> metrics = new ArrayList<>(history.metricNames());
        page.raw("<h2>Per epoch</h2>\n<table id=\"epochs\">\n<thead><tr><th>Epoch</th>");
        for (String m : metrics) page.raw("<th>").text(m).raw("</th>");
        page.raw("<th>Time (s)</th></tr></thead>\n<tbody>\n");
        for (History.Epoch e : history.epochs()) {
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
            small { color: #777; }
            """;
}
