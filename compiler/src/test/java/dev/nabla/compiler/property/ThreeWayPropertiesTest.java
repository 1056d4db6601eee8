package dev.nabla.compiler.property;

import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Three-way agreement on random programs: generated Java (double precision), the IR interpreter, and
 * central finite differences of the loss (see {@link ThreeWay} for what is compared and the tolerances).
 * A failing property prints the shrunk model source (arg0), the batch size (arg1) and the seed its values
 * came from (arg2); the report above it lists the disagreeing values. Statistics show which features
 * the programs exercised and how often finite differences applied.
 *
 * <ul>
 *   <li>{@link #elementwiseChains}: unary functions (tanh, sigmoid, softplus, swish, gelu, gelu_tanh, mish,
 *       square, exp of bounded arguments, log/sqrt/reciprocal of positive ones, powers), + - * / with
 *       denominators kept positive, broadcasting between per-example values, parameters and numbers,
 *       inputs with up to three axes, shared named values;</li>
 *   <li>{@link #matrixProducts}: {@code W @ x}, {@code x @ V}, dot products, {@code V.T @ x},
 *       {@code x @ W.T}, per-example matrices on either side, parameter products, {@code M @ M.T},
 *       transposes of shared and per-example matrices;</li>
 *   <li>{@link #reductionsAndSoftmax}: sum, mean, max, min over everything or one axis (also negative),
 *       softmax and log_softmax along axes, centering and normalization, log-sum-exp;</li>
 *   <li>{@link #lossesWithTargets}: mse, mae (targets kept away from the prediction), huber, bce of
 *       sigmoid and of probabilities, bce_with_logits, cross_entropy against classes, distributions and
 *       with label smoothing, of a softmax, nll of log_softmax, onehot, l2, targets in expressions;</li>
 *   <li>{@link #kinkedOps}: relu, leaky_relu, elu, selu, abs, clamp, maximum, minimum, max/min, huber,
 *       stop_gradient, mostly on inputs drawn away from 0 (finite differences skip points near a kink);</li>
 *   <li>{@link #smallMlps}: one to three layers in both orientations, residual connections, smooth or
 *       kinked activations, a loss head with a target and weight decay;</li>
 *   <li>{@link #mixedPrograms}: all of it together in longer programs;</li>
 *   <li>{@link #floatCodeAgreesWithInterpreter}: the float training code of such programs against the
 *       interpreter.</li>
 * </ul>
 */
class ThreeWayPropertiesTest {

    private static void check(ModelProgram program, int batch, long seed) {
        ThreeWay.Result r = ThreeWay.check(program, batch, seed);
        Statistics.label("finite differences").collect(r.differencesNote());
        for (String f : program.features()) Statistics.label("features").collect(f);
    }

    @Property(tries = 25, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void elementwiseChains(@ForAll("elementwise") ModelProgram program, @ForAll @IntRange(min = 1, max = 6) int batch,
                           @ForAll long seed) {
        check(program, batch, seed);
    }

    @Property(tries = 25, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void matrixProducts(@ForAll("matmul") ModelProgram program, @ForAll @IntRange(min = 1, max = 6) int batch,
                        @ForAll long seed) {
        check(program, batch, seed);
    }

    @Property(tries = 25, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void reductionsAndSoftmax(@ForAll("reductions") ModelProgram program, @ForAll @IntRange(min = 1, max = 6) int batch,
                              @ForAll long seed) {
        check(program, batch, seed);
    }

    @Property(tries = 25, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void lossesWithTargets(@ForAll("losses") ModelProgram program, @ForAll @IntRange(min = 1, max = 6) int batch,
                           @ForAll long seed) {
        check(program, batch, seed);
    }

    @Property(tries = 25, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void kinkedOps(@ForAll("kinks") ModelProgram program, @ForAll @IntRange(min = 1, max = 6) int batch,
                   @ForAll long seed) {
        check(program, batch, seed);
    }

    @Property(tries = 25, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void smallMlps(@ForAll("mlps") ModelProgram program, @ForAll @IntRange(min = 1, max = 6) int batch,
                   @ForAll long seed) {
        check(program, batch, seed);
    }

    @Property(tries = 25, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void mixedPrograms(@ForAll("mixed") ModelProgram program, @ForAll @IntRange(min = 1, max = 6) int batch,
                       @ForAll long seed) {
        check(program, batch, seed);
    }

    /**
     * Not one of the three ways, but the same programs through the float code that training runs (its
     * products call the runtime's blocked kernels, which the double code does not use), against the
     * interpreter with a float tolerance (see {@link ThreeWay#checkFloat}).
     */
    @Property(tries = 20, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void floatCodeAgreesWithInterpreter(@ForAll("floatPrograms") ModelProgram program,
                                        @ForAll @IntRange(min = 1, max = 6) int batch, @ForAll long seed) {
        ThreeWay.Result r = ThreeWay.checkFloat(program, batch, seed);
        Statistics.label("float").collect(r.differencesNote());
    }

    @Provide Arbitrary<ModelProgram> floatPrograms() {
        return net.jqwik.api.Arbitraries.oneOf(Programs.matmul(), Programs.mlps(), Programs.mixed());
    }

    @Provide Arbitrary<ModelProgram> elementwise() { return Programs.elementwise(); }

    @Provide Arbitrary<ModelProgram> matmul() { return Programs.matmul(); }

    @Provide Arbitrary<ModelProgram> reductions() { return Programs.reductions(); }

    @Provide Arbitrary<ModelProgram> losses() { return Programs.losses(); }

    @Provide Arbitrary<ModelProgram> kinks() { return Programs.kinks(); }

    @Provide Arbitrary<ModelProgram> mlps() { return Programs.mlps(); }

    @Provide Arbitrary<ModelProgram> mixed() { return Programs.mixed(); }
}
