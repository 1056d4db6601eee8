package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Rewrite;
import dev.nabla.compiler.ir.ops.Broadcast;
import dev.nabla.compiler.ir.ops.Constant;

/**
 * Constant folding of elementwise ops whose operands are all constants, and each op's own algebraic
 * simplifications ({@link dev.nabla.compiler.ir.Op#simplify}). A replacement of another type is broadcast
 * to the type of the node it replaces.
 */
public final class Simplify implements Pass {
    @Override public String name() { return "simplify"; }

    @Override
    public ModelIr apply(ModelIr model) {
        return model.withGraph(Rewrite.apply(model.graph(), (out, n, in) -> {
            Node r = null;
            if (n.op() instanceof ElementwiseOp e && !in.isEmpty() && in.stream().allMatch(x -> Constant.valueOf(x) != null)) {
                double[] args = new double[in.size()];
                for (int i = 0; i < args.length; i++) args[i] = Constant.valueOf(in.get(i));
                r = out.constant(e.apply(args));
            } else {
                r = n.op().simplify(out, n, in);
            }
            if (r == null || r.type().equals(n.type())) return r;
            return out.add(new Broadcast(n.type()), r);
        }));
    }
}
