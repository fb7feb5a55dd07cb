package io.github.gradpath.derive;

import io.github.gradpath.RandomNetworks;
import io.github.gradpath.TestNetworks;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every row gradpath writes, in every form, gradients and definitions alike, must be true when each
 * {@code ∂A/∂B} is read as the total derivative: both sides expand to the same sum of paths. The expansion is
 * the test's own oracle ({@link PathPolynomial}).
 */
class FormsAgreeTest {

    @Test
    void samplesInAllForms() {
        for (String net : List.of(TestNetworks.RESBLOCK, TestNetworks.THREE_UNITS, OVERLAP, TWO_INPUT)) {
            ComputationGraph g = TestNetworks.graph(net);
            List<Integer> all = allNonLossNodes(g);
            for (Form f : Form.values()) {
                assertAllRowsTrue(g, Deriver.derive(g, all, f), net);
                assertAllRowsTrue(g, Deriver.derive(g, g.parameters(), f), net);
            }
        }
    }

    @Test
    void randomNetworksInAllForms() {
        int rows = 0;
        for (long seed = 1; seed <= 300; seed++) {
            String text = RandomNetworks.generate(seed, 2 + (int) (seed % 11));
            ComputationGraph g = TestNetworks.graph(text);
            List<Integer> targets = allNonLossNodes(g);
            for (Form f : Form.values()) {
                Derivation d = Deriver.derive(g, targets, f);
                rows += assertAllRowsTrue(g, d, text);
            }
            // The factored gradient of each target has exactly the engine's path count as terms.
            BigInteger[] counts = Paths.countsFrom(g, g.loss());
            Factorizer fz = new Factorizer(g);
            for (int t : targets) {
                Row.Equation eq = fz.gradient(t);
                long terms = PathPolynomial.expand(eq.rhs().get(0), g).values().stream().mapToLong(Long::longValue).sum();
                assertEquals(counts[t], BigInteger.valueOf(terms), text + "\n" + g.node(t).name());
            }
        }
        assertTrue(rows > 5000, "the property test checked too few rows: " + rows);
    }

    /** A wrong row must be caught by the oracle: the test is not a rubber stamp. */
    @Test
    void oracleRejectsADroppedPath() {
        ComputationGraph g = TestNetworks.graph(TestNetworks.RESBLOCK);
        Derivation d = Deriver.derive(g, List.of(TestNetworks.node(g, "w_0")), Form.PATHS);
        Row.Equation eq = (Row.Equation) d.gradients().get(0);
        Expr.Sum sum = (Expr.Sum) eq.rhs().get(0);
        assertEquals(2, sum.terms().size());
        Expr dropped = sum.terms().get(0);
        assertTrue(!PathPolynomial.expand(eq.lhs(), g).equals(PathPolynomial.expand(dropped, g)));
    }

    static final String OVERLAP = """
            network Overlap {
              input x;
              h_1 = a_0(w_0 x);
              h_2 = a_1(w_1 h_1);
              h_3 = a_2(w_2 h_2);
              s_3 = h_1 + h_3;
              h_4 = a_3(w_3 s_3);
              s_4 = h_2 + h_4;
              h_5 = a_4(w_4 s_4);
              y   = a_5(w_5 h_5);
              loss L(y);
            }
            """;

    /** A layer with two variable inputs: its edge to h_1 is a real Jacobian with another route beside it. */
    static final String TWO_INPUT = """
            network TwoInput {
              input x;
              h_1 = a_0(w_0 x);
              h_2 = a_1(w_1 h_1);
              h_3 = a_2(w_2 h_2 + v_2 h_1);
              y   = a_3(w_3 h_3);
              loss L(y);
            }
            """;

    static List<Integer> allNonLossNodes(ComputationGraph g) {
        List<Integer> out = new ArrayList<>();
        for (ComputationGraph.Node n : g.nodes()) if (n.id() != g.loss()) out.add(n.id());
        return out;
    }

    static int assertAllRowsTrue(ComputationGraph g, Derivation d, String context) {
        int n = 0;
        List<Row> rows = new ArrayList<>(d.gradients());
        rows.addAll(d.definitions());
        for (Row r : rows) {
            if (!(r instanceof Row.Equation eq)) continue;
            Map<List<String>, Long> truth = PathPolynomial.expand(eq.lhs(), g);
            for (Expr rhs : eq.rhs()) {
                assertEquals(truth, PathPolynomial.expand(rhs, g),
                        () -> d.form() + " row false: " + eq + "\n" + context);
                n++;
            }
        }
        return n;
    }
}
