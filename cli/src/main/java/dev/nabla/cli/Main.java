package dev.nabla.cli;

import dev.nabla.compiler.NablaException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nabla} command. Exit codes: 0 success, 1 user error (bad model file, data or flags),
 * 2 internal error.
 */
@Command(name = "nabla", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Compiles neural-network model files into fused Java training loops, and trains them.",
        subcommands = {CheckCommand.class, DumpCommand.class, TrainCommand.class, PredictCommand.class, EvalCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0, USER_ERROR = 1, INTERNAL_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: check, dump, train, predict or eval");
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("nabla: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof dev.nabla.compiler.InternalCompilerError ice) {
                c.getErr().println("nabla: " + ice.getMessage());
                c.getErr().println("(this is a bug in Nabla; please report it with the model file)");
                return INTERNAL_ERROR;
            }
            if (ex instanceof NablaException ne) {
                c.getErr().println(ne.getMessage());
                return USER_ERROR;
            }
            if (ex instanceof UserError ue) {
                c.getErr().println("nabla: " + ue.getMessage());
                return USER_ERROR;
            }
            c.getErr().println("nabla: internal error: " + ex);
            if (System.getenv("NABLA_DEBUG") != null) ex.printStackTrace(c.getErr());
            else c.getErr().println("(set NABLA_DEBUG=1 for the stack trace, and please report it)");
            return INTERNAL_ERROR;
        });
        return cl.execute(args);
    }
}
