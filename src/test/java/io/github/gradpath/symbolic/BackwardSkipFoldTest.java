package io.github.gradpath.symbolic;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.render.Latex;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The backward skip at general depth N and length T (samples/backward-skip-symbolic.nn, issue 9): subscripts of
 * two dimensions (layer n, step t) are written back from the anchors of their own dimension, a sum whose terms
 * move the step while the layer stays folds into a Σ over the step, and the definitions ∂L/∂h_{k,t} fold into
 * cases over a rectangle of layers and steps, a case along the steps of one layer, and one corner. Expected rows are written by hand from the network: layer 1
 * reads w_0 at every step by one route; layer p reads u at step 1 from the input h_{q,0} only, and at every later
 * step through h_{q,t-1} as well, hence the direct mark from t = 2 on.
 */
class BackwardSkipFoldTest {
    static final String NET = """
            network BackwardSkipNT {
              index N, p, q, T : 2 <= p < q < N, T >= 2;
              input x_t for t in 1..T;
              input h_{q,0};
              h_{1,t}   = a_0(w_0 x_t) for t in 1..T;
              h_{n+1,t} = a_n(w_n h_{n,t}) for n in 1..N-1, n != p-1 for t in 1..T;
              h_{p,t}   = a_{p-1}(w_{p-1} h_{p-1,t} + u h_{q,t-1}) for t in 1..T;
              y_t       = a_N(w_N h_{N,t}) for t in 1..T;
              loss L = sum(l_t(y_t) for t in 1..T);
            }
            """;

    static Map<String, Long> binding(long n, long p, long q, long t) {
        Map<String, Long> b = new LinkedHashMap<>();
        b.put("N", n);
        b.put("p", p);
        b.put("q", q);
        b.put("T", t);
        return b;
    }

    @Test
    void layerAndStepAreWrittenFromTheirOwnSymbols() {
        NetworkSpec spec = Fixtures.spec(NET);
        Map<String, Long> b = binding(60, 20, 40, 80);
        Mapper m = Mapper.of(spec, b);
        // Step 41 is nearer q = 40 than T = 80, but a step is never written from a layer symbol.
        assertEquals("q+1", Mapper.tex(new Mapper(b).map(41)));
        assertEquals("T-39", Mapper.tex(m.map("y", 0, 1, 41)));
        assertEquals("T-1", Mapper.tex(m.map("h", 1, 2, 79)));
        assertEquals("q+1", Mapper.tex(m.map("h", 0, 2, 41)));
        assertEquals("p-1", Mapper.tex(m.map("w", 0, 1, 19)));
        assertEquals("N", Mapper.tex(m.map("w", 0, 1, 60)));
        assertEquals("T", Mapper.tex(m.map("l", 0, 1, 80)));
    }

    @Test
    void aNetworkWithOneKindOfIndexMapsAsBefore() {
        NetworkSpec spec = Fixtures.spec(Fixtures.SKIP);
        Map<String, Long> b = new LinkedHashMap<>();
        b.put("N", 60L);
        b.put("p", 20L);
        b.put("q", 40L);
        Mapper before = new Mapper(b), now = Mapper.of(spec, b);
        for (long v = 0; v <= 70; v++) {
            for (String base : List.of("h", "w", "s", "a")) {
                assertEquals(Mapper.tex(before.map(v)), Mapper.tex(now.map(base, 0, 1, v)), base + " " + v);
            }
        }
    }

    @Test
    void sharedWeightsSumOverStepsWithTheLayerFixed() {
        NetworkSpec spec = Fixtures.spec(NET);
        // T below the layer symbols keeps the witness small; the guard in GradientBlock expands each row back at
        // this binding and compares it with the core's concrete row.
        Symbolic.Result r = Symbolic.deriveAt(spec, binding(60, 20, 40, 30),
                new Symbolic.Request(List.of("w_0", "u", "w_{q}"), false), new Diagnostics());
        // The rows asked for, without the \vdots between parameters that are not neighbours.
        List<String> rows = Latex.alignedRows(r.rows()).stream().filter(x -> !x.contains("vdots")).toList();
        String dl = "\\frac{\\partial L}{\\partial ";
        assertEquals(dl + "{\\bm w}_0} &= \\sum_{t=1}^{T} " + dl + "{\\bm h}_{1,t}}\\times \\frac{\\partial "
                + "{\\bm h}_{1,t}}{\\partial {\\bm w}_0}", rows.get(0));
        assertEquals(dl + "{\\bm u}} &= " + dl + "{\\bm h}_{p,1}}\\times \\frac{\\partial {\\bm h}_{p,1}}{\\partial "
                + "{\\bm u}} + \\sum_{t=2}^{T} " + dl + "{\\bm h}_{p,t}}\\times \\left.\\frac{\\partial {\\bm h}_{p,t}}"
                + "{\\partial {\\bm u}}\\right|_{\\mathrm{direct}}", rows.get(1));
        assertEquals(dl + "{\\bm w}_q} &= \\sum_{t=1}^{T} " + dl + "{\\bm h}_{q+1,t}}\\times \\frac{\\partial "
                + "{\\bm h}_{q+1,t}}{\\partial {\\bm w}_q}", rows.get(2));
        assertEquals(3, rows.size());
    }

