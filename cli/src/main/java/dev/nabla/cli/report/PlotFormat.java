package dev.nabla.cli.report;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The image formats a {@link CurvePlot} can be written in, chosen by the file name's extension. */
public enum PlotFormat {
    /** Scalable vector graphics, {@code .svg}. */
    SVG("svg"),
    /** Portable network graphics, {@code .png}. */
    PNG("png");

    private final String extension;

    PlotFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot, in lower case. */
    public String extension() {
        return extension;
    }

    /**
     * The format for a file name, from its extension (case-insensitive).
     *
     * @throws IllegalArgumentException when the extension is missing or not one of the supported ones
     */
    public static PlotFormat forPath(Path file) {
        Path name = file.getFileName();
        String fileName = name == null ? "" : name.toString();
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (PlotFormat f : values()) {
            if (f.extension.equals(ext)) return f;
        }
        throw new IllegalArgumentException("cannot write a plot to '" + fileName + "': unsupported extension "
                + (ext.isEmpty() ? "(none)" : "'." + ext + "'") + "; supported: " + supported());
    }

    /** The supported extensions, for messages: {@code .svg, .png}. */
    public static String supported() {
        return Arrays.stream(values()).map(f -> "." + f.extension).collect(Collectors.joining(", "));
    }
}
