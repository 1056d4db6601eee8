package dev.nabla.cli;

import dev.nabla.compiler.NablaException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nabla} command. Exit codes: 0 success, 1 user error (bad model file, data or flags),
 * 2 internal error.
 */
@Command(name = "nabla", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Compiles neural-network model files into fused Java training loops, and trains them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success",
            "1:a mistake in a model file, the data or the flags (the message says where), or output that cannot be written",
            "2:an internal error (please report it with the model file)"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  JAVA_HOME        the Java (17 or later) that the nabla launcher runs",
            "  NABLA_JAVA_OPTS  more options for that JVM, for example -Xmx8g",
            "  NABLA_DEBUG      set to print the stack trace of an internal error"},
        subcommands = {InitCommand.class, CheckCommand.class, DumpCommand.class, TrainCommand.class, PredictCommand.class, EvalCommand.class,
                CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class})
public final class Main implements Runnable {
    public static final int OK = 0, USER_ERROR = 1, INTERNAL_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: init, check, dump, train, predict or eval");
    }

    /** Standard input, for {@code -} as a file name; {@link #run(String[], InputStream, PrintWriter, PrintWriter)} sets it. */
    private static InputStream stdin = System.in;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        StandardError.restore();
        CheckedOutput out = CheckedOutput.of(new FileOutputStream(FileDescriptor.out), stdoutCharset(), "standard output");
        System.exit(run(args, System.in, out, new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, System.in, out, err);
    }

    /**
     * Runs the command line with the given streams and returns the exit code. Output that could not be
     * written (a full disk, a closed pipe) turns a success into exit code 1 with {@code cannot write}.
     */
    public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        stdin = in;
        StandardInput.reset();
        int code = execute(args, out, err);
        if (code == OK && out.checkError()) {
            // a command that failed has said why; one that succeeded must not hide lost output
            err.println("nabla: " + (out instanceof CheckedOutput c ? c.failure() : "cannot write the output"));
            err.flush();
            return USER_ERROR;
        }
        return code;
    }

    /** Standard input (for {@code -} as a file name). */
    static InputStream stdin() {
        return stdin;
    }

    /** The encoding of standard output: the console's where Java knows it, else the platform's. */
    private static Charset stdoutCharset() {
        String name = System.getProperty("sun.stdout.encoding");
        try {
            if (name != null) return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            // an unknown name: the default below
        }
        return Charset.defaultCharset();
    }

    /** The command line with every command, as {@code nabla} runs it (and its completion and man page describe it). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // shell completion: source <(nabla generate-completion); shown in the help, not hidden as picocli has it
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        return cl;
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
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
                c.getErr().println(ue.report());
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
