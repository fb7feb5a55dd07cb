package io.github.gradpath.verify;

import io.github.gradpath.Pipeline;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Jacobians#total} answers every {@code ∂num/∂den} from one reverse sweep per numerator, kept for later
 * rows. The reports may not change by a bit, so each total must be, to the bit, what a sweep of its own over the
 * nodes between num and den gives (how totals were computed before, written out again here as the reference).
 * Pairs are asked in a random order, with the sweeps' budget at its default and at a size that drops them all the
 * time; the networks have merges, so a node's adjoint sums several contributions and their order matters.
 */
class JacobiansSweepTest {

    @Test
    void everyTotalIsBitForBitASweepOfItsOwn() {
        int compared = 0;
        for (long seed = 1; seed <= 30; seed++) {
            String text = RandomNetworks.generate(seed, 3);
            ComputationGraph g = Pipeline.load(new Source("r" + seed + ".nn", text), new Diagnostics()).graph();
            Network net = g.network();
            Shapes s = Shapes.of(net, 3, seed % 3 == 0, seed);
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Network.Leaf> all = OracleFastPathTest.leaves(net);
            Map<NodeId, double[]> leaves = OracleFastPathTest.random(all, s, rnd);
            Map<NodeId, double[]> at = new Oracle(net, s).base(leaves);
            List<long[]> pairs = new ArrayList<>();
            for (int num = 0; num < g.size(); num++) for (int den = 0; den < g.size(); den++) pairs.add(new long[] {num, den});
            Collections.shuffle(pairs, new java.util.Random(seed));
            for (long budget : new long[] {Jacobians.SWEPT_BUDGET, 40}) { // kept, and dropped all the time
                Jacobians shared = new Jacobians(g, s, at);
                shared.sweptBudget = budget;
                Jacobians reference = new Jacobians(g, s, at);
                for (long[] p : pairs) {
                    int num = (int) p[0], den = (int) p[1];
                    Mat want = restricted(g, reference, num, den), got = shared.total(num, den);
                    assertEquals(want.rows, got.rows);
                    assertEquals(want.cols, got.cols);
                    for (int i = 0; i < want.a.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(want.a[i]), Double.doubleToRawLongBits(got.a[i]),
                                () -> text + "\n∂" + g.node(num).name() + "/∂" + g.node(den).name());
                    }
                    compared++;
                }
            }
        }
        assertTrue(compared > 10_000, "compared " + compared);
    }

    /** The sum over all paths from num to den, accumulated over only the nodes that lie between them. */
    private static Mat restricted(ComputationGraph g, Jacobians jac, int num, int den) {
        int size = jac.size(num);
        if (num == den) return Mat.identity(size);
        int top = g.rank(num), bottom = g.rank(den);
        Set<Integer> above = new HashSet<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        above.add(den);
        queue.add(den);
        while (!queue.isEmpty()) {
            for (int p : g.parents(queue.poll())) if (g.rank(p) >= top && above.add(p)) queue.add(p);
        }
        Map<Integer, Mat> adj = new HashMap<>();
        adj.put(num, Mat.identity(size));
        int[] order = g.order();
        for (int i = top; i < bottom; i++) {
            int v = order[i];
            Mat av = adj.get(v);
            if (av == null) continue;
            for (int c : g.children(v)) {
                if (!above.contains(c)) continue;
                Mat contribution = av.times(jac.edge(v, c));
                Mat ac = adj.get(c);
                if (ac == null) adj.put(c, contribution);
                else ac.addInPlace(contribution);
            }
        }
        return adj.containsKey(den) ? adj.get(den) : new Mat(size, jac.size(den));
    }
}
