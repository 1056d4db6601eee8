package dev.nabla.cli;

import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.SourceFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla check FILE...}: diagnostics only. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Checks model files (syntax, names, shapes) and prints diagnostics; generates nothing.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Model files to check ('-': standard input).")
    List<Path> files;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to check when a file has several.")
    String model;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        int status = Main.OK;
        for (Path f : files) {
            SourceFile src;
            try {
                src = ModelSource.read(f);
            } catch (UserError e) {
                spec.commandLine().getErr().println(e.report());
                status = Main.USER_ERROR;
                continue;
            }
            try {
                List<Diagnostic> ds = Nabla.check(src.name(), src.text(), CompileOptions.defaults().withModel(model));
                for (Diagnostic d : ds) spec.commandLine().getErr().println(d.format());
                spec.commandLine().getOut().println(f + ": ok");
            } catch (NablaException e) {
                for (Diagnostic d : e.diagnostics()) spec.commandLine().getErr().println(d.format());
                int errors = e.errors().size();
                spec.commandLine().getErr().println(f + ": " + errors + (errors == 1 ? " error" : " errors"));
                status = Main.USER_ERROR;
            }
        }
        return status;
    }
}
