package dev.nabla.maven;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.codegen.GeneratedSource;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.diag.Span;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.SourceVersion;

/**
 * The work of the {@code generate} goals, free of Maven types so that it is tested directly: find the
 * model files, regenerate the stale ones, delete what removed models left behind, remember what was done.
 *
 * <p>A model is up to date when the state of the last run ({@link GenerationState}) has it with the
 * same SHA-256 of its bytes and the same package, every Java file made from it is still there with the
 * size and modification time written, and the run's settings (plugin fingerprint, folders, package,
 * encoding) are the same. Then it is neither compiled nor written: a second build does no work.
 */
final class Generator {
    /** Where messages go: the Maven log in the plugin, a list in tests. */
    interface Reporter {
        void debug(String message);

        void info(String message);

        void warn(String message);

        void error(String message);
    }

    /**
     * What to generate.
     *
     * @param basedir         the project folder; generated comments name models relative to it
     * @param sourceDirectory where the model files are
     * @param outputDirectory where the Java files go (a source root of the build)
     * @param stateFile       where what was generated is remembered
     * @param includes        Ant patterns of model files, relative to {@code sourceDirectory}
     * @param excludes        Ant patterns of files to leave out
     * @param packageName     the package of every generated class; null: from the model's folder
     * @param encoding        encoding of the Java files; characters it cannot hold become unicode escapes
     * @param fingerprint     identifies the generator (plugin version and build); a change regenerates all
     */
    record Config(Path basedir, Path sourceDirectory, Path outputDirectory, Path stateFile, List<String> includes,
                  List<String> excludes, String packageName, Charset encoding, String fingerprint) {}

    /** What a run did. */
    record Result(int models, int generated, int upToDate, int deleted, int errors, int failedModels) {
        boolean failed() { return errors > 0; }
    }

    private final Config config;
    private final Reporter log;

    Generator(Config config, Reporter log) {
        this.config = config;
        this.log = log;
    }

    private record Model(String relative, Path file, byte[] bytes, String sha256, String packageName) {}

    Result run() throws IOException {
        Path src = config.sourceDirectory().toAbsolutePath().normalize();
        Path out = config.outputDirectory().toAbsolutePath().normalize();
        String pkgOverride = config.packageName() == null || config.packageName().isBlank() ? null
                : config.packageName().trim();
        GenerationState.Settings settings = new GenerationState.Settings(config.fingerprint(), src.toString(),
                out.toString(), pkgOverride, config.encoding().name());
        GenerationState old = GenerationState.read(config.stateFile());
        boolean reusable = old != null && old.settings().equals(settings);
        if (old != null && !reusable) log.info("Settings or plugin changed since the last run: regenerating every model");

        int errors = 0;
        int failedModels = 0;
        if (pkgOverride != null && !SourceVersion.isName(pkgOverride)) {
            log.error("packageName '" + pkgOverride + "' is not a valid Java package name");
            return new Result(0, 0, 0, 0, 1, 0);
        }

        List<String> found = scan(src);
        Map<String, GenerationState.Entry> current = new TreeMap<>();
        Map<String, String> claims = new HashMap<>(); // output path -> model that makes it
        List<Model> stale = new ArrayList<>();
        for (String rel : found) {
            Path file = src.resolve(rel);
            byte[] bytes = Files.readAllBytes(file);
            String pkg = pkgOverride != null ? pkgOverride : packageOf(rel);
            Model m = new Model(rel, file, bytes, sha256(bytes), pkg);
            GenerationState.Entry e = reusable ? old.entries().get(rel) : null;
            if (e != null && e.sha256().equals(m.sha256()) && e.packageName().equals(pkg) && intact(out, e)) {
                current.put(rel, e);
                for (GenerationState.Output o : e.outputs()) claims.put(o.path(), rel);
                log.debug("Up to date: " + rel);
            } else {
                stale.add(m);
            }
        }

        int generated = 0;
        for (Model m : stale) {
            List<Diagnostic> problems = generate(m, out, current, claims);
            if (problems == null) {
                generated++;
                continue;
            }
            failedModels++;
            for (Diagnostic d : problems) {
                report(d);
                if (d.isError()) errors++;
            }
        }

        int deleted = 0;
        if (old != null) {
            Path oldOut = Path.of(old.settings().outputDirectory());
            Set<Path> keep = new HashSet<>();
            for (String p : claims.keySet()) keep.add(out.resolve(p).normalize());
            for (GenerationState.Entry e : old.entries().values()) {
                for (GenerationState.Output o : e.outputs()) {
                    Path p = oldOut.resolve(o.path()).normalize();
                    if (!p.startsWith(oldOut) || keep.contains(p)) continue;
                    if (Files.deleteIfExists(p)) {
                        deleted++;
                        String why = current.containsKey(e.model()) || found.contains(e.model())
                                ? "no longer generated from " + e.model() : "its model " + e.model() + " is gone";
                        log.info("Deleted " + display(p) + " (" + why + ")");
                        pruneEmptyFolders(p.getParent(), oldOut);
                    }
                }
            }
        }

        new GenerationState(settings, current).write(config.stateFile());
        return new Result(found.size(), generated, found.size() - stale.size(), deleted, errors, failedModels);
    }