    @Test
    void theWholeNetworkDerivesWithCasesOverLayersAndSteps() throws Exception {
        NetworkSpec spec = Fixtures.spec(java.nio.file.Files.readString(java.nio.file.Path.of(
                "samples/backward-skip-symbolic.nn")));
        Symbolic.Result r = Symbolic.derive(spec, new Symbolic.Request(null, false), new Diagnostics());
        String dl = "\\frac{\\partial L}{\\partial ";
        List<String> cases = r.cases().stream()
                .map(c -> String.join(", ", c.ranges()) + ": " + SymbolicDocument.equation(c.lhs(), c.rhs())).toList();
        // Worked by hand from the network: layer N meets the step's loss; layer q, before the last step, is read
        // by layer q+1 and by layer p at the next step; every other layer only by the layer above.
        assertEquals(List.of(
                "k=1, 2, \\cdots, T: " + dl + "{\\bm y}_k} = " + dl + "l_k}\\times \\frac{\\partial l_k}{\\partial "
                        + "{\\bm y}_k}",
                "k=1, 2, \\cdots, T: " + dl + "{\\bm h}_{N,k}} = " + dl + "{\\bm y}_k}\\times \\frac{\\partial "
                        + "{\\bm y}_k}{\\partial {\\bm h}_{N,k}}",
                "k=1, 2, \\cdots, T-1: " + dl + "{\\bm h}_{q,k}} = " + dl + "{\\bm h}_{q+1,k}}\\times \\frac{\\partial "
                        + "{\\bm h}_{q+1,k}}{\\partial {\\bm h}_{q,k}} + " + dl + "{\\bm h}_{p,k+1}}\\times "
                        + "\\frac{\\partial {\\bm h}_{p,k+1}}{\\partial {\\bm h}_{q,k}}",
                "k=1, 2, \\cdots, q-1, t=1, 2, \\cdots, T: " + dl + "{\\bm h}_{k,t}} = " + dl + "{\\bm h}_{k+1,t}}"
                        + "\\times \\frac{\\partial {\\bm h}_{k+1,t}}{\\partial {\\bm h}_{k,t}}",
                "k=q+1, q+2, \\cdots, N-1, t=1, 2, \\cdots, T: " + dl + "{\\bm h}_{k,t}} = " + dl
                        + "{\\bm h}_{k+1,t}}\\times \\frac{\\partial {\\bm h}_{k+1,t}}{\\partial {\\bm h}_{k,t}}"),
                cases);
        assertEquals(List.of(dl + "{\\bm h}_{q,T}} &= " + dl + "{\\bm h}_{q+1,T}}\\times \\frac{\\partial "
                + "{\\bm h}_{q+1,T}}{\\partial {\\bm h}_{q,T}}"), Latex.alignedRows(r.definitions()));
    }

    @Test
    void whatItWritesChecksCleanAndACorruptedCaseIsFound() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bskip");
        try {
            Fixtures.Run d = Fixtures.cli("", "derive", "samples/backward-skip-symbolic.nn");
            assertEquals(0, d.exit(), d.err());
            java.nio.file.Path doc = dir.resolve("b.rst");
            java.nio.file.Files.writeString(doc, d.out());
            Fixtures.Run c = Fixtures.cli("", "check", doc.toString(), "--network", "samples/backward-skip-symbolic.nn");
            assertEquals(0, c.exit(), c.out() + c.err());
            // The rectangle of layers above q, read one step late: wrong at its line, not passed.
            String bad = d.out().replace("\\frac{\\partial L}{\\partial {\\bm h}_{k+1,t}}\\times",
                    "\\frac{\\partial L}{\\partial {\\bm h}_{k+1,t+1}}\\times");
            org.junit.jupiter.api.Assertions.assertNotEquals(d.out(), bad);
            java.nio.file.Files.writeString(doc, bad);
            Fixtures.Run w = Fixtures.cli("", "check", doc.toString(), "--network", "samples/backward-skip-symbolic.nn");
            assertEquals(1, w.exit(), w.out());
            org.junit.jupiter.api.Assertions.assertTrue(w.out().contains("2 wrong"), w.out());
        } finally {
            try (var s = java.nio.file.Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
