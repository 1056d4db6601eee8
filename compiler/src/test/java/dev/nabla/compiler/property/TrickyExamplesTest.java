package dev.nabla.compiler.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.compiler.Compilation;
import dev.nabla.compiler.ir.Interpreter;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Root;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Tensor;
import dev.nabla.runtime.GeneratedModel;
import dev.nabla.runtime.TrainableModel;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Example;

/**
 * Hand-picked cases for the three-way check: the smallest models found to disagree, and shapes of
 * programs that exercise a particular path of the compiler (non-batched values, leaves as outputs,
 * names that generated code uses itself, ...).
 */
class TrickyExamplesTest {

    private static void threeWay(String source, int batch, long seed) {
        ThreeWay.check(ModelProgram.of(source), batch, seed);
    }

    private static void threeWay(String source, Map<String, ValueSpec> specs, int batch, long seed) {
        ThreeWay.check(ModelProgram.of(source, specs), batch, seed);
    }

    // ------------------------------------------------------------------ disagreements found

    /**
     * A per-example scalar times a per-example matrix. The generated code is right; the reference
     * interpreter broadcasts the scalar's batch axis as if it were the matrix's last axis (Tensor's
     * broadcast strides align every axis of a batched operand from the right, the batch axis included),
     * so it reads s[j] instead of s[b] (or runs off the end of s).
     */
    @Example
    void perExampleScalarTimesPerExampleMatrix() {
        String src = """
                model B {
                    input s[]
                    input X[2, 3]
                    loss sum(s * X)
                }
                """;
        double[] s = {0.5, -2.0, 3.0};
        double[] x = {1, 2, 3, 4, 5, 6, -1, -2, -3, 0.5, 0.25, 0.125, 2, 0, -2, 1, 1, 1};
        int batch = 3;
        double want = 0;
        for (int b = 0; b < batch; b++) for (int j = 0; j < 6; j++) want += s[b] * x[b * 6 + j];
        want /= batch;

        Compilation c = ThreeWay.compile(ModelProgram.of(src));
        TrainableModel m = c.newModel(batch);
        for (int b = 0; b < batch; b++) {
            m.setInput(0, b, new double[] {s[b]});
            m.setInput(1, b, java.util.Arrays.copyOfRange(x, b * 6, b * 6 + 6));
        }
        assertEquals(want, m.computeGradients(batch), 1e-12, "generated code");

        ModelIr ir = c.optimizedIr();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put("s", new Tensor(ir.inputs().get(0).type(), batch, s.clone()));
        inputs.put("X", new Tensor(ir.inputs().get(1).type(), batch, x.clone()));
        Map<Node, Tensor> v = Interpreter.run(ir.graph(), inputs, Map.of(), batch);
        assertEquals(want, Interpreter.root(ir.graph(), v, Root.OBJECTIVE).get(0), 1e-12, "interpreter");
    }

    /** The same disagreement as found by the properties, with parameters and an output in the way. */
    @Example
    void perExampleScalarBroadcastInRandomProgram() {
        threeWay("""
                model Elementwise {
                    input x0[]
                    input x1[4, 2]
                    output o1 = x1 / (square(x0) + 0.5)
                    loss mean(square(o1)) + mean(x0)
                }
                """, 4, 1);
    }

    /**
     * The gradient of max over exact ties. {@code max(sum(x) + b)} with b all equal (zeros: the default
     * initialization of a vector parameter) is {@code sum(x) + max(b)}, so its gradient with respect to
     * every x is 1 (per example, divided by the batch). The max's derivative rule multiplies the
     * upstream gradient by the mask {@code x == max}, which is 1 at each of the four tied entries, so
     * the gradient comes out 4 times too large. (Central differences agree with 1.)
     */
    @Example
    void maxOverExactTiesCountsTheGradientOnce() {
        String src = """
                model Tie {
                    input x[3]
                    param b[4]
                    loss max(sum(x) + b)
                }
                """;
        Compilation c = ThreeWay.compile(ModelProgram.of(src));
        TrainableModel m = c.newModel(1);
        m.setParam(0, new double[4]);
        double[] x = {0.1, 0.2, 0.3};
        m.setInput(0, 0, x);
        m.computeGradients(1);
        double[] gx = new double[3];
        ((GeneratedModel) m).getInputGradient(0, 1, gx);
        double[] fd = new double[3];
        for (int i = 0; i < 3; i++) {
            double h = 1e-6;
            double[] p = x.clone(), q = x.clone();
            p[i] += h;
            q[i] -= h;
            m.setInput(0, 0, p);
            double up = m.evaluate(1);
            m.setInput(0, 0, q);
            double down = m.evaluate(1);
            fd[i] = (up - down) / (2 * h);
        }
        assertArrayEquals(new double[] {1, 1, 1}, fd, 1e-6, "central differences");
        assertArrayEquals(fd, gx, 1e-6, "gradient of max(sum(x) + b) at tied b with respect to x");
    }

