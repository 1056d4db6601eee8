package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --help} on every command, {@code help COMMAND}, and {@code --version}. */
class HelpVersionTest {
    @ParameterizedTest
    @ValueSource(strings = {"init", "check", "dump", "train", "predict", "eval"})
    void helpOnEveryCommandListsAllItsOptions(String command) {
        Cli.Result r = Cli.run(command, "--help").assertOk();
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Usage: nabla " + command), r.toString());
        CommandLine.Model.CommandSpec spec = Main.commandLine().getSubcommands().get(command).getCommandSpec();
        assertTrue(spec.options().size() >= 2, "options of " + command);
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            assertTrue(r.out().contains(o.longestName()), "help of " + command + " does not list " + o.longestName() + ":\n" + r);
        }
        assertEquals(r.out(), Cli.run("help", command).assertOk().out(), "'nabla help " + command + "' prints the same");
    }

    @Test
    void helpOfTrainListsItsFlags() {
        String out = Cli.run("train", "--help").assertOk().out();
        for (String flag : new String[] {"--data", "--label", "--epochs", "--batch", "--lr", "--seed", "--validation",
                "--on-missing", "--save", "--resume", "--plot", "--report", "--smoothing", "--quiet", "--log-format", "--model", "--threads"}) {
            assertTrue(out.contains(flag), "train --help lacks " + flag);
        }
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        String out = Cli.run("--help").assertOk().out();
        for (String c : new String[] {"init", "check", "dump", "train", "predict", "eval", "generate-completion"}) {
            assertTrue(out.contains("  " + c + " "), "nabla --help lacks " + c + ":\n" + out);
        }
    }

    @Test
    void versionPrintsTheProjectVersionAndTheGitCommit() throws Exception {
        Cli.Result r = Cli.run("--version").assertOk();
        String first = r.outLines().get(0);
        String expected = System.getProperty("nabla.test.projectVersion");
        assertTrue(expected != null && !expected.isBlank(), "the build passes the project version to the tests");
        assertTrue(first.startsWith("nabla " + expected), r.toString());
        assertFalse(r.out().contains("development"), r.toString());
        String commit = gitHead();
        if (commit != null) {
            assertTrue(first.startsWith("nabla " + expected + " (commit " + commit), "expected commit " + commit + " in\n" + r);
        }
        assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.toString());
        assertTrue(r.out().contains("kernels: "), r.toString());
        assertEquals(r.out(), Cli.run("-V").assertOk().out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"init", "check", "dump", "train", "predict", "eval"})
    void everyCommandPrintsTheVersion(String command) {
        String top = Cli.run("--version").assertOk().out();
        assertEquals(top, Cli.run(command, "--version").assertOk().out(), command + " --version");
        assertEquals(top, Cli.run(command, "-V").assertOk().out(), command + " -V");
    }

    @Test
    void checkpointsRecordTheVersionAndTheCommit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path w = dir.resolve("w.safetensors");
        Cli.run("train", Cli.sample("spirals", "spirals.nabla"), "--epochs", 1, "--quiet", "--save", w).assertOk();
        java.util.Map<String, String> meta = Cli.checkpoint(w).metadata();
        assertEquals(System.getProperty("nabla.test.projectVersion"), meta.get("nabla.version"), meta.toString());
        String commit = gitHead();
        if (commit != null) {
            assertTrue(meta.get("nabla.commit").startsWith(commit), meta.toString());
        }
    }

    @Test
    void aBuildOutsideGitShowsTheVersionAlone() {
        assertEquals(null, Version.known("unknown"), "what the build writes without git");
        assertEquals(null, Version.known("${nabla.commit}"), "a value the build did not fill in");
        assertEquals(null, Version.known("  "));
        assertEquals("abc1234", Version.known("abc1234\n"));
        assertEquals("1.2.3", new Version.Info("1.2.3", null, false).describe());
        assertEquals("1.2.3 (commit abc1234, modified)", new Version.Info("1.2.3", "abc1234", true).describe());
    }

    /** The abbreviated commit of the checkout the tests run in, or null outside git. */
    static String gitHead() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").directory(Cli.repositoryRoot().toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            return null; // no git
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 && !out.isEmpty() ? out : null;
    }
}
