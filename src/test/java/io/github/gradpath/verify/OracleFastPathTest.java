package io.github.gradpath.verify;

import io.github.gradpath.Pipeline;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NodeId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The nudged passes skip work (steps whose inputs came out bit-identical to the unnudged pass, and steps after the
 * last value asked for), and must still give, to the bit, what a whole forward pass from the nudged inputs gives:
 * the finite differences, and so every report, may not change. The reference here is a second oracle run from
 * scratch on the nudged leaves. Relu networks are included because a relu that stays off cuts a nudge off, which
 * is where the skipping happens.
 */
class OracleFastPathTest {

    @Test
    void nudgedPassesAreBitForBitAWholePassFromTheNudgedLeaves() {
        int compared = 0;
        for (long seed = 1; seed <= 40; seed++) {
            String text = RandomNetworks.generate(seed, 3);
            if (seed % 2 == 1) text = text.replaceAll("\\b(tanh|sigmoid|softplus|a_\\{?[0-9]+\\}?)\\(", "relu(");
            Network net = Pipeline.load(new Source("r" + seed + ".nn", text), new Diagnostics()).graph().network();
            Shapes s = Shapes.of(net, 3, false, seed);
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Network.Leaf> all = leaves(net);
            Map<NodeId, double[]> leaves = random(all, s, rnd);
            Oracle o = new Oracle(net, s);
            o.base(leaves);
            List<NodeId> names = o.names();
            for (Network.Leaf l : all) {
                int slot = o.indexOf(l.id());
                int j = rnd.nextInt(leaves.get(l.id()).length);
                double delta = (rnd.nextBoolean() ? 1 : -1) * 1e-2 / (1 << rnd.nextInt(6));
                Map<NodeId, double[]> nudgedLeaves = new HashMap<>(leaves);
                double[] c = leaves.get(l.id()).clone();
                c[j] += delta;
                nudgedLeaves.put(l.id(), c);
                Map<NodeId, double[]> whole = new Oracle(net, s).base(nudgedLeaves);
                double[][] fast = o.nudged(slot, j, delta);
                for (int k = 0; k < names.size(); k++) same(whole.get(names.get(k)), fast[k], text, l.id(), names.get(k));
                // A few values only, with the pass cut after the last of them.
                int[] nums = rnd.ints(1 + rnd.nextInt(3), 0, names.size()).toArray();
                double[][] out = new double[nums.length][];
                o.nudged(slot, j, delta, o.end(nums), nums, out);
                for (int u = 0; u < nums.length; u++) same(whole.get(names.get(nums[u])), out[u], text, l.id(), names.get(nums[u]));
                compared++;
            }
            // Inner values: the cut pass agrees with the whole nudged pass.
            for (int slot = 0; slot < names.size(); slot++) {
                if (leaves.containsKey(names.get(slot))) continue;
                double[][] full = o.nudged(slot, 0, 1e-3);
                int[] nums = rnd.ints(2, 0, names.size()).toArray();
                double[][] out = new double[2][];
                o.nudged(slot, 0, 1e-3, o.end(nums), nums, out);
                for (int u = 0; u < 2; u++) same(full[nums[u]], out[u], text, names.get(slot), names.get(nums[u]));
            }
        }
        assertEquals(true, compared > 200, "compared " + compared + " nudges");
    }

    /**
     * A layer step writes into an array of its slot's own that every nudged pass reuses, so what a pass returns
     * must be copies: the finite differences hold the {@code +h} pass's values while the {@code -h} pass runs.
     * Each result is compared, after further passes of other nudges, with a whole pass from the nudged leaves.
     */
    @Test
    void whatAPassReturnsSurvivesTheNextPasses() {
        int compared = 0;
        for (long seed = 1; seed <= 20; seed++) {
            String text = RandomNetworks.generate(seed, 2);
            Network net = Pipeline.load(new Source("r" + seed + ".nn", text), new Diagnostics()).graph().network();
            Shapes s = Shapes.of(net, 3, false, seed);
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Network.Leaf> all = leaves(net);
            Map<NodeId, double[]> leaves = random(all, s, rnd);
            Oracle o = new Oracle(net, s);
            o.base(leaves);
            List<NodeId> names = o.names();
            int[] nums = new int[names.size()];
            for (int k = 0; k < nums.length; k++) nums[k] = k;
            for (Network.Leaf l : all) {
                int slot = o.indexOf(l.id());
                int j = rnd.nextInt(leaves.get(l.id()).length);
                double[][] plus = new double[nums.length][], minus = new double[nums.length][];
                o.nudged(slot, j, 1e-2, o.end(nums), nums, plus);
                double[][] full = o.nudged(slot, j, 1e-3);
                o.nudged(slot, j, -1e-2, o.end(nums), nums, minus);
                o.nudged(slot, (j + 1) % leaves.get(l.id()).length, 0.5, o.end(nums), nums, new double[nums.length][]);
                double[][] wantPlus = whole(net, s, leaves, l.id(), j, 1e-2), wantMinus = whole(net, s, leaves, l.id(), j, -1e-2);
                double[][] wantFull = whole(net, s, leaves, l.id(), j, 1e-3);
                for (int k = 0; k < nums.length; k++) {
                    same(wantPlus[k], plus[k], text, l.id(), names.get(k));
                    same(wantMinus[k], minus[k], text, l.id(), names.get(k));
                    same(wantFull[k], full[k], text, l.id(), names.get(k));
                }
                compared++;
            }
        }
        assertEquals(true, compared > 50, "compared " + compared + " nudges");
    }

    /** Every value, by the oracle's slots, of a fresh oracle's whole pass from the leaves with one entry nudged. */
    private static double[][] whole(Network net, Shapes s, Map<NodeId, double[]> leaves, NodeId leaf, int j, double delta) {
        Map<NodeId, double[]> nudged = new HashMap<>(leaves);
        double[] c = leaves.get(leaf).clone();
        c[j] += delta;
        nudged.put(leaf, c);
        Oracle fresh = new Oracle(net, s);
        Map<NodeId, double[]> v = fresh.base(nudged);
        List<NodeId> names = fresh.names();
        double[][] out = new double[names.size()][];
        for (int k = 0; k < out.length; k++) out[k] = v.get(names.get(k));
        return out;
    }

    private static void same(double[] want, double[] got, String text, NodeId nudged, NodeId value) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                    "value " + value + "[" + i + "] with " + nudged + " nudged, in\n" + text);
        }
    }

    /** The network's inputs, then its parameters. */
    static List<Network.Leaf> leaves(Network net) {
        List<Network.Leaf> all = new ArrayList<>(net.inputs());
        all.addAll(net.params());
        return all;
    }

    /** A value in [-1, 1) for every entry of every leaf, drawn from {@code rnd} in the leaves' order. */
    static Map<NodeId, double[]> random(List<Network.Leaf> all, Shapes s, SplittableRandom rnd) {
        Map<NodeId, double[]> leaves = new HashMap<>();
        for (Network.Leaf l : all) {
            double[] v = new double[s.get(l.id()).size()];
            for (int i = 0; i < v.length; i++) v[i] = 2 * rnd.nextDouble() - 1;
            leaves.put(l.id(), v);
        }
        return leaves;
    }
}
