package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Partition results add up to the same bits in whatever order the tasks finish and are merged. */
class PartialTest {
    static Partial leaf(int parts, int i, Random r) {
        Partial.Node n = new Partial.Node(i, i + 1);
        if (i % 2 == 0) { // a float model's leaf: floats and their weight
            float[] v = new float[50];
            for (int k = 0; k < v.length; k++) v[k] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(8) - 4));
            n.leaf = v;
        } else { // a double model's leaf: weighted doubles
            double[] v = new double[50];
            for (int k = 0; k < v.length; k++) v[k] = r.nextGaussian() * Math.pow(10, r.nextInt(8) - 4);
            n.sum = v;
        }
        n.leafWeight = 1 + r.nextInt(40);
        n.loss = r.nextDouble();
        n.rows = (long) n.leafWeight;
        n.correct = r.nextInt(10);
        n.steps = r.nextInt(5);
        return Partial.leaf(parts, n);
    }

    @Test
    void anyMergeOrderGivesTheSameBits() {
        for (int parts : new int[] {1, 2, 3, 5, 8, 13}) {
            double[] first = null;
            double firstLoss = 0;
            boolean naiveDiffers = false;
            for (int trial = 0; trial < 30; trial++) {
                List<Partial> leaves = new ArrayList<>();
                Random values = new Random(parts);
                for (int i = 0; i < parts; i++) leaves.add(leaf(parts, i, values));
                Collections.shuffle(leaves, new Random(trial));
                // merge like a tree of tasks finishing in random order: pick two, add, put back
                Random pick = new Random(trial * 7L);
                while (leaves.size() > 1) {
                    Partial a = leaves.remove(pick.nextInt(leaves.size()));
                    Partial b = leaves.remove(pick.nextInt(leaves.size()));
                    leaves.add(a.add(b));
                }
                Partial.Node root = leaves.get(0).root();
                assertEquals(parts, root.hi);
                double[] v = root.vector();
                if (first == null) {
                    first = v;
                    firstLoss = root.loss;
                } else {
                    assertArrayEquals(first, v, 0.0, parts + " partitions, order " + trial);
                    assertEquals(firstLoss, root.loss, 0.0);
                }
            }
            // the sum in another order would differ somewhere: the fixed order is what makes runs repeat
            if (parts >= 5) {
                Random values = new Random(parts);
                double[] naive = new double[50];
                List<double[]> vs = new ArrayList<>();
                for (int i = 0; i < parts; i++) vs.add(leaf(parts, i, values).pending().get(i).vector());
                for (int i = parts - 1; i >= 0; i--) for (int k = 0; k < 50; k++) naive[k] += vs.get(i)[k];
                for (int k = 0; k < 50; k++) if (naive[k] != first[k]) naiveDiffers = true;
                assertEquals(true, naiveDiffers, "the values chosen should be sensitive to the order of addition");
            }
        }
    }

    @Test
    void aMissingOrRepeatedPartitionIsAnInternalError() {
        Random r = new Random(1);
        Partial p = leaf(3, 0, r).add(leaf(3, 2, r));
        assertThrows(IllegalStateException.class, p::root);
        assertThrows(IllegalStateException.class, () -> leaf(3, 1, r).add(leaf(3, 1, r)));
        assertNotEquals(null, p.add(leaf(3, 1, r)).root());
    }
}
