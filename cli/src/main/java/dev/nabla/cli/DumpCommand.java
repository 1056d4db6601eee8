package dev.nabla.cli;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.Nabla;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.ir.Num;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla dump --stage S FILE}: prints one stage of the pipeline. */
@Command(name = "dump", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Prints a stage of the compiler: ast, typed, ir, grad, opt or java.",
                "With --stage ir --after PASS, the IR after one pass of the pipeline."})
final class DumpCommand implements Callable<Integer> {
    @Option(names = "--stage", required = true, paramLabel = "STAGE",
            description = "One of: ${COMPLETION-CANDIDATES}.", converter = StageConverter.class,
            completionCandidates = StageConverter.Names.class)
    Compilation.Stage stage;

    @Option(names = "--after", paramLabel = "PASS",
            description = "With --stage ir: the IR after this pass (check, simplify, cse, dce, layout, autodiff, "
                    + "erase-stop-gradients, lower-composites, shared-exp).")
    String after;

    @Option(names = "--double", description = "Generate double-precision code (default: float).")
    boolean dbl;

    @Option(names = "--model", paramLabel = "NAME", description = "The model to dump when a file has several.")
    String model;

    @Parameters(paramLabel = "FILE", description = "The model file ('-': standard input).")
    Path file;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CompileOptions o = CompileOptions.defaults().withModel(model).withNum(dbl ? Num.DOUBLE : Num.FLOAT);
        dev.nabla.compiler.diag.SourceFile src = ModelSource.read(file);
        Compilation c = Nabla.translate(src.name(), src.text(), o);
        for (Diagnostic d : c.diagnostics()) spec.commandLine().getErr().println(d.format());
        if (after != null) {
            if (stage != Compilation.Stage.IR) throw new UserError("--after goes with --stage ir");
            dev.nabla.compiler.ir.ModelIr ir = c.passTrace().after(after);
            if (ir == null) {
                throw new UserError("--after: no pass named '" + after + "'; this model ran "
                        + String.join(", ", c.passTrace().passes()));
            }
            spec.commandLine().getOut().print(dev.nabla.compiler.ir.IrPrinter.print(ir.graph()));
        } else {
            spec.commandLine().getOut().print(c.dump(stage));
        }
        spec.commandLine().getOut().flush();
        return Main.OK;
    }

    /** Accepts stage names in lower case. */
    static final class StageConverter implements picocli.CommandLine.ITypeConverter<Compilation.Stage> {
        @Override
        public Compilation.Stage convert(String value) {
            for (Compilation.Stage s : Compilation.Stage.values()) {
                if (s.name().equalsIgnoreCase(value)) return s;
            }
            throw new picocli.CommandLine.TypeConversionException("unknown stage '" + value
                    + "'; expected one of ast, typed, ir, grad, opt, java");
        }

        /** The stage names for help and completion. */
        static final class Names implements Iterable<String> {
            @Override
            public java.util.Iterator<String> iterator() {
                return java.util.Arrays.stream(Compilation.Stage.values()).map(s -> s.name().toLowerCase()).iterator();
            }
        }
    }
}
