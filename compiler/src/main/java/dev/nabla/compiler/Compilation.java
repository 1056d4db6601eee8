package dev.nabla.compiler;

import dev.nabla.compiler.ast.AstPrinter;
import dev.nabla.compiler.ast.ModelDecl;
import dev.nabla.compiler.ast.ModelFile;
import dev.nabla.compiler.ast.TrainDecl;
import dev.nabla.compiler.autodiff.Autodiff;
import dev.nabla.compiler.check.OptimizerKind;
import dev.nabla.compiler.check.TrainSettings.OptimizerSpec;
import dev.nabla.compiler.check.ModelChecker;
import dev.nabla.compiler.check.TrainChecker;
import dev.nabla.compiler.check.TrainSettings;
import dev.nabla.compiler.codegen.GeneratedSource;
import dev.nabla.compiler.codegen.JavaGenerator;
import dev.nabla.compiler.codegen.OptimizerEmitter;
import dev.nabla.compiler.codegen.Optimizers;
import dev.nabla.compiler.diag.Diagnostic;
import dev.nabla.compiler.diag.Diagnostics;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.ir.IrPrinter;
import dev.nabla.compiler.ir.IrVerifier;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.jit.JaninoCompiler;
import dev.nabla.compiler.opt.Cse;
import dev.nabla.compiler.opt.Dce;
import dev.nabla.compiler.opt.EraseStopGradients;
import dev.nabla.compiler.opt.Fixpoint;
import dev.nabla.compiler.opt.FusionPlan;
import dev.nabla.compiler.opt.LayoutPass;
import dev.nabla.compiler.opt.LowerComposites;
import dev.nabla.compiler.opt.Pass;
import dev.nabla.compiler.opt.SharedExp;
import dev.nabla.compiler.opt.Simplify;
import dev.nabla.compiler.parse.ModelParser;
import dev.nabla.runtime.GeneratedModel;
import dev.nabla.runtime.TrainableModel;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the pipeline over a model file, with every stage's result kept for {@code nabla dump}:
 * parse → check → IR → autodiff → optimize → codegen, and Janino on demand.
 */
public final class Compilation {
    /** Stages that {@code nabla dump --stage} prints. */
    public enum Stage { AST, TYPED, IR, GRAD, OPT, JAVA }

    private final SourceFile source;
    private final CompileOptions options;
    private final List<Diagnostic> diagnostics;
    private final ModelFile ast;
    private final ModelChecker.Result checked;
    private final ModelIr grad;
    private final ModelIr optimized;
    private final FusionPlan plan;
    private final GeneratedSource java;
    private final TrainSettings train;
    private final PassTrace passTrace;
    private Class<?> modelClass;

    private Compilation(SourceFile source, CompileOptions options, List<Diagnostic> diagnostics, ModelFile ast,
                        ModelChecker.Result checked, ModelIr grad, ModelIr optimized, FusionPlan plan,
                        GeneratedSource java, TrainSettings train, PassTrace passTrace) {
        this.source = source;
        this.options = options;
        this.diagnostics = diagnostics;
        this.ast = ast;
        this.checked = checked;
        this.grad = grad;
        this.optimized = optimized;
        this.plan = plan;
        this.java = java;
        this.train = train;
        this.passTrace = passTrace;
    }

    /**
     * Parses and checks only: every model of the file (or the one {@code options} names) and every train
     * block; throws a NablaException with every diagnostic on errors.
     */
    public static List<Diagnostic> check(SourceFile source, CompileOptions options) {
        Diagnostics d = new Diagnostics();
        if (options.modelName() != null) {
            front(source, options, d);
        } else {
            ModelFile ast = ModelParser.parse(source, d);
            if (ast != null && ast.models().size() > 1) {
                for (ModelDecl m : ast.models()) front(source, options.withModel(m.name()), d, ast);
            } else if (ast != null) {
                front(source, options, d, ast);
            }
        }
        if (d.hasErrors()) throw new NablaException(dedupe(d.all()));
        return dedupe(d.all());
    }

