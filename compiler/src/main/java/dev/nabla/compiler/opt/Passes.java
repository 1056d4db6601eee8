package dev.nabla.compiler.opt;

import dev.nabla.compiler.ir.ElementwiseOp;
import dev.nabla.compiler.ir.Graph;
import dev.nabla.compiler.ir.IrVerifier;
import dev.nabla.compiler.ir.ModelIr;
import dev.nabla.compiler.ir.Node;
import dev.nabla.compiler.ir.Op;
import dev.nabla.compiler.ir.TType;
import dev.nabla.compiler.ir.ops.Add;
import dev.nabla.compiler.ir.ops.Broadcast;
import dev.nabla.compiler.ir.ops.Constant;
import dev.nabla.compiler.ir.ops.Div;
import dev.nabla.compiler.ir.ops.Input;
import dev.nabla.compiler.ir.ops.MatMul;
import dev.nabla.compiler.ir.ops.Mul;
import dev.nabla.compiler.ir.ops.Neg;
import dev.nabla.compiler.ir.ops.Param;
import dev.nabla.compiler.ir.ops.Reshape;
import dev.nabla.compiler.ir.ops.StopGradient;
import dev.nabla.compiler.ir.ops.Sub;
import dev.nabla.compiler.ir.ops.Transpose;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optimization passes over the IR: simplification with constant folding, common-subexpression
 * elimination and dead-code elimination. Each pass rebuilds the graph; the verifier runs after each.
 */
public final class Passes {
    private Passes() {}

    /** A pass: old graph to new graph. */
    public interface Pass {
        String name();

        Graph apply(Graph g);
    }

    /** Simplify, CSE and DCE until nothing changes (at most a few rounds). */
    public static ModelIr optimize(ModelIr m, boolean afterAutodiff, List<String> trace) {
        Graph g = m.graph();
        List<Pass> passes = new ArrayList<>();
        if (afterAutodiff) passes.add(new DropStopGradient());
        passes.add(new Simplify());
        passes.add(new Cse());
        passes.add(new Dce());
        for (int round = 0; round < 4; round++) {
            int before = g.nodes().size();
            for (Pass p : passes) {
                g = p.apply(g);
                IrVerifier.verify(g, p.name());
                if (trace != null) trace.add(p.name() + ": " + g.nodes().size() + " nodes");
            }
            if (g.nodes().size() == before && round > 0) break;
        }
        return m.withGraph(g);
    }

    /** Rebuilds a graph node by node through a rule that may replace a node by another. */
    abstract static class Rebuild implements Pass {
        protected Graph out;
        protected Map<Node, Node> map;

        /** The replacement of {@code n} whose inputs are already rebuilt ({@code inputs}); null to copy it. */
        protected abstract Node rule(Node n, List<Node> inputs);

        @Override
        public Graph apply(Graph g) {
            out = new Graph();
            map = new IdentityHashMap<>();
            for (Node n : g.nodes()) {
                List<Node> ins = new ArrayList<>(n.inputs().size());
                for (Node in : n.inputs()) ins.add(map.get(in));
                out.at(n.span());
                out.setRole(n.role());
                Node r = rule(n, ins);
                if (r == null) r = out.rebuild(n, n.op(), ins);
                else if (n.name() != null) out.named(r, n.name());
                map.put(n, r);
            }
            for (Map.Entry<String, Node> e : g.roots().entrySet()) out.setRoot(e.getKey(), map.get(e.getValue()));
            out.setRole(Node.Role.FORWARD);
            return out;
        }
    }

    /** After differentiation a stop-gradient is just the identity. */
    static final class DropStopGradient extends Rebuild {
        @Override public String name() { return "drop-stop-gradient"; }

        @Override
        protected Node rule(Node n, List<Node> in) {
            return n.op() instanceof StopGradient ? in.get(0) : null;
        }
    }

    /** Algebraic simplification and constant folding. */
    static final class Simplify extends Rebuild {
        @Override public String name() { return "simplify"; }

        private static Double constant(Node n) { return n.op() instanceof Constant c ? c.value() : null; }

        /** {@code x} as a replacement for a node of type {@code t}: x itself, or x broadcast to t. */
        private Node as(Node x, TType t) {
            if (x.type().equals(t)) return x;
            return out.add(new Broadcast(t), x);
        }

