package io.github.gradpath.graph;

import io.github.gradpath.TestNetworks;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The decimal path counts of {@code paths --count} against BigInteger's own counts and decimal conversion. */
class DecimalCountTest {

    private static void assertSameCounts(ComputationGraph g) {
        BigInteger[] exact = Paths.countsFrom(g, g.loss());
        int[][] decimal = Paths.decimalCountsFrom(g, g.loss());
        for (int v = 0; v < g.size(); v++) {
            int at = v;
            assertEquals(exact[v].toString(), Paths.decimal(decimal[v]), () -> "node " + g.node(at).name());
        }
    }

    @Test
    void everyNodeOfSkipNetworksAgrees() {
        assertSameCounts(TestNetworks.graph(TestNetworks.RESBLOCK));
        assertSameCounts(TestNetworks.graph(TestNetworks.THREE_UNITS));
        // 2^1000 at x_0: 302 digits, so every limb boundary of base 10^9 is crossed, many times over.
        assertSameCounts(TestNetworks.graph(
                "network Deep { input x_0; x_{l+1} = x_l + F_l(W_l x_l) for l in 0..999; loss E(x_1000); }"));
        // Overlapping skips (DenseNet-like sums of three): counts that are not powers of two.
        assertSameCounts(TestNetworks.graph("""
                network D { input x; h_1 = a(w_0 x); h_2 = a(w_1 h_1);
                  s_n = h_n + h_{n-1} + h_{n-2} for n in 3..400;
                  h_3 = a(w_2 h_2); h_{n+1} = a(w_n s_n) for n in 3..400; loss L(h_401); }
                """));
    }

    /** Base 10^9 digits, least significant first, of a non-negative BigInteger. */
    private static int[] digits(BigInteger x) {
        BigInteger b = BigInteger.valueOf(1_000_000_000);
        java.util.List<Integer> out = new java.util.ArrayList<>();
        do {
            BigInteger[] qr = x.divideAndRemainder(b);
            out.add(qr[1].intValue());
            x = qr[0];
        } while (x.signum() > 0);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void additionCarriesAcrossLimbs() {
        BigInteger nines = BigInteger.TEN.pow(27).subtract(BigInteger.ONE); // three full limbs of 999,999,999
        assertArrayEquals(new int[] {0, 0, 0, 1}, Paths.addDecimal(digits(nines), new int[] {1}));
        assertArrayEquals(new int[] {0, 0, 0, 1}, Paths.addDecimal(new int[] {1}, digits(nines)));
        assertEquals("1000000000000000000000000000", Paths.decimal(Paths.addDecimal(digits(nines), new int[] {1})));
        assertEquals("1000000001", Paths.decimal(new int[] {1, 1}));
        assertEquals("0", Paths.decimal(null));
        // Lower limbs keep their leading zeros, whichever pair of the nine digits is not zero.
        assertEquals("7000000099", Paths.decimal(new int[] {99, 7}));
        assertEquals("12999999999000000000123456789",
                Paths.decimal(new int[] {123_456_789, 0, 999_999_999, 12}));
        assertEquals("1010000000", Paths.decimal(new int[] {10_000_000, 1}));
        SplittableRandom rnd = new SplittableRandom(15);
        for (int i = 0; i < 2000; i++) {
            BigInteger a = new BigInteger(1 + rnd.nextInt(400), new java.util.Random(rnd.nextLong()));
            BigInteger b = new BigInteger(1 + rnd.nextInt(400), new java.util.Random(rnd.nextLong()));
            if (a.signum() == 0 || b.signum() == 0) continue; // counts of 0 are null, never added
            int[] sum = Paths.addDecimal(digits(a), digits(b));
            assertArrayEquals(digits(a.add(b)), sum, () -> a + " + " + b);
            assertEquals(a.add(b).toString(), Paths.decimal(sum));
        }
    }
}
