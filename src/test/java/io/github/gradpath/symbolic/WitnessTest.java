package io.github.gradpath.symbolic;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.dsl.NetworkSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: satisfiable constraints must find their witness (they used to be called unsatisfiable). */
class WitnessTest {
    private static final String CHAIN = "  input x;\n  h_1 = a(w x);\n  h_{n+1} = a(w h_n) for n in 1..N-1;\n"
            + "  loss L(h_N);\n}\n";

    @Test
    void anEqualityWithALargeConstantPinsTheSymbol() {
        NetworkSpec spec = Fixtures.spec("network C {\n  index N : N == 1000000000;\n" + CHAIN);
        Diagnostics d = new Diagnostics();
        Optional<Witness.Pair> w = Witness.find(spec, d);
        assertTrue(w.isPresent(), d.format());
        assertEquals(Map.of("N", 1_000_000_000L), w.get().first());
        assertTrue(Witness.satisfies(spec, w.get().second()));
        // The network then has 10^9 layers: refused as too large, not as unsatisfiable.
        Fixtures.Run r = Fixtures.cli("network C {\n  index N : N == 1000000000;\n" + CHAIN, "derive", "-");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("has more than 1000000 values"), r.err());
        assertFalse(r.err().contains("satisfy"), r.err());
    }

    @Test
    void twelveOrderedSymbolsDeclaredInAnyOrder() {
        String syms = "l, k, j, i, h, g, f, e, d, c, b, a";
        NetworkSpec spec = Fixtures.spec("network C {\n  index N, " + syms
                + " : 1 <= a < b < c < d < e < f < g < h < i < j < k < l < N;\n" + CHAIN);
        Diagnostics d = new Diagnostics();
        Optional<Witness.Pair> w = Witness.find(spec, d);
        assertTrue(w.isPresent(), d.format());
        assertTrue(Witness.satisfies(spec, w.get().first()));
        assertTrue(Witness.satisfies(spec, w.get().second()));
        assertFalse(w.get().first().equals(w.get().second()));
    }

    @Test
    void anEqualityBetweenSymbolsFollowsThePinnedOne() {
        NetworkSpec spec = Fixtures.spec("network C {\n  index N, M : N == 50, M == N+3, M < K, K < 100;\n" + CHAIN
                .replace("  input x;", "  index K;\n  input x;"));
        Diagnostics d = new Diagnostics();
        Optional<Witness.Pair> w = Witness.find(spec, d);
        assertTrue(w.isPresent(), d.format());
        assertEquals(50L, w.get().first().get("N"));
        assertEquals(53L, w.get().first().get("M"));
    }
}