        @Override
        protected Node rule(Node n, List<Node> in) {
            Op op = n.op();
            TType t = n.type();
            // constant folding of scalar elementwise ops
            if (op instanceof ElementwiseOp e && !(op instanceof Constant) && !in.isEmpty()
                    && in.stream().allMatch(x -> x.op() instanceof Constant) && !(op instanceof Broadcast)) {
                double[] args = new double[in.size()];
                for (int i = 0; i < args.length; i++) args[i] = ((Constant) in.get(i).op()).value();
                return out.constant(e.apply(args));
            }
            if (op instanceof Add) {
                if (Double.valueOf(0).equals(constant(in.get(1)))) return as(in.get(0), t);
                if (Double.valueOf(0).equals(constant(in.get(0)))) return as(in.get(1), t);
            } else if (op instanceof Sub) {
                if (Double.valueOf(0).equals(constant(in.get(1)))) return as(in.get(0), t);
                if (Double.valueOf(0).equals(constant(in.get(0)))) return as(out.neg(in.get(1)), t);
            } else if (op instanceof Mul) {
                Double a = constant(in.get(0)), b = constant(in.get(1));
                if (Double.valueOf(1).equals(b)) return as(in.get(0), t);
                if (Double.valueOf(1).equals(a)) return as(in.get(1), t);
                if (Double.valueOf(-1).equals(a)) return as(out.neg(in.get(1)), t);
                if (Double.valueOf(-1).equals(b)) return as(out.neg(in.get(0)), t);
                // c1 * (c2 * x) -> (c1 c2) * x
                if (a != null && in.get(1).op() instanceof Mul && constant(in.get(1).input(0)) != null) {
                    return out.mul(out.constant(a * constant(in.get(1).input(0))), in.get(1).input(1));
                }
                if (b != null && a == null) return out.mul(in.get(1), in.get(0)); // constants first
            } else if (op instanceof Div) {
                if (Double.valueOf(1).equals(constant(in.get(1)))) return as(in.get(0), t);
                Double b = constant(in.get(1));
                if (b != null && b != 0) return out.mul(out.constant(1 / b), in.get(0));
            } else if (op instanceof Neg) {
                if (in.get(0).op() instanceof Neg) return as(in.get(0).input(0), t);
            } else if (op instanceof Broadcast) {
                if (in.get(0).type().equals(t)) return in.get(0);
            } else if (op instanceof Reshape) {
                if (in.get(0).type().equals(t)) return in.get(0);
                if (in.get(0).op() instanceof Reshape) return out.add(op, in.get(0).input(0));
            } else if (op instanceof MatMul m) {
                // a transposed stored matrix is the same matrix read the other way
                Node a = in.get(0), b = in.get(1);
                boolean ta = m.transA(), tb = m.transB();
                boolean changed = false;
                if (a.op() instanceof Transpose && !a.type().batched()) {
                    a = a.input(0);
                    ta = !ta;
                    changed = true;
                }
                if (b.op() instanceof Transpose && !b.type().batched()) {
                    b = b.input(0);
                    tb = !tb;
                    changed = true;
                }
                if (changed) return out.add(new MatMul(ta, tb, m.outShape()), a, b);
            }
            return null;
        }
    }

    /** Common-subexpression elimination: one node per distinct op and inputs (names are kept). */
    static final class Cse extends Rebuild {
        private Map<List<Object>, Node> seen;

        @Override public String name() { return "cse"; }

        @Override
        public Graph apply(Graph g) {
            seen = new HashMap<>();
            return super.apply(g);
        }

        @Override
        protected Node rule(Node n, List<Node> in) {
            List<Object> key = new ArrayList<>();
            key.add(n.op());
            for (Node x : in) key.add(System.identityHashCode(x) + ":" + x.id());
            Node prior = seen.get(key);
            if (prior != null) return prior;
            Node r = out.rebuild(n, n.op(), in);
            seen.put(key, r);
            return r;
        }
    }

    /** Dead-code elimination: keeps what the roots need (and every declared leaf). */
    static final class Dce implements Pass {
        @Override public String name() { return "dce"; }

        @Override
        public Graph apply(Graph g) {
            Set<Node> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            List<Node> stack = new ArrayList<>(g.roots().values());
            for (Node n : g.nodes()) if (n.op() instanceof Input || n.op() instanceof Param) stack.add(n);
            while (!stack.isEmpty()) {
                Node n = stack.remove(stack.size() - 1);
                if (live.add(n)) stack.addAll(n.inputs());
            }
            Graph out = new Graph();
            Map<Node, Node> map = new IdentityHashMap<>();
            for (Node n : g.nodes()) {
                if (!live.contains(n)) continue;
                List<Node> ins = new ArrayList<>();
                for (Node in : n.inputs()) ins.add(map.get(in));
                map.put(n, out.rebuild(n, n.op(), ins));
            }
            for (Map.Entry<String, Node> e : g.roots().entrySet()) out.setRoot(e.getKey(), map.get(e.getValue()));
            return out;
        }
    }
}
