package io.github.gradpath.graph;

import io.github.gradpath.TestNetworks;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Path counts worked out by hand, and the enumeration agreeing with them. */
class PathCountTest {

    private static BigInteger count(String net, String target) {
        ComputationGraph g = TestNetworks.graph(net);
        return Paths.count(g, g.loss(), TestNetworks.node(g, target));
    }

    @Test
    void resBlock() {
        // w_0 reaches L through s_3 directly (the skip) and through h_3, h_2: two paths; the rest have one.
        assertEquals(BigInteger.TWO, count(TestNetworks.RESBLOCK, "w_0"));
        for (String w : List.of("w_1", "w_2", "w_3", "w_4")) assertEquals(BigInteger.ONE, count(TestNetworks.RESBLOCK, w));
    }

    @Test
    void threeResidualUnits() {
        // Each unit below W_l doubles the routes: 4, 2, 1; x_0 passes all three units: 8.
        assertEquals(BigInteger.valueOf(4), count(TestNetworks.THREE_UNITS, "W_0"));
        assertEquals(BigInteger.valueOf(2), count(TestNetworks.THREE_UNITS, "W_1"));
        assertEquals(BigInteger.ONE, count(TestNetworks.THREE_UNITS, "W_2"));
        assertEquals(BigInteger.valueOf(8), count(TestNetworks.THREE_UNITS, "x_0"));
    }

    @Test
    void overlappingSkips() {
        String net = """
                network O { input x; h_1 = a(w_0 x); h_2 = a(w_1 h_1); h_3 = a(w_2 h_2); s_3 = h_1 + h_3;
                  h_4 = a(w_3 s_3); s_4 = h_2 + h_4; h_5 = a(w_4 s_4); y = a(w_5 h_5); loss L(y); }
                """;
        // w_0 (below h_1): s_4 -> h_2 -> h_1; s_4 -> h_4 -> s_3 -> h_1; s_4 -> h_4 -> s_3 -> h_3 -> h_2 -> h_1.
        assertEquals(BigInteger.valueOf(3), count(net, "w_0"));
        // w_1 (below h_2): s_4 -> h_2 and s_4 -> h_4 -> s_3 -> h_3 -> h_2.
        assertEquals(BigInteger.TWO, count(net, "w_1"));
        assertEquals(BigInteger.ONE, count(net, "w_2"));
    }

    @Test
    void thousandUnitsHaveTwoToTheThousandPaths() {
        ComputationGraph g = TestNetworks.graph(
                "network Deep { input x_0; x_{l+1} = x_l + F_l(W_l x_l) for l in 0..999; loss E(x_1000); }");
        assertEquals(BigInteger.TWO.pow(1000), Paths.count(g, g.loss(), TestNetworks.node(g, "x_0")));
        assertEquals(BigInteger.TWO.pow(999), Paths.count(g, g.loss(), TestNetworks.node(g, "W_0")));
    }

    @Test
    void enumerationListsEachPathOnce() {
        ComputationGraph g = TestNetworks.graph(TestNetworks.THREE_UNITS);
        int w0 = TestNetworks.node(g, "W_0");
        List<String> paths = Paths.stream(g, g.loss(), w0)
                .map(p -> java.util.Arrays.stream(p).mapToObj(v -> g.node(v).name().toString())
                        .collect(Collectors.joining(" ")))
                .toList();
        assertEquals(4, paths.size());
        assertEquals(4, paths.stream().distinct().count());
        for (String p : paths) {
            org.junit.jupiter.api.Assertions.assertTrue(p.startsWith("E x_3") && p.endsWith("x_1 F_0 W_0"), p);
        }
        // The laziness matters for 2^1000 paths: taking a few must not enumerate them all.
        ComputationGraph deep = TestNetworks.graph(
                "network Deep { input x_0; x_{l+1} = x_l + F_l(W_l x_l) for l in 0..999; loss E(x_1000); }");
        assertEquals(5, Paths.stream(deep, deep.loss(), TestNetworks.node(deep, "x_0")).limit(5).count());
    }

    @Test
    void dominatorChainOfTheResBlock() {
        ComputationGraph g = TestNetworks.graph(TestNetworks.RESBLOCK);
        int[] chain = Dominators.chain(g, g.loss(), TestNetworks.node(g, "w_0"));
        String names = java.util.Arrays.stream(chain).mapToObj(v -> g.node(v).name().toString())
                .collect(Collectors.joining(" "));
        assertEquals("L y h_4 s_3 h_1 w_0", names);
    }
}
