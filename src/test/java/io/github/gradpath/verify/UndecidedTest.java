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
    @Test
    void aSharedWeightChainAtWidthOneVerifies() {
        StringBuilder sb = new StringBuilder("network S {\n  input x;\n  h_0 = a(e x);\n");
        for (int i = 0; i < 60; i++) sb.append("  h_").append(i + 1).append(" = a(e h_").append(i).append(");\n");
        ComputationGraph g = TestNetworks.graph(sb.append("  loss L(h_60);\n}\n").toString());
        for (long seed = 1; seed <= 3; seed++) {
            VerifyOptions o = new VerifyOptions(1, seed, 1e-6, false, null, 10_000);
            for (Form f : Form.values()) {
                VerifyReport r = Verifier.verify(g, f, o);
                assertTrue(r.passed(), r.table());
            }
        }
    }
}
