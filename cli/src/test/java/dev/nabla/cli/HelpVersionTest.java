package dev.nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --help} on every command, {@code help COMMAND}, and {@code --version}. */
class HelpVersionTest {
    @ParameterizedTest
    @ValueSource(strings = {"check", "dump", "train", "predict", "eval"})
    void helpOnEveryCommandListsAllItsOptions(String command) {
        Cli.Result r = Cli.run(command, "--help").assertOk();
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Usage: nabla " + command), r.toString());
        CommandLine.Model.CommandSpec spec = new CommandLine(new Main()).getSubcommands().get(command).getCommandSpec();
        assertTrue(spec.options().size() > 2, "options of " + command);
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            assertTrue(r.out().contains(o.longestName()), "help of " + command + " does not list " + o.longestName() + ":\n" + r);
        }
        assertEquals(r.out(), Cli.run("help", command).assertOk().out(), "'nabla help " + command + "' prints the same");
    }

    @Test
    void helpOfTrainListsItsFlags() {
        String out = Cli.run("train", "--help").assertOk().out();
        for (String flag : new String[] {"--data", "--label", "--epochs", "--batch", "--lr", "--seed", "--validation",
                "--on-missing", "--save", "--resume", "--plot", "--report", "--quiet", "--log-format", "--model", "--threads"}) {
            assertTrue(out.contains(flag), "train --help lacks " + flag);
        }
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        String out = Cli.run("--help").assertOk().out();
        for (String c : new String[] {"check", "dump", "train", "predict", "eval"}) {
            assertTrue(out.contains("  " + c + " "), "nabla --help lacks " + c + ":\n" + out);
        }
    }

    @Test
    void versionPrintsTheVersion() {
        Cli.Result r = Cli.run("--version").assertOk();
        assertTrue(r.out().startsWith("nabla "), r.toString());
        assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.toString());
        assertEquals(r.out(), Cli.run("-V").assertOk().out());
    }
}
