package io.github.gradpath.graph;

import io.github.gradpath.RandomNetworks;
import io.github.gradpath.TestNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Path-length distributions against binomials computed here, and against the enumerated paths themselves. */
class PathStatsTest {
    static String stack(int n) {
        return "network Stack { input x_0; x_{l+1} = x_l + F_l(W_l x_l) for l in 0.." + (n - 1) + "; loss E(x_" + n + "); }";
    }

    /** C(n, k) for k = 0..n by Pascal's rule, nothing shared with the code under test. */
    static List<BigInteger> binomials(int n) {
        List<BigInteger> row = new ArrayList<>(List.of(BigInteger.ONE));
        for (int i = 1; i <= n; i++) {
            List<BigInteger> next = new ArrayList<>();
            next.add(BigInteger.ONE);
            for (int k = 1; k < i; k++) next.add(row.get(k - 1).add(row.get(k)));
            next.add(BigInteger.ONE);
            row = next;
        }
        return row;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 54, 200})
    void nResidualUnitsGiveBinomialCountsFromTheOutputToTheInput(int n) {
        ComputationGraph g = TestNetworks.graph(stack(n));
        PathStats.Distribution d = PathStats.lengths(g, List.of(TestNetworks.node(g, "x_0"))).get(0);
        assertEquals(binomials(n), d.counts());
        assertEquals(BigInteger.TWO.pow(n), d.total());
        // Veit et al.: the mean length is n/2 (ResNet-110's 54 units: 27).
        assertEquals(n % 2 == 0 ? String.valueOf(n / 2) : n + "/2", d.meanText());
    }

    @Test
    void aWeightOfUnitLSeesTheUnitsAboveIt() {
        // W_0 of 10 units: through F_0 (one layer), then any k of the 9 units above: C(9, k-1) at length k.
        ComputationGraph g = TestNetworks.graph(stack(10));
        PathStats.Distribution d = PathStats.lengths(g, List.of(TestNetworks.node(g, "W_0"))).get(0);
        List<BigInteger> expected = new ArrayList<>(List.of(BigInteger.ZERO));
        expected.addAll(binomials(9));
        assertEquals(expected, d.counts());
    }

    @Test
    void agreesWithTheEnumeratedPathsOnRandomNetworks() {
        int compared = 0;
        for (long seed = 1; seed <= 40; seed++) {
            ComputationGraph g = TestNetworks.graph(RandomNetworks.generate(seed, 3 + (int) (seed % 8)));
            List<Integer> targets = g.parameters();
            List<PathStats.Distribution> ds = PathStats.lengths(g, targets);
            for (int i = 0; i < targets.size(); i++) {
                int t = targets.get(i);
                List<BigInteger> byHand = new ArrayList<>();
                Paths.stream(g, g.loss(), t).forEach(p -> {
                    int len = 0;
                    for (int j = 1; j < p.length; j++) {
                        int user = p[j - 1], used = p[j];
                        if (user != g.loss() && !g.isIdentityEdge(user, used)) len++;
                    }
                    while (byHand.size() <= len) byHand.add(BigInteger.ZERO);
                    byHand.set(len, byHand.get(len).add(BigInteger.ONE));
                });
                if (byHand.isEmpty()) byHand.add(BigInteger.ZERO);
                assertEquals(byHand, ds.get(i).counts(), "seed " + seed + " target " + g.node(t).name());
                compared++;
            }
        }
        assertTrue(compared > 100, "compared " + compared);
    }
}
