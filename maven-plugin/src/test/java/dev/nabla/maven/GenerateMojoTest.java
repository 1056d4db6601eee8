package dev.nabla.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals themselves: source roots, skip, and how a failed build reads. */
class GenerateMojoTest {
    @TempDir Path dir;
    final List<String> log = new ArrayList<>();

    <M extends AbstractGenerateMojo> M configure(M mojo) {
        MavenProject project = new MavenProject();
        project.setFile(dir.resolve("pom.xml").toFile());
        mojo.project = project;
        mojo.buildDirectory = dir.resolve("target").toFile();
        mojo.setLog(new ListLog(log));
        return mojo;
    }

    GenerateMojo generate() {
        GenerateMojo m = configure(new GenerateMojo());
        m.sourceDirectory = dir.resolve("src/main/nabla").toFile();
        m.outputDirectory = dir.resolve("target/generated-sources/nabla").toFile();
        return m;
    }

    @Test
    void generateAddsACompileSourceRootAndReportsUpToDate() throws Exception {
        Files.createDirectories(dir.resolve("src/main/nabla/com/acme"));
        Files.writeString(dir.resolve("src/main/nabla/com/acme/blobs.nabla"), GeneratorTest.BLOBS);
        GenerateMojo m = generate();
        m.execute();
        String root = dir.resolve("target/generated-sources/nabla").toFile().getAbsolutePath();
        assertEquals(List.of(root), m.project.getCompileSourceRoots());
        assertTrue(log.contains("[info] Generated 1 of 1 model file into " + root + " (0 up to date)"), log.toString());
        assertTrue(Files.isRegularFile(dir.resolve("target/nabla-state/generate/default.state")));

        log.clear();
        GenerateMojo again = generate();
        again.execute();
        assertEquals(List.of("[info] Nothing to generate - all 1 model file is up to date"), log);
        assertEquals(List.of(root), again.project.getCompileSourceRoots());
    }

    @Test
    void testGenerateAddsATestSourceRoot() throws Exception {
        Files.createDirectories(dir.resolve("src/test/nabla"));
        Files.writeString(dir.resolve("src/test/nabla/blobs.nabla"), GeneratorTest.BLOBS);
        TestGenerateMojo m = configure(new TestGenerateMojo());
        m.testSourceDirectory = dir.resolve("src/test/nabla").toFile();
        m.testOutputDirectory = dir.resolve("target/generated-test-sources/nabla").toFile();
        m.execute();
        assertEquals(List.of(m.testOutputDirectory.getAbsolutePath()), m.project.getTestCompileSourceRoots());
        assertTrue(Files.isRegularFile(dir.resolve("target/generated-test-sources/nabla/BlobsModel.java")));
        assertTrue(Files.isRegularFile(dir.resolve("target/nabla-state/test-generate/default.state")));
    }

    @Test
    void skipDoesNothing() throws Exception {
        Files.createDirectories(dir.resolve("src/main/nabla"));
        Files.writeString(dir.resolve("src/main/nabla/blobs.nabla"), GeneratorTest.BLOBS);
        GenerateMojo m = generate();
        m.skip = true;
        m.execute();
        assertFalse(Files.exists(dir.resolve("target")));
        assertTrue(m.project.getCompileSourceRoots().isEmpty());
        assertEquals(List.of("[info] Skipping Nabla code generation (nabla.skip)"), log);
    }

    @Test
    void noModelsIsFine() throws Exception {
        GenerateMojo m = generate();
        m.execute();
        assertTrue(m.project.getCompileSourceRoots().isEmpty());
        assertEquals(List.of("[info] No model files in " + m.sourceDirectory), log);
    }

    @Test
    void modelErrorsFailTheBuildWithEveryErrorLoggedAndAShortSummary() throws Exception {
        Files.createDirectories(dir.resolve("src/main/nabla"));
        Path broken = dir.resolve("src/main/nabla/broken.nabla");
        Files.writeString(broken, GeneratorTest.BROKEN);
        Files.writeString(dir.resolve("src/main/nabla/blobs.nabla"), GeneratorTest.BLOBS);
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> generate().execute());
        assertEquals("1 error in 1 of 2 model files; see the messages above", e.getMessage());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[error] " + broken.toAbsolutePath()
                + ":5:16: error: shape mismatch: W @ x needs x[5], got x[4] (W is [3,5])\n")), log.toString());
    }

    @Test
    void aBadPackageNameIsAnError() {
        GenerateMojo m = generate();
        m.packageName = "com.1acme";
        MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
        assertEquals("packageName 'com.1acme' is not a valid Java package name", e.getMessage());
    }

    /** A Maven log that keeps messages as {@code [level] text}. */
    record ListLog(List<String> lines) implements Log {
        @Override public boolean isDebugEnabled() { return false; }
        @Override public void debug(CharSequence content) {}
        @Override public void debug(CharSequence content, Throwable error) {}
        @Override public void debug(Throwable error) {}
        @Override public boolean isInfoEnabled() { return true; }
        @Override public void info(CharSequence content) { lines.add("[info] " + content); }
        @Override public void info(CharSequence content, Throwable error) { lines.add("[info] " + content); }
        @Override public void info(Throwable error) { lines.add("[info] " + error); }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public void warn(CharSequence content) { lines.add("[warn] " + content); }
        @Override public void warn(CharSequence content, Throwable error) { lines.add("[warn] " + content); }
        @Override public void warn(Throwable error) { lines.add("[warn] " + error); }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public void error(CharSequence content) { lines.add("[error] " + content); }
        @Override public void error(CharSequence content, Throwable error) { lines.add("[error] " + content); }
        @Override public void error(Throwable error) { lines.add("[error] " + error); }
    }
}