    /** Diagnostics about the whole file (duplicate models, unknown train blocks) are reported once per model. */
    private static List<Diagnostic> dedupe(List<Diagnostic> all) {
        List<Diagnostic> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Diagnostic x : all) if (seen.add(x.format())) out.add(x);
        return out;
    }

    private record Front(ModelFile ast, ModelChecker.Result checked, TrainSettings train) {}

    private static Front front(SourceFile source, CompileOptions options, Diagnostics d) {
        ModelFile ast = ModelParser.parse(source, d);
        if (ast == null) return null;
        return front(source, options, d, ast);
    }

    private static Front front(SourceFile source, CompileOptions options, Diagnostics d, ModelFile ast) {
        if (ast.models().isEmpty()) {
            d.error(new dev.nabla.compiler.diag.Span(source, 1, 1, 1), "no model in this file; a model file declares "
                    + "'model Name { ... }'");
            return null;
        }
        ModelDecl model;
        if (options.modelName() != null) {
            model = ast.models().stream().filter(m -> m.name().equals(options.modelName())).findFirst().orElse(null);
            if (model == null) {
                d.error(ast.models().get(0).nameSpan(), "no model named '" + options.modelName() + "' in this file (it has "
                        + String.join(", ", ast.models().stream().map(ModelDecl::name).toList()) + ")");
                return null;
            }
        } else {
            model = ast.models().get(0);
            if (ast.models().size() > 1) {
                d.error(ast.models().get(1).nameSpan(), "this file has " + ast.models().size()
                        + " models; choose one (--model NAME)");
                return null;
            }
        }
        for (int i = 0; i < ast.models().size(); i++) {
            for (int j = 0; j < i; j++) {
                if (ast.models().get(i).name().equals(ast.models().get(j).name())) {
                    d.report(Diagnostic.error(ast.models().get(i).nameSpan(), "model '" + ast.models().get(i).name()
                            + "' is defined twice").withRelated(ast.models().get(j).nameSpan(), "first defined here"));
                }
            }
        }
        ModelChecker.Result checked = ModelChecker.check(model, source, d, options.num());
        TrainSettings train = TrainSettings.NONE;
        TrainDecl seen = null;
        for (TrainDecl t : ast.trains()) {
            boolean known = ast.models().stream().anyMatch(m -> m.name().equals(t.model()));
            if (!known) {
                List<String> names = ast.models().stream().map(ModelDecl::name).toList();
                String hint = names.size() == 1 ? "; the model here is '" + names.get(0) + "'" : "";
                d.error(t.modelSpan(), "train block for unknown model '" + t.model() + "'" + hint);
                continue;
            }
            if (!t.model().equals(model.name())) continue;
            if (seen != null) {
                d.report(Diagnostic.error(t.modelSpan(), "a second train block for model '" + t.model() + "'")
                        .withRelated(seen.modelSpan(), "the first one is here"));
                continue;
            }
            seen = t;
            train = TrainChecker.check(t, d);
        }
        return new Front(ast, checked, train);
    }

    static {
        JaninoCompiler.warmUpInBackground();
    }

    /** Runs the whole pipeline up to Java source; throws a NablaException with every diagnostic on errors. */
    public static Compilation compile(SourceFile source, CompileOptions options) {
        Diagnostics d = new Diagnostics();
        Front f = front(source, options, d);
        d.throwIfErrors();
        Backend b = backEnd(f.checked().ir(), f.train(), options, JaninoCompiler.hash(source.text()));
        return new Compilation(source, options, d.all(), f.ast(), f.checked(), b.gradient(), b.optimized(), b.plan(),
                b.java(), f.train(), b.trace());
    }

    /** What the back end makes of a checked model: the IR after autodiff and after every pass, the plan, the Java. */
    public record Backend(PassTrace trace, ModelIr gradient, ModelIr optimized, FusionPlan plan, GeneratedSource java) {}

    /**
     * The back end on a checked model: the passes (each verified), differentiation, fusion and code generation.
     * {@code train} gives the optimizer and clipping unless {@code options} override them.
     */
    public static Backend backEnd(ModelIr checkedIr, TrainSettings train, CompileOptions options, String sourceHash) {
        PassTrace trace = new PassTrace();
        ModelIr checked = trace.record("check", checkedIr);
        List<Pass> cleanup = List.of(new Simplify(), new Cse(), new Dce());
        ModelIr m = Fixpoint.run(checked, cleanup, trace::record);
        m = trace.run(new LayoutPass(), m);
        ModelIr grad = m = trace.run(new Autodiff(options.inputGradients()), m);
        m = trace.run(new EraseStopGradients(), m);
        m = trace.run(new LowerComposites(), m);
        m = Fixpoint.run(m, cleanup, trace::record);
        ModelIr shared = trace.run(new SharedExp(), m);
        if (shared != m) m = Fixpoint.run(shared, cleanup, trace::record);
        FusionPlan plan = FusionPlan.build(m, options.num() == Num.FLOAT);
        OptimizerSpec os = options.optimizer() != null ? options.optimizer() : train.optimizer();
        if (os == null) os = OptimizerSpec.of(OptimizerKind.SGD);
        OptimizerEmitter emitter = Optimizers.create(os.withDefaultLr(train.lr()),
                options.clipValue() != null ? options.clipValue() : train.clipValue(),
                options.clipNorm() != null ? options.clipNorm() : train.clipNorm());
        GeneratedSource java = JavaGenerator.generate(m, plan,
                new JavaGenerator.Options(options.packageName(), className(m.name()), options.num(), emitter,
                        TrainingPlan.resolve(train, TrainingPlan.Overrides.NONE).trainOptions()), sourceHash);
        return new Backend(trace, grad, m, plan, java);
    }

    /** The IR after each pass of the pipeline, by pass name (the last run of a pass that runs in rounds). */
    public static final class PassTrace {
        private final java.util.LinkedHashMap<String, ModelIr> after = new java.util.LinkedHashMap<>();
        private final List<String> log = new ArrayList<>();

        /** Verifies a pass's result and keeps it. */
        ModelIr record(String pass, ModelIr result) {
            IrVerifier.verify(result.graph(), pass);
            after.put(pass, result);
            log.add(pass + ": " + result.graph().nodes().size() + " nodes");
            return result;
        }

        void record(Pass pass, ModelIr result) { record(pass.name(), result); }

        ModelIr run(Pass pass, ModelIr in) { return record(pass.name(), pass.apply(in)); }

        /** The names of the passes, in the order they first ran. */
        public List<String> passes() { return List.copyOf(after.keySet()); }

        /** The IR after the last run of {@code pass}, or null when no pass has that name. */
        public ModelIr after(String pass) { return after.get(pass); }

        /** One line per pass run: its name and the graph's size after it. */
        public List<String> log() { return List.copyOf(log); }
    }

    /** The generated class's name: the model's name with a capital and {@code Model} after it. */
    public static String className(String modelName) {
        StringBuilder sb = new StringBuilder();
        for (char c : modelName.toCharArray()) sb.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        String s = sb.toString();
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) s = "M" + s;
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + "Model";
    }

    public SourceFile source() { return source; }
    public CompileOptions options() { return options; }
    /** Warnings and notes (errors would have thrown). */
    public List<Diagnostic> diagnostics() { return diagnostics; }
    public ModelFile ast() { return ast; }
    public ModelIr checkedIr() { return checked.ir(); }
    public ModelIr gradientIr() { return grad; }
    public ModelIr optimizedIr() { return optimized; }
    public FusionPlan fusionPlan() { return plan; }
    public GeneratedSource java() { return java; }
    public TrainSettings trainSettings() { return train; }
    /** The IR after each pass (for {@code nabla dump --stage ir --after PASS}). */
    public PassTrace passTrace() { return passTrace; }

    /** The text of one stage, as {@code nabla dump} prints it. */
    public String dump(Stage stage) {
        return switch (stage) {
            case AST -> AstPrinter.print(ast);
            case TYPED -> String.join("\n", checked.typedListing()) + "\n";
            case IR -> IrPrinter.print(checked.ir().graph());
            case GRAD -> IrPrinter.print(grad.graph());
            case OPT -> IrPrinter.print(optimized.graph());
            case JAVA -> java.source();
        };
    }

    /** The generated class loaded, as a {@link CompiledModel} (compiled in process, cached by source hash). */
    public CompiledModel load() { return new CompiledModel(this, modelClass()); }

    /** The generated class, compiled in process (cached by source hash). */
    public synchronized Class<?> modelClass() {
        if (modelClass == null) modelClass = JaninoCompiler.compile(java, source.name());
        return modelClass;
    }

    /** A new instance of the generated model with buffers for {@code maxBatch} examples. */
    public TrainableModel newModel(int maxBatch) {
        try {
            Constructor<?> c = modelClass().getConstructor(int.class);
            return (GeneratedModel) c.newInstance(maxBatch);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate the generated model", e);
        }
    }
}
