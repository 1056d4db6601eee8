package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Rewrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Common-subexpression elimination: one node per distinct op and inputs (ops are records, so equal ops compare equal). */
public final class Cse implements Pass {
    @Override public String name() { return "cse"; }

    @Override
    public ModelIr apply(ModelIr model) {
        Map<List<Object>, Node> seen = new HashMap<>();
        return model.withGraph(Rewrite.apply(model.graph(), (out, n, in) -> {
            List<Object> key = new ArrayList<>(in.size() + 1);
            key.add(n.op());
            for (Node x : in) key.add(x.id());
            Node prior = seen.get(key);
            if (prior != null) return prior;
            Node r = out.rebuild(n, n.op(), in);
            seen.put(key, r);
            return r;
        }));
    }
}
