package io.github.gradpath.dsl;

import io.github.gradpath.TestNetworks;
import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Form;
import io.github.gradpath.diag.Diagnostic;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;
import io.github.gradpath.verify.VerifyOptions;
import io.github.gradpath.verify.VerifyReport;
import io.github.gradpath.verify.Verifier;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** For-clauses on declarations, sums inside expressions, a loss of terms, two for-clauses on one rule. */
class LanguageFormsTest {
    /** d2l's RNN over three steps with a loss at every step, in the new forms. */
    static final String RNN = """
            network Rnn {
              input h_0;
              input x_t for t in 1..3;
              h_t = tanh(W h_{t-1} + U x_t) for t in 1..3;
              o_t = V h_t for t in 1..3;
              loss L = sum(l_t(o_t) for t in 1..3);
            }
            """;

    /** The same network written out by hand, the way it had to be written before. */
    static final String RNN_BY_HAND = """
            network Rnn {
              input h_0, x_1, x_2, x_3;
              h_1 = tanh(W h_0 + U x_1);
              h_2 = tanh(W h_1 + U x_2);
              h_3 = tanh(W h_2 + U x_3);
              o_1 = V h_1;
              o_2 = V h_2;
              o_3 = V h_3;
              loss L = l_1(o_1) + l_2(o_2) + l_3(o_3);
            }
            """;

    @Test
    void theLoopedNetworkIsTheNetworkWrittenByHand() {
        ComputationGraph a = TestNetworks.graph(RNN), b = TestNetworks.graph(RNN_BY_HAND);
        assertEquals(names(b), names(a));
        assertEquals(a.network().inputs().stream().map(l -> l.id().toString()).toList(),
                List.of("h_0", "x_1", "x_2", "x_3"));
        for (Form f : Form.values()) {
            Derivation da = Deriver.derive(a, a.parameters(), f), db = Deriver.derive(b, b.parameters(), f);
            assertEquals(db.gradients(), da.gradients());
        }
    }

    private static List<String> names(ComputationGraph g) {
        return g.nodes().stream().map(n -> n.name() + ":" + n.kind()).sorted().toList();
    }

    @Test
    void aLossOfPerStepTermsIsVerifiedByFiniteDifferences() {
        ComputationGraph g = TestNetworks.graph(RNN);
        // Hand count: from l_t there are t paths to W and to U, one to V.
        assertEquals(BigInteger.valueOf(6), Paths.count(g, g.loss(), TestNetworks.node(g, "W")));
        assertEquals(BigInteger.valueOf(3), Paths.count(g, g.loss(), TestNetworks.node(g, "V")));
        for (Form f : Form.values()) {
            VerifyReport r = Verifier.verify(g, f, VerifyOptions.defaults());
            assertTrue(r.passed(), r.table());
        }
    }

    @Test
    void aRegularizerTermReachesItsParameterDirectly() {
        ComputationGraph g = TestNetworks.graph("""
                network Reg {
                  input x;
                  h = a(W x);
                  o = V h;
                  loss J = l(o) + r(h);
                }
                """);
        // Two uses of h: through o, and the term r(h).
        assertEquals(BigInteger.valueOf(2), Paths.count(g, g.loss(), TestNetworks.node(g, "W")));
        for (Form f : Form.values()) assertTrue(Verifier.verify(g, f, VerifyOptions.defaults()).passed());
    }

    @Test
    void aSumInsideAnExpressionExpandsAtEveryLayer() {
        ComputationGraph g = TestNetworks.graph("""
                network Dense {
                  input x_0;
                  x_l = H_l(sum(W_{l,i} x_i for i in 0..l-1)) for l in 1..3;
                  loss L(x_3);
                }
                """);
        // x_3 reads x_0, x_1, x_2; paths from x_3 to x_0: 1 + 1 + 2 = 4 (hand count: 2^(l-1) for l = 3).
        int x0 = TestNetworks.node(g, "x_0"), x3 = TestNetworks.node(g, "x_3");
        assertEquals(BigInteger.valueOf(4), Paths.count(g, x3, x0));
        assertEquals(6, g.parameters().size());
        for (Form f : Form.values()) assertTrue(Verifier.verify(g, f, VerifyOptions.defaults()).passed());
    }

    @Test
    void twoForClausesBindTwoIndices() {
        ComputationGraph g = TestNetworks.graph("""
                network Grid {
                  input h_{1,t} for t in 1..2;
                  h_{n+1,t} = a_n(w_n h_{n,t}) for n in 1..2 for t in 1..2;
                  loss L(h_{3,1} + h_{3,2});
                }
                """);
        assertEquals(List.of("h_{2,1}", "h_{2,2}", "h_{3,1}", "h_{3,2}"), g.network().definitions().stream()
                .filter(d -> d != g.network().loss()).map(d -> d.target().toString()).toList());
        assertEquals("n = 2, t = 1", g.network().definitions().get(2).loopNote());
        assertEquals(BigInteger.valueOf(2), Paths.count(g, g.loss(), TestNetworks.node(g, "w_1")));
    }

    @Test
    void misusesAreReportedAtTheirPosition() {
        TestNetworks.assertError("network N {\n  input x;\n  h = a(f(x for t in 1..2));\n  loss L(h);\n}\n", 3, 13,
                "a for-clause inside parentheses makes a sum");
        TestNetworks.assertError("network N {\n  input x_0;\n  h = a(sum(x_i for i in 1..0));\n  loss L(h);\n}\n", 3, 17,
                "has no terms here");
        TestNetworks.assertError("network N {\n  input x;\n  h_{t,t} = a(x) for t in 1..2 for t in 1..2;\n  loss L(h_{1,1});\n}\n",
                3, 36, "already has a for-clause");
        // A constant coefficient is a scaled term since issue 10: `(1/2) l(h)` loads, its edge is the scalar 1/2.
        io.github.gradpath.graph.ComputationGraph g = io.github.gradpath.TestNetworks.graph(
                "network N {\n  input x;\n  h = a(w x);\n  loss L = (1/2) l(h);\n}\n");
        org.junit.jupiter.api.Assertions.assertEquals(new Formula.Coefficient(1, 2, List.of()),
                g.scaleEdge(g.loss(), io.github.gradpath.TestNetworks.node(g, "l")));
    }
}
