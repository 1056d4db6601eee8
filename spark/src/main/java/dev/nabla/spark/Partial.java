package dev.nabla.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the partitions of one Spark job return, summed in a fixed order whatever order the tasks finish in: the
 * partitions are the leaves of a fixed binary tree over the partition indices {@code [0, parts)}, and two results
 * are added only when they are siblings in that tree. Every node's sum is therefore always computed from the same
 * two values, so a job gives the same bits on every run, on any cluster, and when Spark retries a failed task.
 *
 * <p>A node carries a weighted vector (a gradient, or parameters and optimizer state), the weighted loss, and the
 * sums behind the training metrics.
 */
final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One node of the tree: the sums over the partitions {@code [lo, hi)}. */
    static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        final int lo, hi;
        /** A leaf's vector before weighting (float models send floats), or null. */
        float[] leaf;
        /** The weight of {@link #leaf}. */
        double leafWeight;
        /** The weighted vector (the sum of the weighted leaves below), or null. */
        double[] sum;
        /** Sum of loss x rows. */
        double loss;
        long rows;
        long correct;
        double absErrors, squaredErrors;
        long values;
        /** The most optimizer steps any partition below took. */
        int steps;

        Node(int lo, int hi) {
            this.lo = lo;
            this.hi = hi;
        }

        /** The weighted vector, or null when no partition below had rows. */
        double[] vector() {
            if (sum != null || leaf == null) return sum;
            double[] v = new double[leaf.length];
            for (int i = 0; i < v.length; i++) v[i] = leafWeight * leaf[i];
            return v;
        }
    }

    private final int parts;
    private final TreeMap<Integer, Node> pending = new TreeMap<>();

    private Partial(int parts) {
        this.parts = parts;
    }

    /** The result of partition {@code index} of {@code parts}. */
    static Partial leaf(int parts, Node node) {
        if (node.hi != node.lo + 1 || node.lo < 0 || node.hi > parts) throw new IllegalArgumentException("not a leaf: " + node.lo);
        Partial p = new Partial(parts);
        p.pending.put(node.lo, node);
        return p;
    }

    /** Adds the nodes of {@code other} into this one (and returns this). */
    Partial add(Partial other) {
        if (other.parts != parts) throw new IllegalArgumentException(other.parts + " partitions, expected " + parts);
        for (Node n : other.pending.values()) insert(n);
        return this;
    }

    /** The sum over every partition; throws when some partition's result is missing. */
    Node root() {
        Node n = pending.get(0);
        if (pending.size() != 1 || n == null || n.hi != parts) {
            throw new IllegalStateException("internal error: results of " + pending.size() + " part(s) of " + parts
                    + " partitions could not be summed: " + pending.keySet());
        }
        return n;
    }

    private void insert(Node n) {
        if (pending.containsKey(n.lo)) throw new IllegalStateException("internal error: partition " + n.lo + " counted twice");
        pending.put(n.lo, n);
        while (true) {
            if (n.lo == 0 && n.hi == parts) return;
            int[] parent = parent(n.lo, n.hi);
            int mid = parent[0] + (parent[1] - parent[0]) / 2;
            boolean left = n.lo == parent[0];
            int siblingLo = left ? mid : parent[0];
            int siblingHi = left ? parent[1] : mid;
            Node s = pending.get(siblingLo);
            if (s == null || s.hi != siblingHi) return;
            pending.remove(n.lo);
            pending.remove(s.lo);
            n = left ? combine(n, s) : combine(s, n);
            pending.put(n.lo, n);
        }
    }

    /** The parent of node {@code [lo, hi)} in the tree that halves {@code [0, parts)} recursively. */
    private int[] parent(int lo, int hi) {
        int a = 0, b = parts;
        while (true) {
            int mid = a + (b - a) / 2;
            if ((lo == a && hi == mid) || (lo == mid && hi == b)) return new int[] {a, b};
            if (hi <= mid) b = mid;
            else a = mid;
            if (b - a < 2) throw new IllegalStateException("internal error: [" + lo + ", " + hi + ") is not a node");
        }
    }

    private static Node combine(Node l, Node r) {
        Node n = new Node(l.lo, r.hi);
        double[] a = l.vector(), b = r.vector();
        if (a == null) n.sum = b;
        else if (b == null) n.sum = a;
        else {
            if (a.length != b.length) throw new IllegalStateException("internal error: vectors of " + a.length + " and " + b.length);
            double[] s = new double[a.length];
            for (int i = 0; i < s.length; i++) s[i] = a[i] + b[i];
            n.sum = s;
        }
        n.loss = l.loss + r.loss;
        n.rows = l.rows + r.rows;
        n.correct = l.correct + r.correct;
        n.absErrors = l.absErrors + r.absErrors;
        n.squaredErrors = l.squaredErrors + r.squaredErrors;
        n.values = l.values + r.values;
        n.steps = Math.max(l.steps, r.steps);
        return n;
    }

    /** For tests: the pending nodes by their first partition. */
    Map<Integer, Node> pending() { return pending; }
}
