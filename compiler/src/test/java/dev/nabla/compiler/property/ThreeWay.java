package dev.nabla.compiler.property;

import dev.nabla.compiler.CompileOptions;
import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.NablaException;
import dev.nabla.compiler.diag.SourceFile;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.Interpreter;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Root;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Num;
import dev.nabla.compiler.ir.Tensor;
import dev.nabla.compiler.ir.ops.Abs;
import dev.nabla.compiler.ir.ops.Clamp;
import dev.nabla.compiler.ir.ops.Elu;
import dev.nabla.compiler.ir.ops.LeakyRelu;
import dev.nabla.compiler.ir.ops.Maximum;
import dev.nabla.compiler.ir.ops.Minimum;
import dev.nabla.compiler.ir.ops.Reduce;
import dev.nabla.compiler.ir.ops.Relu;
import dev.nabla.compiler.ir.ops.StopGradient;
import dev.nabla.runtime.GeneratedModel;
import dev.nabla.runtime.ModelSignature;
import dev.nabla.runtime.TrainableModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The three-way check of one model at one point: the generated Java (double precision, with input
 * gradients), the IR reference interpreter, and central finite differences of the loss.
 *
 * <p>What is compared:
 * <ul>
 *   <li>generated code against the interpreter on the optimized IR (the graph the code was generated
 *       from): loss, outputs, parameter and input gradients, to 1e-10 absolute + 1e-9 relative (both are
 *       double precision over the same ops; only summation order may differ);</li>
 *   <li>the same against the interpreter on the IR before optimization (the checked forward graph and
 *       the graph right after autodiff), same tolerance, which catches a wrong rewrite in the passes;</li>
 *   <li>generated code against itself: {@code evaluate}, {@code forward}, and {@code computeGradients}
 *       called twice give the same values (no stale accumulation), rows past the batch (filled with
 *       NaN) are never read, and one step of the default SGD ({@code trainStep}, and
 *       {@code trainStepWithOutputs}, whose outputs must be those of {@code evaluate}) moves each
 *       parameter by {@code -lr * gradient};</li>
 *   <li>parameter and input gradients against central differences of the loss, both of the loss the
 *       interpreter computes on the checked IR (which has no derivative code at all) and of the loss
 *       the generated {@code evaluate} computes (so that a wrong interpreter shows up as a disagreement
 *       with the first only), with {@code h = 1e-6 * max(1, |v|)} and a
 *       tolerance of 1e-6 absolute + 1e-5 relative. Rounding error of a central difference is about
 *       {@code eps * |loss terms| / h} ~ 1e-10 * |loss terms|, and truncation error about
 *       {@code h^2 / 6 * |f'''|} ~ 1e-13 * |f'''|; the generators keep values within about ±10, so the
 *       true error is orders of magnitude below the tolerance, while a wrong derivative rule is off by
 *       O(1). Finite differences are skipped when the model uses stop_gradient itself, or when at this
 *       point some kink on the path to the loss (relu, abs, clamp, maximum, max, ...) has an argument
 *       within 1e-3 of it (the derivative is then not what differences measure).</li>
 * </ul>
 */
final class ThreeWay {
    private ThreeWay() {}

    static final CompileOptions OPTIONS = CompileOptions.defaults().withNum(Num.DOUBLE).withInputGradients(true);

    static final double TIGHT_ABS = 1e-10, TIGHT_REL = 1e-9;
    static final double FD_ABS = 1e-6, FD_REL = 1e-5;
    static final double FD_STEP = 1e-6;
    static final double KINK_MARGIN = 1e-3;

    /** What a check did, for statistics. */
    record Result(boolean differencesChecked, String differencesNote, int comparisons) {}

    /** Checks a model at a point drawn from {@code seed}; throws an AssertionError with a report on disagreement. */
    static Result check(ModelProgram program, int batch, long seed) {
        return new Run(program, batch, seed).run();
    }

    /** Compiles a model file (a compile error is a failure of the check). */
    static Compilation compile(ModelProgram program) {
        try {
            return Compilation.compile(new SourceFile("prop.nabla", program.source()), OPTIONS);
        } catch (NablaException e) {
            throw new AssertionError("the model does not compile: " + e.getMessage() + "\n--- model ---\n"
                    + program.source(), e);
        }
    }

    /** Float code (the training path: its products call the runtime's blocked kernels) against the interpreter. */
    static final CompileOptions FLOAT_OPTIONS = CompileOptions.defaults().withNum(Num.FLOAT).withInputGradients(true);

    /**
     * Tolerance of float code: this fraction of the largest magnitude of any value of the graph (at least 1).
     * Over about a thousand generated programs float rounding stayed below 1/80 of it; a wrong index or a
     * missing term is off by a sizable fraction of the values themselves.
     */
    static final double FLOAT_TOL = 2e-5;

    /**
     * Checks the float code of a model against the interpreter (double precision, on the same values rounded
     * to float): loss, outputs and gradients to {@link #FLOAT_TOL} times the largest magnitude among all the
     * values of the graph, which is far above float rounding for these small graphs and far below what a
     * wrong index or a missing term gives. Gradients are compared only when no kink is within 1e-3 of its
     * argument (float and double could take different sides).
     */
    static Result checkFloat(ModelProgram program, int batch, long seed) {
        Compilation c;
        try {
            c = Compilation.compile(new SourceFile("prop.nabla", program.source()), FLOAT_OPTIONS);
        } catch (NablaException e) {
            throw new AssertionError("the model does not compile for float: " + e.getMessage() + "\n--- model ---\n"
                    + program.source(), e);
        }
        Run run = new Run(program, batch, seed);
        run.c = c;
        try {
            return run.compareFloat();
        } catch (AssertionError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AssertionError(run.header() + "float check threw " + e + Run.where(e) + "\n" + program.source(), e);
        }
    }

    private static final class Run {
        final ModelProgram program;
        final int batch;
        final long seed;
        final List<String> mismatches = new ArrayList<>();
        int comparisons;
        Compilation c;

        Run(ModelProgram program, int batch, long seed) {
            this.program = program;
            this.batch = batch;
            this.seed = seed;
        }

        Result run() {
            c = compile(program);
            try {
                return compare();
            } catch (AssertionError e) {
                throw e;
            } catch (RuntimeException e) {
                throw new AssertionError(header() + "threw " + e + where(e) + "\n" + program.source(), e);
            }
        }

        /** The first few frames of an exception, to tell the interpreter from generated code at a glance. */
        private static String where(Throwable e) {
            StringBuilder sb = new StringBuilder();
            StackTraceElement[] st = e.getStackTrace();
            for (int i = 0; i < Math.min(4, st.length); i++) sb.append("\n    at ").append(st[i]);
            return sb.toString();
        }

        private String header() {
            return String.format(Locale.ROOT, "batch %d, value seed %d:%n", batch, seed);
        }

        private Result compare() {
            ModelIr opt = c.optimizedIr();
            Random rnd = new Random(seed);
            int extraRows = (int) Math.floorMod(seed, 3L);
            int maxBatch = batch + extraRows;

            // ---- values
            Map<String, Tensor> params = new LinkedHashMap<>();
            for (ModelIr.Decl d : opt.params()) {
                params.put(d.name(), new Tensor(d.type(), batch, program.spec(d.name()).draw(rnd, 1, d.type().size())));
            }
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (ModelIr.Decl d : opt.inputs()) {
                inputs.put(d.name(), new Tensor(d.type(), batch, program.spec(d.name()).draw(rnd, batch, d.type().size())));
            }
            for (ModelIr.Decl d : opt.targets()) {
                ValueSpec spec = program.spec(d.name());
                if (d.type().isClass() && !(spec instanceof ValueSpec.ClassIndex)) spec = new ValueSpec.ClassIndex(d.type().classes());
                inputs.put(d.name(), new Tensor(d.type(), batch, spec.draw(rnd, batch, d.type().size())));
            }

            // ---- generated code
            TrainableModel m = c.newModel(maxBatch);
            ModelSignature sig = m.signature();
            stage(m, opt, params, inputs, maxBatch);
            double genEval = m.evaluate(batch);
            Map<String, double[]> genOut = readOutputs(m, opt);
            m.forward(batch);
            Map<String, double[]> genOut2 = readOutputs(m, opt);
            double genLoss = m.computeGradients(batch);
            Map<Root, double[]> genGrad = readGradients(m, opt);
            double genLoss2 = m.computeGradients(batch);
            Map<Root, double[]> genGrad2 = readGradients(m, opt);

            same("evaluate(n) vs computeGradients(n) loss", genEval, genLoss);
            same("computeGradients(n) loss, second call", genLoss2, genLoss);
            for (String k : genOut.keySet()) sameAll("forward(n) vs evaluate(n) " + k, genOut2.get(k), genOut.get(k));
            for (Root k : genGrad.keySet()) sameAll("computeGradients(n) twice: " + k, genGrad2.get(k), genGrad.get(k));

            // ---- interpreter on the optimized IR (what the code was generated from)
            Graph og = opt.graph();
            Map<Node, Tensor> ov = Interpreter.run(og, inputs, params, batch);
            tight("loss: generated vs interpreter(optimized IR)", genLoss, Interpreter.root(og, ov, Root.OBJECTIVE).get(0));
            for (ModelIr.Decl d : opt.outputs()) {
                tightAll("output:" + d.name() + ": generated vs interpreter(optimized IR)", genOut.get(d.name()),
                        outputValues(Interpreter.root(og, ov, Root.output(d.name()))));
            }
            for (Root k : genGrad.keySet()) {
                tightAll(k + ": generated vs interpreter(optimized IR)", genGrad.get(k), Interpreter.root(og, ov, k).data());
            }

            // ---- interpreter on the IR before the passes (forward as checked; gradients right after autodiff)
            Graph cg = c.checkedIr().graph();
            Map<Node, Tensor> cv = Interpreter.run(cg, inputs, params, batch);
            tight("loss: generated vs interpreter(checked IR)", genLoss, Interpreter.root(cg, cv, Root.OBJECTIVE).get(0));
            for (ModelIr.Decl d : opt.outputs()) {
                tightAll("output:" + d.name() + ": generated vs interpreter(checked IR)", genOut.get(d.name()),
                        outputValues(Interpreter.root(cg, cv, Root.output(d.name()))));
            }
            Graph gg = c.gradientIr().graph();
            Map<Node, Tensor> gv = Interpreter.run(gg, inputs, params, batch);
            for (Root k : genGrad.keySet()) {
                tightAll(k + ": generated vs interpreter(IR after autodiff, before passes)", genGrad.get(k),
                        Interpreter.root(gg, gv, k).data());
            }

            // ---- one SGD step moves each parameter by -lr * gradient (trainStep, and trainStepWithOutputs
            // on a second instance, which also computes the outputs before the update)
            TrainableModel m2 = c.newModel(maxBatch);
            stage(m2, opt, params, inputs, maxBatch);
            double stepLoss2 = m2.trainStepWithOutputs(batch);
            same("trainStepWithOutputs(n) loss vs computeGradients(n)", stepLoss2, genLoss);
            Map<String, double[]> stepOut = readOutputs(m2, opt);
            for (ModelIr.Decl d : opt.outputs()) {
                // an output that is a parameter itself reads the parameter's storage, which the step updates
                if (opt.graph().root(Root.output(d.name())).op() instanceof dev.nabla.compiler.ir.ops.Param) continue;
                sameAll("trainStepWithOutputs(n) vs evaluate(n) " + d.name(), stepOut.get(d.name()), genOut.get(d.name()));
            }
            double stepLoss = m.trainStep(batch);
            same("trainStep(n) loss vs computeGradients(n)", stepLoss, genLoss);
            for (TrainableModel stepped : List.of(m, m2)) {
                double lr = stepped.learningRate();
                String how = stepped == m ? "trainStep" : "trainStepWithOutputs";
                for (ModelIr.Decl d : opt.params()) {
                    double[] after = new double[d.type().size()];
                    stepped.getParam(sig.paramIndex(d.name()), after);
                    double[] before = params.get(d.name()).data();
                    double[] g = genGrad.get(Root.grad(d.name()));
                    double[] want = new double[after.length];
                    for (int i = 0; i < want.length; i++) want[i] = before[i] - lr * g[i];
                    tightAll("parameter " + d.name() + " after one SGD " + how + " (lr " + lr + ")", after, want);
                }
            }

            // ---- central differences of the loss, as the interpreter computes it (the checked IR, no
            // derivative code at all) and as the generated code computes it (evaluate): when only the
            // first disagrees with the generated gradients, the interpreter's forward values are the suspect
            String note = differencesApply(cg, cv);
            if (note == null) {
                TrainableModel fm = c.newModel(maxBatch);
                stage(fm, opt, params, inputs, maxBatch);
                for (ModelIr.Decl d : opt.params()) {
                    double[] g = genGrad.get(Root.grad(d.name()));
                    double[] data = params.get(d.name()).data();
                    differences("grad:" + d.name(), data, g, () -> objective(cg, inputs, params));
                    int pi = sig.paramIndex(d.name());
                    differences("grad:" + d.name(), data, g, () -> {
                        fm.setParam(pi, data.clone());
                        return fm.evaluate(batch);
                    }, "generated loss");
                    fm.setParam(pi, data.clone());
                }
                for (ModelIr.Decl d : opt.inputs()) {
                    double[] g = genGrad.get(Root.inputGrad(d.name()));
                    double[] data = inputs.get(d.name()).data();
                    differences("grad_input:" + d.name(), data, g, () -> objective(cg, inputs, params));
                    int ii = sig.inputIndex(d.name());
                    int size = d.type().size();
                    differences("grad_input:" + d.name(), data, g, () -> {
                        for (int r = 0; r < batch; r++) fm.setInput(ii, r, java.util.Arrays.copyOfRange(data, r * size, r * size + size));
                        return fm.evaluate(batch);
                    }, "generated loss");
                    for (int r = 0; r < batch; r++) fm.setInput(ii, r, java.util.Arrays.copyOfRange(data, r * size, r * size + size));
                }
            }

            if (!mismatches.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                sb.append(mismatches.size()).append(" of ").append(comparisons).append(" comparisons disagree; ")
                        .append(header());
                int shown = 0;
                for (String s : mismatches) {
                    if (shown++ == 25) {
                        sb.append("  ...\n");
                        break;
                    }
                    sb.append("  ").append(s).append('\n');
                }
                sb.append("--- model ---\n").append(program.source());
                sb.append("--- values ---\n");
                for (var e : params.entrySet()) sb.append("  param ").append(e.getKey()).append(" = ").append(fmt(e.getValue().data())).append('\n');
                for (var e : inputs.entrySet()) sb.append("  ").append(e.getKey()).append(" = ").append(fmt(e.getValue().data())).append('\n');
                if (Boolean.getBoolean("nabla.property.dumpJava")) sb.append("--- java ---\n").append(c.java().source());
                throw new AssertionError(sb.toString());
            }
            return new Result(note == null, note == null ? "checked" : note, comparisons);
        }

        /** Stages parameters, inputs and targets into a generated model; rows past the batch get NaN. */
        private void stage(TrainableModel m, ModelIr opt, Map<String, Tensor> params, Map<String, Tensor> inputs,
                           int maxBatch) {
            ModelSignature sig = m.signature();
            for (ModelIr.Decl d : opt.params()) m.setParam(sig.paramIndex(d.name()), params.get(d.name()).data().clone());
            for (ModelIr.Decl d : opt.inputs()) {
                int i = sig.inputIndex(d.name());
                int size = d.type().size();
                double[] data = inputs.get(d.name()).data();
                for (int r = 0; r < maxBatch; r++) {
                    double[] row = new double[size];
                    if (r < batch) System.arraycopy(data, r * size, row, 0, size);
                    else java.util.Arrays.fill(row, Double.NaN);
                    m.setInput(i, r, row);
                }
            }
            for (ModelIr.Decl d : opt.targets()) {
                int i = sig.targetIndex(d.name());
                double[] data = inputs.get(d.name()).data();
                if (d.type().isClass()) {
                    for (int r = 0; r < maxBatch; r++) m.setClassTarget(i, r, r < batch ? (int) data[r] : d.type().classes() - 1);
                } else {
                    int size = d.type().size();
                    for (int r = 0; r < maxBatch; r++) {
                        double[] row = new double[size];
                        if (r < batch) System.arraycopy(data, r * size, row, 0, size);
                        else java.util.Arrays.fill(row, Double.NaN);
                        m.setTarget(i, r, row);
                    }
                }
            }
        }

        private Result compareFloat() {
            ModelIr opt = c.optimizedIr();
            Random rnd = new Random(seed);
            int maxBatch = batch + (int) Math.floorMod(seed, 3L);
            Map<String, Tensor> params = new LinkedHashMap<>();
            for (ModelIr.Decl d : opt.params()) {
                params.put(d.name(), new Tensor(d.type(), batch, toFloat(program.spec(d.name()).draw(rnd, 1, d.type().size()))));
            }
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (ModelIr.Decl d : opt.inputs()) {
                inputs.put(d.name(), new Tensor(d.type(), batch, toFloat(program.spec(d.name()).draw(rnd, batch, d.type().size()))));
            }
            for (ModelIr.Decl d : opt.targets()) {
                ValueSpec spec = program.spec(d.name());
                if (d.type().isClass() && !(spec instanceof ValueSpec.ClassIndex)) spec = new ValueSpec.ClassIndex(d.type().classes());
                inputs.put(d.name(), new Tensor(d.type(), batch, toFloat(spec.draw(rnd, batch, d.type().size()))));
            }
            TrainableModel m = c.newModel(maxBatch);
            stage(m, opt, params, inputs, maxBatch);
            double genEval = m.evaluate(batch);
            Map<String, double[]> genOut = readOutputs(m, opt);
            double genLoss = m.computeGradients(batch);
            Map<Root, double[]> genGrad = readGradients(m, opt);

            Graph og = opt.graph();
            Map<Node, Tensor> ov = Interpreter.run(og, inputs, params, batch);
            double scale = 1;
            for (Tensor t : ov.values()) for (double v : t.data()) if (Double.isFinite(v)) scale = Math.max(scale, Math.abs(v));
            double tol = FLOAT_TOL * scale;
            double want = Interpreter.root(og, ov, Root.OBJECTIVE).get(0);
            compare("loss (float evaluate) vs interpreter", genEval, want, tol, 0);
            compare("loss (float computeGradients) vs interpreter", genLoss, want, tol, 0);
            for (ModelIr.Decl d : opt.outputs()) {
                double[] w = Interpreter.root(og, ov, Root.output(d.name())).data();
                double[] g = genOut.get(d.name());
                for (int i = 0; i < w.length; i++) compare("output:" + d.name() + " (float)[" + i + "] vs interpreter", g[i], w[i], tol, 0);
            }
            String note = differencesApply(c.checkedIr().graph(), Interpreter.run(c.checkedIr().graph(), inputs, params, batch));
            if (note == null || note.startsWith("skipped: stop_gradient")) {
                for (Root k : genGrad.keySet()) {
                    double[] w = Interpreter.root(og, ov, k).data();
                    double[] g = genGrad.get(k);
                    for (int i = 0; i < w.length; i++) compare(k + " (float)[" + i + "] vs interpreter", g[i], w[i], tol, 0);
                }
                note = "gradients compared";
            } else {
                note = "gradients not compared: " + note.substring("skipped: ".length());
            }
            if (!mismatches.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                sb.append(mismatches.size()).append(" of ").append(comparisons).append(" comparisons of float code disagree (tolerance ")
                        .append(String.format(Locale.ROOT, "%.3g", tol)).append("); ").append(header());
                int shown = 0;
                for (String x : mismatches) {
                    if (shown++ == 25) {
                        sb.append("  ...\n");
                        break;
                    }
                    sb.append("  ").append(x).append('\n');
                }
                sb.append("--- model ---\n").append(program.source());
                if (Boolean.getBoolean("nabla.property.dumpJava")) sb.append("--- java ---\n").append(c.java().source());
                throw new AssertionError(sb.toString());
            }
            return new Result(false, note, comparisons);
        }

        private static double[] toFloat(double[] v) {
            for (int i = 0; i < v.length; i++) v[i] = (float) v[i];
            return v;
        }

        private Map<String, double[]> readOutputs(TrainableModel m, ModelIr opt) {
            Map<String, double[]> out = new LinkedHashMap<>();
            ModelSignature sig = m.signature();
            for (ModelIr.Decl d : opt.outputs()) {
                int i = sig.outputIndex(d.name());
                int size = d.type().size();
                int rows = d.type().batched() ? batch : 1;
                double[] all = new double[rows * size];
                double[] row = new double[size];
                for (int r = 0; r < rows; r++) {
                    m.getOutput(i, r, row);
                    System.arraycopy(row, 0, all, r * size, size);
                }
                out.put(d.name(), all);
            }
            return out;
        }

        private static double[] outputValues(Tensor t) { return t.data(); }

        private Map<Root, double[]> readGradients(TrainableModel m, ModelIr opt) {
            Map<Root, double[]> out = new LinkedHashMap<>();
            ModelSignature sig = m.signature();
            for (ModelIr.Decl d : opt.params()) {
                double[] g = new double[d.type().size()];
                m.getGradient(sig.paramIndex(d.name()), g);
                out.put(Root.grad(d.name()), g);
            }
            for (ModelIr.Decl d : opt.inputs()) {
                double[] g = new double[batch * d.type().size()];
                ((GeneratedModel) m).getInputGradient(sig.inputIndex(d.name()), batch, g);
                out.put(Root.inputGrad(d.name()), g);
            }
            return out;
        }

        // ------------------------------------------------------------ finite differences

        private double objective(Graph g, Map<String, Tensor> inputs, Map<String, Tensor> params) {
            return Interpreter.root(g, Interpreter.run(g, inputs, params, batch), Root.OBJECTIVE).get(0);
        }

        private void differences(String what, double[] data, double[] analytic, java.util.function.DoubleSupplier loss) {
            differences(what, data, analytic, loss, "interpreter loss");
        }

        /**
         * Compares each element of a gradient with a central difference of {@code loss}, which reads
         * {@code data}, perturbed here in place one element at a time.
         */
        private void differences(String what, double[] data, double[] analytic, java.util.function.DoubleSupplier loss,
                                 String of) {
            for (int i = 0; i < data.length; i++) {
                double v = data[i];
                double h = FD_STEP * Math.max(1, Math.abs(v));
                data[i] = v + h;
                double up = loss.getAsDouble();
                data[i] = v - h;
                double down = loss.getAsDouble();
                data[i] = v;
                double fd = (up - down) / (2 * h);
                compare(what + "[" + i + "]: generated vs central difference of the " + of, analytic[i], fd, FD_ABS, FD_REL);
            }
        }

        /** Null when differences measure the gradient here; else why not. */
        private String differencesApply(Graph g, Map<Node, Tensor> values) {
            if (!program.gradientsMatchDifferences()) return "skipped: stop_gradient in the model";
            Set<Node> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
            List<Node> stack = new ArrayList<>(List.of(g.root(Root.OBJECTIVE)));
            while (!stack.isEmpty()) {
                Node n = stack.remove(stack.size() - 1);
                if (n.op() instanceof StopGradient) continue;
                if (onPath.add(n)) stack.addAll(n.inputs());
            }
            double nearest = Double.POSITIVE_INFINITY;
            String where = null;
            for (Node n : g.nodes()) {
                if (!onPath.contains(n)) continue;
                double d = kinkDistance(n, values);
                if (d < nearest) {
                    nearest = d;
                    where = n.op().name();
                }
            }
            if (nearest < KINK_MARGIN) return "skipped: " + where + " within " + KINK_MARGIN + " of its kink";
            return null;
        }

        private static double kinkDistance(Node n, Map<Node, Tensor> values) {
            var op = n.op();
            if (op instanceof Relu || op instanceof LeakyRelu || op instanceof Abs
                    || (op instanceof Elu e && e.alpha() != 1.0)) {
                return minAbs(values.get(n.input(0)).data(), 0);
            }
            if (op instanceof Clamp cl) {
                double[] x = values.get(n.input(0)).data();
                double d = Double.POSITIVE_INFINITY;
                if (cl.lo() != Double.NEGATIVE_INFINITY) d = Math.min(d, minAbs(x, cl.lo()));
                if (cl.hi() != Double.POSITIVE_INFINITY) d = Math.min(d, minAbs(x, cl.hi()));
                return d;
            }
            if (op instanceof Maximum || op instanceof Minimum) {
                Tensor a = values.get(n.input(0)), b = values.get(n.input(1));
                int[] full = values.get(n).fullShape();
                int[] ia = broadcastIndex(a, full), ib = broadcastIndex(b, full);
                double d = Double.POSITIVE_INFINITY;
                for (int p = 0; p < ia.length; p++) d = Math.min(d, Math.abs(a.get(ia[p]) - b.get(ib[p])));
                return d;
            }
            if (op instanceof Reduce r && r.kind() == Reduce.Kind.MAX) return maxGap(values.get(n.input(0)), r);
            return Double.POSITIVE_INFINITY;
        }

        /**
         * Offsets into {@code t} for every position of a batched or unbatched result of full shape
         * {@code outFull}: the batch axis of a batched operand lines up with the result's batch axis,
         * the per-example axes with the result's trailing axes (written here rather than taken from
         * Tensor.broadcastIndex, so that the kink check does not share the interpreter's code).
         */
        static int[] broadcastIndex(Tensor t, int[] outFull) {
            int[] full = t.fullShape();
            int lead = t.type().batched() ? 1 : 0;
            int[] strides = new int[outFull.length];
            int stride = 1;
            for (int i = full.length - 1, o = outFull.length - 1; i >= lead; i--, o--) {
                strides[o] = full[i] == 1 ? 0 : stride;
                stride *= full[i];
            }
            if (lead == 1) strides[0] = full[0] == 1 ? 0 : stride;
            int total = 1;
            for (int d : outFull) total *= d;
            int[] result = new int[total];
            int[] idx = new int[outFull.length];
            for (int p = 0; p < total; p++) {
                int off = 0;
                for (int a = 0; a < idx.length; a++) off += idx[a] * strides[a];
                result[p] = off;
                for (int a = outFull.length - 1; a >= 0; a--) {
                    if (++idx[a] < outFull[a]) break;
                    idx[a] = 0;
                }
            }
            return result;
        }

        private static double minAbs(double[] x, double at) {
            double d = Double.POSITIVE_INFINITY;
            for (double v : x) d = Math.min(d, Math.abs(v - at));
            return d;
        }

        /** The smallest gap between the largest and the second largest element over the groups of a max. */
        static double maxGap(Tensor x, Reduce r) {
            int[] full = x.fullShape();
            int off = x.type().batched() ? 1 : 0;
            Map<Integer, double[]> top = new HashMap<>();
            int[] idx = new int[full.length];
            for (int p = 0; p < x.size(); p++) {
                int key = 0;
                for (int a = 0; a < full.length; a++) {
                    boolean reduced = a >= off && r.reduces(a - off);
                    if (!reduced) key = key * full[a] + idx[a];
                }
                double v = x.get(p);
                double[] t = top.computeIfAbsent(key, k -> new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY});
                if (v > t[0]) {
                    t[1] = t[0];
                    t[0] = v;
                } else if (v > t[1]) {
                    t[1] = v;
                } else if (v == t[0]) {
                    t[1] = v;
                }
                for (int a = full.length - 1; a >= 0; a--) {
                    if (++idx[a] < full[a]) break;
                    idx[a] = 0;
                }
            }
            double gap = Double.POSITIVE_INFINITY;
            for (double[] t : top.values()) if (t[1] != Double.NEGATIVE_INFINITY) gap = Math.min(gap, t[0] - t[1]);
            return gap;
        }

        // ------------------------------------------------------------ comparisons

        private void same(String what, double got, double want) { compare(what, got, want, 0, 0); }

        private void sameAll(String what, double[] got, double[] want) {
            for (int i = 0; i < want.length; i++) same(what + "[" + i + "]", got[i], want[i]);
        }

        private void tight(String what, double got, double want) { compare(what, got, want, TIGHT_ABS, TIGHT_REL); }

        private void tightAll(String what, double[] got, double[] want) {
            if (got.length != want.length) {
                comparisons++;
                mismatches.add(what + ": " + got.length + " values vs " + want.length);
                return;
            }
            for (int i = 0; i < want.length; i++) tight(what + "[" + i + "]", got[i], want[i]);
        }

        private void compare(String what, double got, double want, double abs, double rel) {
            comparisons++;
            boolean ok = Double.isFinite(got) && Double.isFinite(want)
                    && Math.abs(got - want) <= abs + rel * Math.max(Math.abs(got), Math.abs(want));
            if (!ok) {
                mismatches.add(String.format(Locale.ROOT, "%s: %.12g vs %.12g (difference %.3g)", what, got, want,
                        Math.abs(got - want)));
            }
        }

        private static String fmt(double[] v) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.17g", v[i]));
            return sb.append(']').toString();
        }
    }
}
