package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.ModelIr;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Passes repeated as a group until the graph stops shrinking (at most {@link #ROUNDS} rounds): simplifying
 * exposes common subexpressions, merging them exposes dead code, and so on.
 */
public final class Fixpoint {
    static final int ROUNDS = 4;

    private Fixpoint() {}

    /** Runs {@code passes} in rounds; {@code step} sees every pass's result (the pipeline verifies and records it). */
    public static ModelIr run(ModelIr model, List<Pass> passes, BiConsumer<Pass, ModelIr> step) {
        ModelIr m = model;
        for (int round = 0; round < ROUNDS; round++) {
            int before = m.graph().nodes().size();
            for (Pass p : passes) {
                m = p.apply(m);
                step.accept(p, m);
            }
            if (m.graph().nodes().size() == before && round > 0) break;
        }
        return m;
    }
}
