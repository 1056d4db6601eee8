package dev.nabla.dist;

import static dev.nabla.dist.Launcher.assertContains;
import static dev.nabla.dist.Launcher.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive as a user gets it: unpacked anywhere, its launcher linked onto the PATH, run from
 * another folder with only Java.
 */
class DistributionIT {
    @TempDir
    static Path unpacked;

    static Path home;

    @TempDir
    Path work;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Paths.get(Launcher.property("nabla.dist.archive"));
        Launcher.Result r = Launcher.run(unpacked, Launcher.environment(unpacked), command("tar", "xzf", archive));
        assertEquals(0, r.code(), r.toString());
        home = unpacked.resolve("nabla-" + Launcher.property("nabla.test.projectVersion"));
        assertTrue(Files.isDirectory(home), "the archive unpacks into nabla-VERSION/");
    }

    /** bin/nabla linked from another folder, as ln -s .../bin/nabla ~/.local/bin/nabla does. */
    private Path linkedLauncher() throws IOException {
        Path bin = Files.createDirectories(work.resolve("local-bin"));
        return Files.createSymbolicLink(bin.resolve("nabla"), home.resolve("bin/nabla"));
    }

    @Test
    void versionThroughALinkFromAnotherFolderShowsTheVersionTheCommitAndTheVectorKernels() throws Exception {
        Path nabla = linkedLauncher();
        Path cwd = Files.createDirectories(work.resolve("elsewhere"));
        Launcher.Result r = Launcher.run(cwd, Launcher.environment(work), command(nabla, "--version"));
        assertEquals(0, r.code(), r.toString());
        String first = r.out().lines().findFirst().orElseThrow();
        String version = Launcher.property("nabla.test.projectVersion");
        String commit = Launcher.gitHead();
        assertTrue(first.startsWith("nabla " + version + (commit == null ? "" : " (commit " + commit)), r.toString());
        if (Launcher.javaHasVectorModule()) assertContains(r.out(), "kernels: vector (", r);
        assertEquals("", r.err(), "nothing on standard error, not even the JVM's note on incubating modules");
    }

    @Test
    void aGeneratedModelTrainsThroughALinkFromAnotherFolder() throws Exception {
        Path nabla = linkedLauncher();
        Path cwd = Files.createDirectories(work.resolve("projects"));
        Map<String, String> env = Launcher.environment(work);
        Launcher.Result init = Launcher.run(cwd, env, command(nabla, "init", "demo"));
        assertEquals(0, init.code(), init.toString());
        Launcher.Result train = Launcher.run(cwd, env, command(nabla, "train", "demo/demo.nabla", "--epochs", 5, "--save", "demo/w.safetensors"));
        assertEquals(0, train.code(), train.toString());
        assertContains(train.out(), "Trained Demo for 5 epochs", train);
        assertEquals(5, train.out().lines().filter(l -> l.startsWith("Epoch ")).count(), "one line per epoch:\n" + train);
        assertFalse(train.out().contains("\r"), "no live line when the output is not a terminal");
        assertEquals("", train.err(), train.toString());
        Launcher.Result predict = Launcher.run(cwd, env, command(nabla, "predict", "demo/demo.nabla", "--weights", "demo/w.safetensors",
                "--input", "demo/moons.csv"));
        assertEquals(0, predict.code(), predict.toString());
        assertEquals("moon,p_lower,p_upper", predict.out().lines().findFirst().orElseThrow());
    }

    @Test
    void aMissingOrOldJavaIsASpecificError() throws Exception {
        Path nabla = home.resolve("bin/nabla");
        Map<String, String> env = new java.util.HashMap<>(Launcher.environment(work));
        env.put("JAVA_HOME", work.resolve("no-java").toString());
        Launcher.Result missing = Launcher.run(work, env, command(nabla, "--version"));
        assertEquals(1, missing.code(), missing.toString());
        assertContains(missing.err(), "nabla: Java not found: install Java 17 or later", missing);

        Path old = Files.createDirectories(work.resolve("jdk-11/bin"));
        Path java = Files.writeString(old.resolve("java"), "#!/bin/sh\necho 'should not run' >&2\nexit 99\n");
        assertTrue(java.toFile().setExecutable(true));
        Files.writeString(old.getParent().resolve("release"), "JAVA_VERSION=\"11.0.2\"\nMODULES=\"java.base\"\n");
        env.put("JAVA_HOME", old.getParent().toString());
        Launcher.Result tooOld = Launcher.run(work, env, command(nabla, "--version"));
        assertEquals(1, tooOld.code(), tooOld.toString());
        assertContains(tooOld.err(), "nabla: needs Java 17 or later, but " + java + " is Java 11.0.2", tooOld);
    }

    @Test
    void theArchivesHoldTheLaunchersTheJarTheManualAndTheCompletion() throws Exception {
        assertTrue(Files.isExecutable(home.resolve("bin/nabla")), "bin/nabla is executable after tar x");
        String cmd = Files.readString(home.resolve("bin/nabla.cmd"), StandardCharsets.UTF_8);
        assertTrue(cmd.contains("\r\n") && !cmd.replace("\r\n", "").contains("\n"), "nabla.cmd has Windows line ends");
        assertContains(cmd, "--add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=10000", cmd);
        assertContains(cmd, "\"%NABLA_HOME%\\lib\\nabla.jar\" %*", cmd);
        String sh = Files.readString(home.resolve("bin/nabla"));
        assertContains(sh, "-XX:PerMethodTrapLimit=10000", "bin/nabla");
        assertContains(sh, "--add-modules jdk.incubator.vector", "bin/nabla");

        Set<String> tar = new TreeSet<>();
        try (Stream<Path> files = Files.walk(home)) {
            files.filter(Files::isRegularFile).forEach(p -> tar.add(home.relativize(p).toString()));
        }
        tar.removeIf(n -> n.endsWith(".jsa")); // made by the runs above
        Set<String> zip = new TreeSet<>();
        try (ZipFile z = new ZipFile(Launcher.property("nabla.dist.zip"))) {
            Enumeration<? extends ZipEntry> e = z.entries();
            String prefix = home.getFileName() + "/";
            while (e.hasMoreElements()) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory()) zip.add(entry.getName().substring(prefix.length()));
            }
        }
        assertEquals(tar, zip, "the zip holds what the tar.gz holds");
        for (String f : List.of("bin/nabla", "bin/nabla.cmd", "lib/nabla.jar", "README.md", "LICENSE", "NOTICE",
                "share/man/man1/nabla.1", "share/man/man1/nabla-train.1", "share/bash-completion/completions/nabla",
                "docs/language.md", "samples/spirals/spirals.nabla", "samples/spirals/spirals.csv")) {
            assertTrue(tar.contains(f), "the distribution lacks " + f + ": " + tar);
        }
        String train = Files.readString(home.resolve("share/man/man1/nabla-train.1"));
        assertContains(train, ".TH \"NABLA\\-TRAIN\" \"1\"", "the man page of train");
        assertContains(train, "\\-\\-smoothing", "the man page of train");
    }

    @Test
    void theCompletionScriptCompletesCommandsAndOptions() throws Exception {
        Path script = home.resolve("share/bash-completion/completions/nabla");
        String bash = "source '" + script + "'; "
                + "COMP_WORDS=(nabla tr); COMP_CWORD=1; _complete_nabla; echo \"[${COMPREPLY[*]}]\"; "
                + "COMP_WORDS=(nabla train --smo); COMP_CWORD=2; _complete_nabla; echo \"[${COMPREPLY[*]}]\"";
        Launcher.Result r = Launcher.run(work, Launcher.environment(work), command("bash", "-c", bash));
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("[train]", "[--smoothing]"), r.out().lines().toList(), r.toString());
    }

    @Test
    void thePublishedModulesHaveSourcesAndJavadocJars() throws Exception {
        Path repo = Paths.get(Launcher.property("nabla.repository"));
        String version = Launcher.property("nabla.test.projectVersion");
        // the modules this one is built after; nabla-maven-plugin gets the same jars from the same configuration
        for (String module : List.of("grammar", "runtime", "compiler", "cli")) {
            Path target = repo.resolve(module).resolve("target");
            try (JarFile sources = new JarFile(target.resolve("nabla-" + module + "-" + version + "-sources.jar").toFile());
                 JarFile javadoc = new JarFile(target.resolve("nabla-" + module + "-" + version + "-javadoc.jar").toFile())) {
                assertTrue(sources.stream().anyMatch(e -> e.getName().endsWith(".java")), module + " sources");
                assertTrue(javadoc.getEntry("index.html") != null, module + " javadoc");
            }
        }
    }

    @Test
    void theNoticeNamesEveryBundledLibraryAndTheLicenseIsApache2() throws Exception {
        String license = Files.readString(home.resolve("LICENSE"));
        assertContains(license, "Apache License", "LICENSE");
        assertContains(license, "Version 2.0, January 2004", "LICENSE");
        assertContains(license, "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", "LICENSE");
        String notice = Files.readString(home.resolve("NOTICE"));
        // every third-party package in the jar maps to a library the NOTICE names
        Map<String, String> libraries = Map.of("org/antlr/", "org.antlr:antlr4-runtime", "de/siegmar/fastcsv/", "de.siegmar:fastcsv",
                "com/google/gson/", "com.google.code.gson:gson", "com/google/errorprone/", "com.google.errorprone:error_prone_annotations",
                "com/palantir/javapoet/", "com.palantir.javapoet:javapoet", "org/codehaus/janino/", "org.codehaus.janino:janino",
                "org/codehaus/commons/", ":commons-compiler", "picocli/", "info.picocli:picocli");
        List<String> unknown = new ArrayList<>();
        try (JarFile jar = new JarFile(home.resolve("lib/nabla.jar").toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || name.startsWith("dev/nabla/") || name.startsWith("META-INF/")) continue;
                String library = libraries.entrySet().stream().filter(l -> name.startsWith(l.getKey())).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
                if (library == null) unknown.add(name);
                else assertContains(notice, library, "NOTICE");
            }
            for (String f : List.of("META-INF/LICENSE", "META-INF/NOTICE", "META-INF/licenses/janino.txt")) {
                assertTrue(jar.getEntry(f) != null, "the jar carries " + f);
            }
        }
        assertEquals(List.of(), unknown, "classes of a library the NOTICE does not name");
        for (String f : List.of("antlr4-runtime.txt", "fastcsv.txt", "janino.txt")) {
            assertTrue(Files.isRegularFile(home.resolve("licenses").resolve(f)), f);
            assertContains(notice, "licenses/" + f, "NOTICE");
        }
    }
}
