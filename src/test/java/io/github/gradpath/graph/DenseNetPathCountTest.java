package io.github.gradpath.graph;

import io.github.gradpath.TestNetworks;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A DenseNet block of L layers, {@code x_l = H_l(W_l [x_0; ...; x_{l-1}])}: worked by hand, a path from x_L to
 * x_j is a choice of which of the layers j+1, ..., L-1 it passes through (x_L itself is always on it), so there
 * are 2^{L-j-1} of them for j < L; the loss adds one edge, and W_l is reached through x_l only.
 */
class DenseNetPathCountTest {

    static String block(int layers) {
        return "network Dense { input x_0; x_l = H_l(W_l [x_0; ...; x_{l-1}]) for l in 1.." + layers
                + "; loss E(x_" + layers + "); }";
    }

    @Test
    void smallBlocksMatchTheFormulaAtEveryLayer() {
        for (int layers = 1; layers <= 12; layers++) {
            ComputationGraph g = TestNetworks.graph(block(layers));
            BigInteger[] c = Paths.countsFrom(g, g.loss());
            assertEquals(BigInteger.TWO.pow(Math.max(0, layers - 1)), c[TestNetworks.node(g, "x_0")], "L = " + layers);
            for (int l = 1; l <= layers; l++) {
                BigInteger expected = l == layers ? BigInteger.ONE : BigInteger.TWO.pow(layers - l - 1);
                assertEquals(expected, c[g.id(new io.github.gradpath.dsl.NodeId("W", java.util.List.of((long) l)))], "L = " + layers + ", W_" + l);
            }
        }
    }

    @Test
    void enumerationAgreesWithTheCount() {
        ComputationGraph g = TestNetworks.graph(block(6));
        int x0 = TestNetworks.node(g, "x_0");
        assertEquals(32, Paths.stream(g, g.loss(), x0).count());
    }

    @Test
    void aThousandLayersIsExact() {
        ComputationGraph g = TestNetworks.graph(block(1000));
        BigInteger[] c = Paths.countsFrom(g, g.loss());
        assertEquals(BigInteger.TWO.pow(999), c[TestNetworks.node(g, "x_0")]);
        assertEquals(BigInteger.TWO.pow(499), c[g.id(new io.github.gradpath.dsl.NodeId("W", java.util.List.of(500L)))]);
        // The concatenation really holds every earlier output: x_1000 uses 1000 values and its weight.
        assertEquals(1001, g.children(g.id(new io.github.gradpath.dsl.NodeId("x", java.util.List.of(1000L)))).length);
    }
}
