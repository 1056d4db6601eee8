package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Rewrite;

/** After differentiation an op that only stopped gradients (stop-gradient) is the identity: it goes. */
public final class EraseStopGradients implements Pass {
    @Override public String name() { return "erase-stop-gradients"; }

    @Override
    public ModelIr apply(ModelIr model) {
        return model.withGraph(Rewrite.apply(model.graph(),
                (out, n, in) -> n.op().erasedAfterDifferentiation() ? in.get(0) : null));
    }
}
