package dev.nabla.compiler.codegen;

/** Emitted Java: the class's package, simple name and source text. */
public record GeneratedSource(String packageName, String className, String source) {
    public String qualifiedName() { return packageName.isEmpty() ? className : packageName + "." + className; }

    /** The source with line numbers, for error reports. */
    public String numbered() {
        String[] lines = source.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) sb.append(String.format("%5d  %s%n", i + 1, lines[i]));
        return sb.toString();
    }
}