    /**
     * Ties in the data: for {@code max(x)} at x = (0.5, 0.5, 0.1) any valid gradient puts a total of 1 on
     * the tied entries (the derivative along (1, 1, 0) is 1); the mask rule gives 1 to each.
     */
    @Example
    void maxOverTiedDataSharesTheGradient() {
        Compilation c = ThreeWay.compile(ModelProgram.of("""
                model Tie {
                    input x[3]
                    param w[1]
                    loss max(x) + sum(w * w)
                }
                """));
        TrainableModel m = c.newModel(1);
        m.setInput(0, 0, new double[] {0.5, 0.5, 0.1});
        m.computeGradients(1);
        double[] gx = new double[3];
        ((GeneratedModel) m).getInputGradient(0, 1, gx);
        assertEquals(1.0, gx[0] + gx[1] + gx[2], 1e-12, "total gradient of max over tied entries " + java.util.Arrays.toString(gx));
    }

    // ------------------------------------------------------------------ paths worth pinning down

    /** Values that do not depend on the example: products of parameters, leaves as outputs, a loss without the batch. */
    @Example
    void nonBatchedValuesAndLeavesAsOutputs() {
        threeWay("""
                model Shared {
                    input x[3]
                    param W[2, 3]
                    param V[3, 2]
                    output W
                    output P = W @ V
                    output x
                    loss sum(W @ V) + mean(square(W))
                }
                """, 3, 5);
    }

    /** A parameter product broadcast against per-example matrices: the gradient sums a matrix over the batch. */
    @Example
    void parameterProductTimesPerExampleMatrix() {
        threeWay("""
                model PP {
                    input X[2, 4]
                    param W[2, 3]
                    param V[3, 4]
                    param c[2, 1]
                    P = W @ V
                    loss sum(tanh(P * X + c))
                }
                """, 4, 9);
    }

    /** One parameter used as W @ x and as x @ W: its gradient accumulates both uses. */
    @Example
    void sameParameterInBothOrientations() {
        threeWay("""
                model Both {
                    input x[3]
                    param W[3, 3]
                    a = tanh(W @ x)
                    b = sigmoid(x @ W)
                    loss sum(a * b) + a @ (W.T @ b)
                }
                """, 3, 2);
    }

    /** Per-example matrices: transposes, products with shared parameters, softmax along both axes. */
    @Example
    void perExampleMatricesAndSoftmaxAlongAxes() {
        threeWay("""
                model PerExample {
                    input X[3, 2]
                    input v[3]
                    param W[2, 4]
                    A = X @ W
                    B = softmax(A, axis: 0)
                    C = log_softmax(A)
                    d = v @ X
                    e = X.T @ v
                    loss sum(B * C) + d @ e + mean(transpose(A) @ v)
                }
                """, 3, 4);
    }

    /** Names the generated code uses itself (loop variables, locals, runtime members) as model names. */
    @Example
    void namesThatGeneratedCodeUsesItself() {
        threeWay("""
                model Names {
                    input r[2, 3]
                    input c[2, 3]
                    param b[3]
                    param n[3]
                    param Math[3]
                    param d_b[3]
                    param i[2, 3]
                    row = r * b + n
                    double = c * row + i
                    objective = tanh(double) * Math + d_b
                    invN = sum(objective)
                    loss invN + mean(objective)
                }
                """, 2, 3);
    }

    /** A class target through cross_entropy of a softmax output (the checker switches to the logits) and nll. */
    @Example
    void classTargetsThroughRewrittenLosses() {
        threeWay("""
                model Cls {
                    input x[4]
                    target y: class(3)
                    param W[3, 4]
                    param b[3]
                    logits = W @ x + b
                    output probs = softmax(logits)
                    loss cross_entropy(probs, y) + 0.5 * nll(log_softmax(logits), y) + 0.1 * cross_entropy(logits, y, label_smoothing: 0.2)
                }
                """, 5, 6);
    }

    /** A rank-3 per-example input with parameters broadcast along different axes and reductions over each axis. */
    @Example
    void rankThreeBroadcastsAndReductions() {
        threeWay("""
                model R3 {
                    input X[2, 3, 4]
                    param a[3, 1]
                    param b[4]
                    param T[2, 1, 4]
                    Y = tanh(X * a + b) * T
                    loss sum(mean(Y, axis: 1)) + sum(max(Y, axis: -1)) + sum(softmax(Y, axis: 0) * X)
                }
                """, 1, 8);
    }

    /** mae with targets kept away from the prediction, huber across its quadratic/linear boundary, bce of probabilities. */
    @Example
    void lossesNearTheirSeams() {
        threeWay("""
                model Seams {
                    input x[3]
                    target t[3]
                    target u[3]
                    target p[3]
                    param W[3, 3]
                    z = tanh(W @ x)
                    loss mae(z, t) + huber(2 * z, u, delta: 0.5) + bce(0.8 * sigmoid(z) + 0.1, p)
                }
                """, Map.of("t", new ValueSpec.Outside(-1, 1, 0.2), "u", new ValueSpec.Uniform(-2, 2),
                "p", new ValueSpec.Uniform(0, 1)), 6, 12);
    }
}