    /** Compiles one model and writes its class; returns null on success, else the diagnostics to report. */
    private List<Diagnostic> generate(Model m, Path out, Map<String, GenerationState.Entry> current,
                                      Map<String, String> claims) throws IOException {
        SourceFile absolute = new SourceFile(m.file().toString(), "");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(m.bytes())).toString();
        } catch (CharacterCodingException e) {
            return List.of(Diagnostic.error(new Span(absolute, 0, 0, 0), "not a UTF-8 text file"));
        }
        absolute = new SourceFile(m.file().toString(), text);
        if (!m.packageName().isEmpty() && !SourceVersion.isName(m.packageName())) {
            return List.of(Diagnostic.error(new Span(absolute, 0, 0, 0), "the folder " + parentOf(m.relative())
                    + " is not a valid Java package name (" + m.packageName() + "); rename it or set packageName"));
        }
        SourceFile source = new SourceFile(display(m.file()), text);
        Compilation c;
        try {
            c = Nabla.translate(source.name(), source.text(), CompileOptions.defaults().withPackage(m.packageName()));
        } catch (NablaException e) {
            List<Diagnostic> ds = new ArrayList<>();
            for (Diagnostic d : e.diagnostics()) ds.add(relocate(d, source, absolute));
            if (e.errors().isEmpty()) ds.add(Diagnostic.error(new Span(absolute, 0, 0, 0), e.getMessage()));
            return ds;
        } catch (RuntimeException | StackOverflowError e) {
            return List.of(Diagnostic.error(new Span(absolute, 0, 0, 0), internalError(e)));
        }
        for (Diagnostic d : c.diagnostics()) report(relocate(d, source, absolute));

        GeneratedSource java = c.java();
        String outRel = (java.packageName().isEmpty() ? "" : java.packageName().replace('.', '/') + "/")
                + java.className() + ".java";
        String other = claims.get(outRel);
        if (other != null) {
            return List.of(Diagnostic.error(new Span(absolute, 0, 0, 0), "generates " + java.qualifiedName()
                    + ", which " + other + " generates too; rename one of the models or move it to another folder"));
        }
        Path target = out.resolve(outRel);
        boolean written = AtomicFiles.writeIfChanged(target, encode(java.source()));
        log.info("Generated " + java.qualifiedName() + " from " + source.name() + (written ? "" : " (the Java is unchanged)"));
        GenerationState.Output o = new GenerationState.Output(outRel, Files.size(target),
                Files.getLastModifiedTime(target).toMillis());
        current.put(m.relative(), new GenerationState.Entry(m.relative(), m.sha256(), m.packageName(), List.of(o)));
        claims.put(outRel, m.relative());
        return null;
    }

    private void report(Diagnostic d) {
        switch (d.severity()) {
            case ERROR -> log.error(d.format());
            case WARNING -> log.warn(d.format());
            default -> log.info(d.format());
        }
    }

    /** Every model file under {@code src} that the patterns select, relative with {@code /}, sorted. */
    private List<String> scan(Path src) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(src)) return found;
        PathPatterns patterns = new PathPatterns(config.includes() == null || config.includes().isEmpty()
                ? List.of("**/*.nabla") : config.includes(), config.excludes());
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    String rel = slashes(src.relativize(file));
                    if (patterns.matches(rel)) found.add(rel);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    /** The package of a model from its folder below the source folder: {@code com/acme/x.nabla} is {@code com.acme}. */
    static String packageOf(String relative) {
        String parent = parentOf(relative);
        return parent.isEmpty() ? "" : parent.replace('/', '.');
    }

    private static String parentOf(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }

    /** Whether every output of an entry is still there as it was written. */
    private static boolean intact(Path out, GenerationState.Entry e) throws IOException {
        if (e.outputs().isEmpty()) return false;
        for (GenerationState.Output o : e.outputs()) {
            Path p = out.resolve(o.path());
            if (!Files.isRegularFile(p) || Files.size(p) != o.size()
                    || Files.getLastModifiedTime(p).toMillis() != o.lastModified()) {
                return false;
            }
        }
        return true;
    }

    /** A diagnostic whose locations in {@code from} point at {@code to} instead (the same text, another name). */
    static Diagnostic relocate(Diagnostic d, SourceFile from, SourceFile to) {
        List<Diagnostic.Related> related = new ArrayList<>();
        for (Diagnostic.Related r : d.related()) related.add(new Diagnostic.Related(move(r.span(), from, to), r.message()));
        return new Diagnostic(d.severity(), move(d.span(), from, to), d.message(), related);
    }

    private static Span move(Span s, SourceFile from, SourceFile to) {
        if (s == null || s.file() == null || !s.file().name().equals(from.name())) return s;
        return new Span(to, s.line(), s.column(), s.length());
    }

    private static String internalError(Throwable e) {
        StringBuilder sb = new StringBuilder("internal compiler error while compiling this model: ").append(e);
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(8, frames.length); i++) sb.append("\n    at ").append(frames[i]);
        return sb.append("\n(please report it with the model file)").toString();
    }

    /** The Java text in the configured encoding; characters it cannot hold become {@code \\uXXXX} escapes. */
    private byte[] encode(String text) throws CharacterCodingException {
        CharsetEncoder enc = config.encoding().newEncoder();
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 || enc.canEncode(c)) sb.append(c);
            else sb.append(String.format("\\u%04x", (int) c));
        }
        ByteBuffer b = config.encoding().newEncoder().encode(CharBuffer.wrap(sb));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    /** A path as generated comments and messages show it: relative to the project folder when inside it. */
    private String display(Path file) {
        Path base = config.basedir().toAbsolutePath().normalize();
        Path p = file.toAbsolutePath().normalize();
        return p.startsWith(base) ? slashes(base.relativize(p)) : p.toString();
    }

    private static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    private static void pruneEmptyFolders(Path dir, Path root) throws IOException {
        while (dir != null && dir.startsWith(root) && !dir.equals(root) && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                if (ds.iterator().hasNext()) return;
            }
            Files.delete(dir);
            dir = dir.getParent();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
