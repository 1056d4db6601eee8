package dev.nabla.compiler;

import dev.nabla.compiler.ast.AstPrinter;
import dev.nabla.compiler.ast.ModelDecl;
import dev.nabla.compiler.ast.ModelFile;
import dev.nabla.compiler.ast.TrainDecl;
import dev.nabla.compiler.autodiff.Autodiff;
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
import dev.nabla.compiler.jit.JaninoCompiler;
import dev.nabla.compiler.opt.FusionPlan;
import dev.nabla.compiler.opt.Passes;
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
    private final List<String> passTrace;
    private Class<?> modelClass;

    private Compilation(SourceFile source, CompileOptions options, List<Diagnostic> diagnostics, ModelFile ast,
                        ModelChecker.Result checked, ModelIr grad, ModelIr optimized, FusionPlan plan,
                        GeneratedSource java, TrainSettings train, List<String> passTrace) {
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

    /** Runs the whole pipeline up to Java source; throws a NablaException with every diagnostic on errors. */
    static {
        JaninoCompiler.warmUpInBackground();
    }

    public static Compilation compile(SourceFile source, CompileOptions options) {
        Diagnostics d = new Diagnostics();
        Front f = front(source, options, d);
        d.throwIfErrors();
        ModelIr ir = f.checked().ir();
        IrVerifier.verify(ir.graph(), "check");
        List<String> trace = new ArrayList<>();
        ModelIr forward = dev.nabla.compiler.opt.LayoutPass.apply(Passes.optimize(ir, false, trace));
        ModelIr grad = Autodiff.differentiate(forward, options.inputGradients());
        IrVerifier.verify(grad.graph(), "autodiff");
        ModelIr opt = Passes.optimize(grad, true, trace);
        ModelIr shared = dev.nabla.compiler.opt.SharedExp.apply(opt);
        if (shared != opt) opt = Passes.optimize(shared, true, trace);
        FusionPlan plan = FusionPlan.build(opt, options.num() == dev.nabla.compiler.ir.Num.FLOAT);
        TrainSettings.OptimizerSpec os = options.optimizer() != null ? options.optimizer() : f.train().optimizer();
        OptimizerEmitter emitter = emitter(os, f.train().lr());
        emitter.setClipping(options.clipValue() != null ? options.clipValue() : f.train().clipValue(),
                options.clipNorm() != null ? options.clipNorm() : f.train().clipNorm());
        String hash = JaninoCompiler.hash(source.text());
        String className = className(opt.name());
        GeneratedSource java = JavaGenerator.generate(opt, plan,
                new JavaGenerator.Options(options.packageName(), className, options.num(), emitter), hash);
        return new Compilation(source, options, d.all(), f.ast(), f.checked(), grad, opt, plan, java, f.train(), trace);
    }

    static OptimizerEmitter emitter(TrainSettings.OptimizerSpec spec, Double lr) {
        java.util.Map<String, Double> hyper = new java.util.HashMap<>();
        String name = "sgd";
        if (spec != null) {
            name = spec.name();
            hyper.putAll(spec.hyper());
        }
        if (lr != null && !hyper.containsKey("lr")) hyper.put("lr", lr);
        return Optimizers.create(name, hyper);
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
    public List<String> passTrace() { return passTrace; }

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
