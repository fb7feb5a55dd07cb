package io.github.gradpath;

import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Form;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;
import io.github.gradpath.render.DocumentRenderer;
import io.github.gradpath.render.Format;
import io.github.gradpath.render.Templates;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 100,000-layer chain with 10,000 skips goes through the whole pipeline on a thread with a deliberately small
 * stack: any recursion that grows with the network fails here. (Timing is the bench script's job:
 * src/bench/scale.sh.)
 */
class ScaleTest {
    static final int LAYERS = 100_000;

    /** Skips s_k = h_{k-5} + h_k at every 10th layer: 9,999 of them, none overlapping. */
    static String chain() {
        StringBuilder sb = new StringBuilder("network Chain {\n  input x;\n  h_1 = a(w_0 x);\n");
        int skips = 0;
        for (int n = 1; n < LAYERS; n++) {
            if (n % 10 == 0) {
                sb.append("  s_").append(n).append(" = h_").append(n - 5).append(" + h_").append(n).append(";\n");
                sb.append("  h_").append(n + 1).append(" = a(w_").append(n).append(" s_").append(n).append(");\n");
                skips++;
            } else {
                sb.append("  h_").append(n + 1).append(" = a(w_").append(n).append(" h_").append(n).append(");\n");
            }
        }
        assertEquals(9_999, skips);
        return sb.append("  y = a(w_y h_").append(LAYERS).append(");\n  loss L(y);\n}\n").toString();
    }

    @Test
    void hundredThousandLayers() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertNull(failure.get(), () -> String.valueOf(failure.get()));
    }

    private static void run() {
        ComputationGraph g = Pipeline.load(new Source("chain.nn", chain()), new Diagnostics()).graph();
        BigInteger[] counts = Paths.countsFrom(g, g.loss());
        // Every skip below a weight doubles its routes; w_0 sits below all 9,999 of them.
        assertEquals(BigInteger.TWO.pow(9_999), counts[TestNetworks.node(g, "w_0")]);
        assertEquals(BigInteger.ONE, counts[TestNetworks.node(g, "w_y")]);
        // w_14 feeds h_15, which the skip s_20 = h_15 + h_20 starts from: one skip above it (s_10 starts at h_5).
        assertEquals(BigInteger.TWO.pow(9_999 - 1), counts[TestNetworks.node(g, "w_{14}")]);
        Derivation d = Deriver.derive(g, g.parameters(), Form.ADJOINT);
        // One row per node below y: h_1..h_N, the skips, and every weight (y's own row is implicit).
        assertEquals(LAYERS + 9_999 + LAYERS + 1, d.gradients().size());
        String text = new DocumentRenderer(Templates.builtIn(), "en").render(d, Format.RST, "chain");
        assertTrue(text.contains("\\frac{\\partial L}{\\partial {\\bm h}_{15}} &= "
                + "\\frac{\\partial L}{\\partial {\\bm h}_{16}}\\times \\frac{\\partial {\\bm h}_{16}}{\\partial {\\bm h}_{15}}"
                + " + \\frac{\\partial L}{\\partial {\\bm s}_{20}}\\\\"), "h_15 is used by h_16 and by the skip s_20");
    }
}
