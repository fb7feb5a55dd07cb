package io.github.gradpath.verify;

import io.github.gradpath.TestNetworks;
import io.github.gradpath.derive.Form;
import io.github.gradpath.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: a right derivation is never called wrong; where the reference cannot judge, the row is undecided. */
class UndecidedTest {

    @Test
    void aRowTheReferenceCannotJudgeIsUndecidedNotFailed() {
        VerifyReport.Line unsure = new VerifyReport.Line("w", true, BigInteger.ONE, 1e-3, null, 1e-4);
        VerifyReport.Line wrong = new VerifyReport.Line("v", true, BigInteger.ONE, 1e-3, null, 1e-12);
        VerifyReport r = new VerifyReport("N", Form.ADJOINT, 1e-6, List.of(unsure, wrong), null);
        assertTrue(unsure.undecided(1e-6));
        assertFalse(wrong.undecided(1e-6));
        // Undecided is not a pass either: nothing unchecked is called right.
        assertFalse(r.passed());
        assertEquals(1, r.undecided());
        String t = r.table();
        assertTrue(t.contains("\n  w           1  1.0e-03  UNDECIDED (the finite differences are reliable only to 1.0e-04"
                + " here)\n"), t);
        assertTrue(t.contains("\n  v           1  1.0e-03  FAILED\n"), t);
    }

    /** The network: a 61-layer chain sharing one weight, width 1 (it used to fail 45 adjoint rows). */
    static String sharedChain(boolean split) {
        StringBuilder sb = new StringBuilder("network S {\n  input x;\n  h_0 = a(e x);\n");
        for (int i = 0; i < 60; i++) {
            if (split) sb.append("  z_").append(i + 1).append(" = e h_").append(i).append(";\n  h_").append(i + 1)
                    .append(" = a(z_").append(i + 1).append(");\n");
            else sb.append("  h_").append(i + 1).append(" = a(e h_").append(i).append(");\n");
        }
        return sb.append("  loss L(h_60);\n}\n").toString();
    }

    /**
     * Both spellings of the chain (one node per layer, and z/h: 183 rows, the issue counted 182 adjoint
     * rows) at width 1, ten seeds, every form: all pass (a right derivation is never called wrong), and the
     * report is the same byte for byte from a second, fresh verifier (the reference depends on nothing but the
     * network and the options).
     */
    @Test
    void aSharedWeightChainAtWidthOneVerifiesAtEverySeed() {
        for (boolean split : new boolean[] {false, true}) {
            ComputationGraph g = TestNetworks.graph(sharedChain(split));
            for (long seed = 1; seed <= 10; seed++) {
                VerifyOptions o = new VerifyOptions(1, seed, 1e-6, false, null, 10_000);
                for (Form f : Form.values()) {
                    VerifyReport r = Verifier.verify(g, f, o);
                    assertTrue(r.passed(), "split " + split + " seed " + seed + "\n" + r.table());
                    assertEquals(0, r.undecided(), r.table());
                    if (seed <= 2) assertEquals(r.table(), Verifier.verify(TestNetworks.graph(sharedChain(split)), f, o).table());
                }
            }
        }
    }

    /**
     * The safeguard itself: a first reference that is wrong by 1e-3 yet claims to be exact (planted) does not make
     * the right derivation fail, because the second reference, from other steps, disagrees with it; the row is
     * undecided. A wrong derivation still fails: both references agree it is wrong.
     */
    @Test
    void aConfidentlyWrongReferenceMakesTheRowUndecidedNotFailed() {
        ComputationGraph g = TestNetworks.graph("network C {\n  input x;\n  h_1 = a(w_1 x);\n  h_2 = a(w_2 h_1);\n"
                + "  loss L(h_2);\n}\n");
        VerifyOptions o = new VerifyOptions(2, 1, 1e-6, false, null, 10_000);
        var loss = g.node(g.loss()).name();
        var w1 = g.node(g.parameters().get(0)).name();
        Verifier v = Verifier.of(g, o);
        v.plantReference(loss, w1, m -> {
            double[] a = m.a.clone();
            for (int i = 0; i < a.length; i++) a[i] *= 1 + 1e-3;
            return new Mat(m.rows, m.cols, a);
        });
        VerifyReport r = v.verify(Form.FACTORED);
        VerifyReport.Line row = r.lines().stream().filter(l -> l.label().equals(w1.toString())).findFirst().orElseThrow();
        assertTrue(row.undecided(1e-6), r.table());
        assertFalse(r.passed());
        assertTrue(r.table().contains("UNDECIDED"), r.table());
        assertFalse(r.table().contains("FAILED"), r.table());

        // Without the planted reference the same derivation passes: the planted error was the only problem.
        assertTrue(Verifier.verify(g, Form.FACTORED, o).passed());
    }
}
