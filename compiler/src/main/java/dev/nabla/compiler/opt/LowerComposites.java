package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.Composite;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Rewrite;

/** After differentiation, every composite op (softmax, cross-entropy, ...) becomes its decomposition into primitives. */
public final class LowerComposites implements Pass {
    @Override public String name() { return "lower-composites"; }

    @Override
    public ModelIr apply(ModelIr model) {
        return model.withGraph(Rewrite.apply(model.graph(),
                (out, n, in) -> n.op() instanceof Composite c ? c.lower(out, n, in) : null));
    }
}
