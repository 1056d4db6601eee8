package dev.nabla.cli.report;

/**
 * What a {@link CurvePlot} draws on: lines, polylines, rectangles, circles and text, in pixels from the top
 * left corner. Two implementations draw the same figure: {@link SvgCanvas} (SVG markup with real text
 * elements) and {@link RasterCanvas} (a PNG image through Java 2D).
 */
interface Canvas {
    /** Where a text's x coordinate is: its start, middle or end. */
    enum Anchor { START, MIDDLE, END }

    /** A stroke: colour ({@code #rrggbb}), width, whether dashed, and opacity from 0 to 1. */
    record Stroke(String color, double width, boolean dashed, double opacity) {
        static Stroke solid(String color, double width) {
            return new Stroke(color, width, false, 1);
        }
    }

    void rect(double x, double y, double w, double h, String fill, Stroke stroke);

    void line(double x1, double y1, double x2, double y2, Stroke stroke);

    void polyline(double[] xs, double[] ys, Stroke stroke);

    void circle(double cx, double cy, double r, String fill);

    /** Text at a baseline point; {@code rotated} turns it a quarter counter-clockwise (a vertical axis title). */
    void text(double x, double y, String text, double size, Anchor anchor, String color, boolean bold, boolean rotated);

    /** Starts a group of drawings that belong together (a panel), named for readers of the markup. */
    default void beginGroup(String name) {}

    default void endGroup() {}

    /** The width of a text as laid out: the same estimate on every canvas, so both layouts agree. */
    static double textWidth(String text, double size) {
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            w += c == ' ' ? 0.3 : c == '.' || c == ',' || c == ':' || c == 'i' || c == 'l' || c == '1' ? 0.32
                    : Character.isUpperCase(c) || c == 'm' || c == 'w' ? 0.75 : 0.56;
        }
        return w * size;
    }
}
