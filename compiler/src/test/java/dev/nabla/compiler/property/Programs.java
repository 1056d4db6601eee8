package dev.nabla.compiler.property;

import dev.nabla.compiler.property.ProgramBuilder.Family;
import dev.nabla.compiler.property.ProgramBuilder.Profile;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomDistribution;

/**
 * The generators of random model programs. Each is a list of decisions (small whole numbers) mapped
 * through {@link ProgramBuilder}: jqwik shrinks the list, and with it the program, toward fewer
 * statements, smaller shapes and the plainest ops.
 */
final class Programs {
    private Programs() {}

    /**
     * Decisions: uniform numbers (jqwik's default bias toward small numbers would make option 0, the
     * plainest, the usual decision instead of only the shrink target), in lists long enough that a
     * program rarely runs out of them; shrinking turns the numbers toward 0 (the count of statements
     * first among them) and drops numbers from the end.
     */
    private static Arbitrary<List<Integer>> choices(int max) {
        return Arbitraries.integers().between(0, 1 << 16).withDistribution(RandomDistribution.uniform())
                .list().ofMinSize(max / 2).ofMaxSize(max).withSizeDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<ModelProgram> of(Profile p, int maxChoices) {
        return choices(maxChoices).map(c -> ProgramBuilder.random(c, p));
    }

    /** Elementwise chains: unary functions, + - * / with broadcasting, numbers, powers, shared values. */
    static Arbitrary<ModelProgram> elementwise() {
        return of(new Profile("Elementwise", List.of(Family.ELEMENTWISE), 6, false, true), 120);
    }

    /** Every form of {@code @}, transposes, with elementwise steps between them. */
    static Arbitrary<ModelProgram> matmul() {
        return of(new Profile("Products", List.of(Family.MATMUL, Family.MATMUL, Family.ELEMENTWISE), 6, false, false), 120);
    }

    /** Reductions with and without axes, softmax and log_softmax along axes, normalization. */
    static Arbitrary<ModelProgram> reductions() {
        return of(new Profile("Reductions", List.of(Family.REDUCE, Family.REDUCE, Family.ELEMENTWISE), 6, false, true), 120);
    }

    /** Loss functions with targets (mse, mae, huber, bce, bce_with_logits, cross_entropy, nll) and l2. */
    static Arbitrary<ModelProgram> losses() {
        return of(new Profile("Losses", List.of(Family.ELEMENTWISE, Family.MATMUL, Family.REDUCE), 3, true, false), 100);
    }

    /** Kinked ops (relu, leaky_relu, elu, selu, abs, clamp, maximum, minimum, max, min, huber, stop_gradient). */
    static Arbitrary<ModelProgram> kinks() {
        return of(new Profile("Kinks", List.of(Family.KINK, Family.KINK, Family.ELEMENTWISE, Family.MATMUL), 5, true, false), 120);
    }

    /** Everything together. */
    static Arbitrary<ModelProgram> mixed() {
        return of(new Profile("Mixed", List.of(Family.ELEMENTWISE, Family.MATMUL, Family.REDUCE, Family.KINK), 8, true, true), 160);
    }

    /** Small multi-layer perceptrons with a loss head, smooth or kinked activations. */
    static Arbitrary<ModelProgram> mlps() {
        return Arbitraries.oneOf(choices(60).map(c -> ProgramBuilder.mlp(c, false)), choices(60).map(c -> ProgramBuilder.mlp(c, true)));
    }
}
