package dev.nabla.cli.report;

import java.util.Locale;

/**
 * Draws as SVG markup: text stays text ({@code <text>}, selectable, searchable and small), lines are
 * polylines with coordinates rounded to a tenth of a pixel.
 */
final class SvgCanvas implements Canvas {
    static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

    private final StringBuilder out = new StringBuilder(16 * 1024);
    private final int width;
    private final int height;

    SvgCanvas(int width, int height, String title, String description) {
        this.width = width;
        this.height = height;
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"").append(Html.escape(FONT)).append("\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<desc>").append(Html.escape(description)).append("</desc>\n");
    }

    @Override
    public void rect(double x, double y, double w, double h, String fill, Stroke stroke) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(fill == null ? "none" : fill).append('"');
        stroke(stroke);
        out.append("/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Stroke stroke) {
        out.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append('"');
        stroke(stroke);
        out.append("/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, Stroke stroke) {
        out.append("<polyline fill=\"none\" stroke-linejoin=\"round\" points=\"");
        for (int i = 0; i < xs.length; i++) out.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        out.append('"');
        stroke(stroke);
        out.append("/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, String fill) {
        out.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(fill).append("\"/>\n");
    }

    @Override
    public void text(double x, double y, String text, double size, Anchor anchor, String color, boolean bold, boolean rotated) {
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                .append('"');
        if (anchor != Anchor.START) out.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
        if (!"#000000".equals(color)) out.append(" fill=\"").append(color).append('"');
        if (bold) out.append(" font-weight=\"bold\"");
        if (rotated) out.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
        out.append('>').append(Html.escape(text)).append("</text>\n");
    }

    @Override
    public void beginGroup(String name) {
        out.append("<g class=\"panel\" data-panel=\"").append(Html.escape(name)).append("\">\n");
    }

    @Override
    public void endGroup() {
        out.append("</g>\n");
    }

    private void stroke(Stroke s) {
        if (s == null) return;
        out.append(" stroke=\"").append(s.color()).append("\" stroke-width=\"").append(n(s.width())).append('"');
        if (s.dashed()) out.append(" stroke-dasharray=\"6 4\"");
        if (s.opacity() < 1) out.append(" stroke-opacity=\"").append(n(s.opacity())).append('"');
    }

    /** A coordinate with at most one decimal. */
    static String n(double v) {
        double r = Math.round(v * 10) / 10.0;
        if (r == Math.rint(r)) return Long.toString((long) r);
        return String.format(Locale.ROOT, "%.1f", r);
    }

    /** The finished document, with its XML declaration. */
    String document() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element();
    }

    /** The {@code <svg>} element alone, for inlining into HTML. */
    String element() {
        return out + "</svg>\n";
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }
}
