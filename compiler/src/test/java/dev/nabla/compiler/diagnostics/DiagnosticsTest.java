package dev.nabla.compiler.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TensorSpec;
import dev.nabla.runtime.TrainableModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Front-end tests: one small model file per mistake under {@code src/test/resources/diagnostics/},
 * {@code NAME.nabla}, with the diagnostics a user should see written beside it, {@code NAME.expected}
 * (each {@link Diagnostic#format()} in turn, joined with newlines). The expectations say how the
 * message should read, not what the compiler happened to print once.
 *
 * <p>Models under {@code diagnostics/ok/} must compile cleanly: no errors, exactly the warnings and
 * notes of {@code NAME.expected} when there is one (none otherwise), Java that Janino and javac both
 * accept, and a training step that runs.
 */
class DiagnosticsTest {
    private static final Path ROOT = resourceDir("diagnostics");
    private static final Path OK = ROOT.resolve("ok");

    /** Wording from ANTLR's default messages and from crashes; no diagnostic may contain it. */
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("no viable alternative"), Pattern.compile("extraneous input"),
            Pattern.compile("mismatched input"), Pattern.compile("missing .* at '"),
            Pattern.compile("token recognition error"), Pattern.compile("<EOF>"),
            Pattern.compile("Exception"), Pattern.compile("\\n\\s+at [\\w.$]+\\("));

    // ------------------------------------------------------------------ models with mistakes

    @TestFactory
    Stream<DynamicTest> modelsWithMistakes() {
        return fixtures(ROOT).map(f -> dynamicTest(f.getFileName().toString(), f.toUri(), () -> expectDiagnostics(f)));
    }

    private static void expectDiagnostics(Path nabla) {
        String name = nabla.getFileName().toString();
        Path expectedFile = expectedFor(nabla);
        assertTrue(Files.exists(expectedFile), "write the expected diagnostics of " + name + " into " + expectedFile.getFileName());
        String expected = readExpected(expectedFile);
        SourceFile source = new SourceFile(name, read(nabla));
        NablaException e = assertThrows(NablaException.class,
                () -> Compilation.check(source, CompileOptions.defaults()),
                name + " has a mistake, so checking it must report an error");
        assertEquals(expected, format(e.diagnostics()), name);
    }

    // ------------------------------------------------------------------ models that must compile

    @TestFactory
    Stream<DynamicTest> cleanModelsCompileAndTrain(@TempDir Path javacOut) {
        return fixtures(OK).map(f -> dynamicTest(f.getFileName().toString(), f.toUri(),
                () -> compileAndTrain(f, javacOut.resolve(baseName(f)))));
    }

    private static void compileAndTrain(Path nabla, Path javacOut) throws IOException {
        String name = nabla.getFileName().toString();
        Path expectedFile = expectedFor(nabla);
        String expected = Files.exists(expectedFile) ? readExpected(expectedFile) : "";
        SourceFile source = new SourceFile(name, read(nabla));

        List<Diagnostic> diagnostics;
        try {
            diagnostics = Compilation.check(source, CompileOptions.defaults());
        } catch (NablaException e) {
            throw new AssertionError(name + " must compile, but checking it reported:\n" + format(e.diagnostics()), e);
        }
        assertEquals(expected, format(diagnostics), name + ": warnings and notes");

        Compilation c = Compilation.compile(source, CompileOptions.defaults());
        TrainableModel m = c.newModel(4); // compiles the generated source with Janino
        m.initialize(1);
        stageOneExample(m);
        double[][] before = params(m);
        double loss = m.trainStep(1);
        assertTrue(Double.isFinite(loss), name + ": the loss of one step is " + loss);
        assertFalse(java.util.Arrays.deepEquals(before, params(m)), name + ": one training step changed no parameter");

        javac(c, javacOut);
    }

    /** Stages one example: small inputs of both signs, class 1 (or 0.5 everywhere) as the target. */
    private static void stageOneExample(TrainableModel m) {
        ModelSignature s = m.signature();
        for (int i = 0; i < s.inputs().size(); i++) {
            double[] v = new double[s.inputs().get(i).size()];
            for (int j = 0; j < v.length; j++) v[j] = (j % 2 == 0 ? 0.1 : -0.2) * (j + 1 + i);
            m.setInput(i, 0, v);
        }
        for (int t = 0; t < s.targets().size(); t++) {
            TensorSpec spec = s.targets().get(t);
            if (spec.isClass()) {
                m.setClassTarget(t, 0, 1 % spec.classes());
            } else {
                double[] v = new double[spec.size()];
                java.util.Arrays.fill(v, 0.5);
                m.setTarget(t, 0, v);
            }
        }
    }

    private static double[][] params(TrainableModel m) {
        List<TensorSpec> ps = m.signature().params();
        double[][] values = new double[ps.size()][];
        for (int p = 0; p < ps.size(); p++) {
            values[p] = new double[ps.get(p).size()];
            m.getParam(p, values[p]);
        }
        return values;
    }

    /** The generated source also compiles with javac (the Maven plugin's path), not only with Janino. */
    private static void javac(Compilation c, Path dir) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests need a JDK (javac)");
        Files.createDirectories(dir);
        Path src = dir.resolve(c.java().className() + ".java");
        Files.writeString(src, c.java().source());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-proc:none", "-d", dir.toString(), "-classpath",
                System.getProperty("java.class.path"), "--release", "17", src.toString());
        assertEquals(0, rc, "javac rejects the Java generated for " + c.source().name() + ":\n" + err + "\n"
                + c.java().numbered());
    }

    /**
     * Java keywords and names the generated code uses itself keep their model names in the signature,
     * and the source with them compiles (newModel runs Janino on it).
     */
    @Test
    void javaKeywordsAndLibraryNamesStayModelNames() {
        Path f = OK.resolve("java_names.nabla");
        Compilation c = Compilation.compile(new SourceFile("java_names.nabla", read(f)), CompileOptions.defaults());
        ModelSignature s = c.newModel(2).signature();
        assertEquals("public", s.modelName());
        assertEquals(List.of("class", "int"), names(s.inputs()));
        assertEquals(List.of("null"), names(s.targets()));
        assertEquals(List.of("this", "return", "System"), names(s.params()));
        assertEquals(List.of("double"), names(s.outputs()));
    }

    @Test
    void sqlLikeAndCompilerLikeNamesStayModelNames() {
        Path f = OK.resolve("odd_names.nabla");
        Compilation c = Compilation.compile(new SourceFile("odd_names.nabla", read(f)), CompileOptions.defaults());
        ModelSignature s = c.newModel(2).signature();
        assertEquals("SELECT", s.modelName());
        assertEquals(List.of("SELECT", "FROM"), names(s.inputs()));
        assertEquals(List.of("DROP_TABLE"), names(s.targets()));
        assertEquals(List.of("_", "__", "WHERE", "T"), names(s.params()));
        assertEquals(List.of("main", "forward_h"), names(s.outputs()));
    }

    private static List<String> names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::name).toList();
    }

    /**
     * The model's file name reaches the generated source too (comments, messages). Paths that people
     * really have must not break it: a Windows path with a backslash-u ("C:\\users\\..."; Java reads
     * that as a unicode escape even inside a comment), a directory whose name ends in '*' ("*" + "/"
     * closes a comment).
     */
    @TestFactory
    Stream<DynamicTest> fileNamesCannotBreakTheGeneratedSource(@TempDir Path javacOut) {
        String text = read(OK.resolve("java_names.nabla"));
        List<String> fileNames = List.of("plain.nabla", "C:\\Users\\me\\model.nabla", "C:\\users\\me\\model.nabla",
                "runs/exp*/model.nabla", "my \"best\" model.nabla");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < fileNames.size(); i++) {
            String fileName = fileNames.get(i);
            Path out = javacOut.resolve("name" + i);
            tests.add(dynamicTest(fileName, () -> {
                Compilation c = Compilation.compile(new SourceFile(fileName, text), CompileOptions.defaults());
                TrainableModel m = c.newModel(2);
                m.initialize(1);
                stageOneExample(m);
                assertTrue(Double.isFinite(m.trainStep(1)));
                javac(c, out);
            }));
        }
        return tests.stream();
    }

    // ------------------------------------------------------------------ the fixtures themselves

    /**
     * Every expectation is well formed: each headline's file, line and column agree with the source
     * excerpt and the caret under it, every {@code .nabla} has its {@code .expected} and the other way
     * round (in the mistakes folder), and no expectation uses parser jargon or a stack trace.
     */
    @TestFactory
    Stream<DynamicTest> expectationsAreWellFormed() {
        return Stream.concat(expectedFiles(ROOT), expectedFiles(OK))
                .map(f -> dynamicTest(ROOT.relativize(f).toString(), f.toUri(), () -> wellFormed(f)));
    }

    @Test
    void everyModelWithAMistakeHasAnExpectation() {
        List<String> missing = fixtures(ROOT).filter(f -> !Files.exists(expectedFor(f)))
                .map(f -> f.getFileName().toString()).toList();
        assertEquals(List.of(), missing, "models without a .expected beside them");
        List<String> orphans = expectedFiles(ROOT).filter(f -> !Files.exists(nablaFor(f)))
                .map(f -> f.getFileName().toString()).toList();
        assertEquals(List.of(), orphans, ".expected files without a model beside them");
        assertEquals(List.of(), expectedFiles(OK).filter(f -> !Files.exists(nablaFor(f)))
                .map(f -> f.getFileName().toString()).toList(), "ok/ .expected files without a model beside them");
        assertTrue(fixtures(ROOT).count() >= 30, "the mistakes folder lost its fixtures");
    }

    private static final Pattern HEADLINE = Pattern.compile("^(.+?):(\\d+):(\\d+): (error|warning|note): (.+)$");
    private static final Pattern EXCERPT = Pattern.compile("^ *(\\d+) \\| (.*)$");
    private static final Pattern CARET = Pattern.compile("^ +\\| ( *)\\^~*$");

    private static void wellFormed(Path expectedFile) {
        String text = readExpected(expectedFile);
        for (Pattern p : FORBIDDEN) {
            assertFalse(p.matcher(text).find(), expectedFile.getFileName() + " contains '" + p + "'");
        }
        Path nabla = nablaFor(expectedFile);
        String fixtureName = nabla.getFileName().toString();
        SourceFile source = new SourceFile(fixtureName, read(nabla));
        String[] lines = text.split("\n", -1);
        boolean sawError = false;
        for (int i = 0; i < lines.length; i++) {
            Matcher h = HEADLINE.matcher(lines[i]);
            assertTrue(h.matches(), expectedFile.getFileName() + " line " + (i + 1) + " is not a diagnostic headline: " + lines[i]);
            assertEquals(fixtureName, h.group(1), "file name in " + lines[i]);
            sawError |= h.group(4).equals("error");
            int line = Integer.parseInt(h.group(2));
            int col = Integer.parseInt(h.group(3));
            String sourceLine = source.line(line);
            assertTrue(line >= 1 && line <= source.lineCount(), "line " + line + " is outside " + fixtureName);
            if (sourceLine.isEmpty()) continue; // no excerpt for an empty line
            assertTrue(i + 2 < lines.length, "excerpt and caret missing after " + lines[i]);
            Matcher ex = EXCERPT.matcher(lines[++i]);
            assertTrue(ex.matches(), "not a source excerpt: " + lines[i]);
            assertEquals(line, Integer.parseInt(ex.group(1)), "excerpt line number under " + lines[i - 1]);
            assertEquals(sourceLine.replace('\t', ' '), ex.group(2), "excerpt text of line " + line);
            Matcher caret = CARET.matcher(lines[++i]);
            assertTrue(caret.matches(), "not a caret line: " + lines[i]);
            assertEquals(Math.min(col - 1, sourceLine.length()), caret.group(1).length(),
                    "caret position under " + fixtureName + ":" + line + ":" + col);
        }
        boolean inOk = expectedFile.getParent().equals(OK);
        assertEquals(!inOk, sawError, inOk ? "ok/ models have warnings and notes only" : "a model with a mistake has an error");
    }

    // ------------------------------------------------------------------ helpers

    private static String format(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }

    private static Stream<Path> fixtures(Path dir) {
        return list(dir).filter(p -> p.getFileName().toString().endsWith(".nabla"));
    }

    private static Stream<Path> expectedFiles(Path dir) {
        return list(dir).filter(p -> p.getFileName().toString().endsWith(".expected"));
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    private static Path expectedFor(Path nabla) { return nabla.resolveSibling(baseName(nabla) + ".expected"); }

    private static Path nablaFor(Path expected) { return expected.resolveSibling(baseName(expected) + ".nabla"); }

    /** The file's text with line endings as Unix has them, whatever a checkout did to them. */
    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An expectation without the newline that ends the file. */
    private static String readExpected(Path p) {
        String s = read(p);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static Path resourceDir(String name) {
        URL url = DiagnosticsTest.class.getResource("/" + name);
        if (url == null) throw new IllegalStateException("test resource folder '" + name + "' is missing");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
