package io.github.gradpath.derive;

import io.github.gradpath.RandomNetworks;
import io.github.gradpath.TestNetworks;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.Latex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A weight shared across steps: its gradient is the sum over its uses, never the tautology {@code ∂E/∂V = ∂E/∂V}.
 * Oracles: path counts worked by hand (an RNN with a loss at every step has {@code t} paths from {@code y_t} to
 * {@code W}, so {@code T(T+1)/2} in all, and {@code T} to {@code V}) and the path expansion of every row.
 */
class SharedWeightTest {
    /** d2l's RNN unrolled over {@code T} steps, a loss at every step. */
    static String rnn(int T) {
        StringBuilder sb = new StringBuilder("network Rnn" + T + " {\n  input h_0");
        for (int t = 1; t <= T; t++) sb.append(", x_").append(t);
        sb.append(";\n");
        for (int t = 1; t <= T; t++) {
            sb.append("  h_").append(t).append(" = tanh(W h_").append(t - 1).append(" + U x_").append(t).append(");\n");
            sb.append("  y_").append(t).append(" = softmax(V h_").append(t).append(");\n");
        }
        List<String> ys = new ArrayList<>();
        for (int t = 1; t <= T; t++) ys.add("y_" + t);
        return sb.append("  loss E(").append(String.join(" + ", ys)).append(");\n}\n").toString();
    }

    @Test
    void theRnnsSharedWeightsAreSumsOverSteps() {
        ComputationGraph g = TestNetworks.graph(rnn(3));
        Derivation d = Deriver.derive(g, g.parameters(), Form.FACTORED);
        List<String> rows = new ArrayList<>();
        for (Row r : d.gradients()) rows.add(Latex.alignedRows(List.of(r)).get(0));
        String dEdh = "\\frac{\\partial E}{\\partial {\\bm h}_";
        assertEquals("\\frac{\\partial E}{\\partial {\\bm W}} &= " + dEdh + "1}\\times \\frac{\\partial {\\bm h}_1}"
                + "{\\partial {\\bm W}} + " + dEdh + "2}\\times \\left.\\frac{\\partial {\\bm h}_2}{\\partial {\\bm W}}"
                + "\\right|_{\\mathrm{direct}} + " + dEdh + "3}\\times \\left.\\frac{\\partial {\\bm h}_3}{\\partial "
                + "{\\bm W}}\\right|_{\\mathrm{direct}}", rows.get(1));
        // The recurrence: the step's own output first, then the next step.
        List<String> defs = Latex.alignedRows(d.definitions());
        assertTrue(defs.contains(dEdh + "2} &= \\frac{\\partial E}{\\partial {\\bm y}_2}\\times \\frac{\\partial "
                + "{\\bm y}_2}{\\partial {\\bm h}_2} + " + dEdh + "3}\\times \\frac{\\partial {\\bm h}_3}{\\partial "
                + "{\\bm h}_2}"), String.join("\n", defs));
    }

    @Test
    void pathCountsMatchTheHandCount() {
        for (int T = 1; T <= 6; T++) {
            ComputationGraph g = TestNetworks.graph(rnn(T));
            for (Form f : Form.values()) {
                Derivation d = Deriver.derive(g, g.parameters(), f);
                FormsAgreeTest.assertAllRowsTrue(g, d, rnn(T));
                for (Row r : d.gradients()) {
                    Row.Equation eq = (Row.Equation) r;
                    String wrt = ((Expr.Partial) eq.lhs()).denominator().base();
                    // The adjoint form also lists the δ rows of the nodes; only the weights are counted here.
                    if (!List.of("W", "U", "V").contains(wrt)) continue;
                    long want = wrt.equals("V") ? T : (long) T * (T + 1) / 2;
                    Map<List<String>, Long> paths = PathPolynomial.expand(eq.rhs().get(0), g);
                    assertEquals(want, paths.values().stream().mapToLong(Long::longValue).sum(), f + " " + wrt + " T=" + T);
                }
            }
        }
    }

    @Test
    void noRowAnywhereIsItsOwnLeftSide() {
        List<String> nets = new ArrayList<>(List.of(rnn(1), rnn(2), rnn(4), TestNetworks.RESBLOCK,
                TestNetworks.THREE_UNITS, FormsAgreeTest.OVERLAP, FormsAgreeTest.TWO_INPUT));
        for (long seed = 1; seed <= 150; seed++) nets.add(RandomNetworks.generate(seed, 2 + (int) (seed % 11)));
        int rows = 0;
        for (String net : nets) {
            ComputationGraph g = TestNetworks.graph(net);
            for (List<Integer> targets : List.of(g.parameters(), FormsAgreeTest.allNonLossNodes(g))) {
                for (Form f : Form.values()) {
                    Derivation d = Deriver.derive(g, targets, f);
                    List<Row> all = new ArrayList<>(d.gradients());
                    all.addAll(d.definitions());
                    for (Row r : all) {
                        if (!(r instanceof Row.Equation eq)) continue;
                        for (Expr rhs : eq.rhs()) {
                            rows++;
                            // The Jacobian of a lone edge (∂E/∂y_1 where E uses y_1 alone) has nothing to open.
                            if (loneEdge(g, eq.lhs())) continue;
                            assertNotEquals(eq.lhs(), rhs, () -> f + ": " + eq + "\n" + net);
                        }
                    }
                }
            }
        }
        assertTrue(rows > 3000, "too few rows: " + rows);
    }

    private static boolean loneEdge(ComputationGraph g, Expr lhs) {
        if (!(lhs instanceof Expr.Partial p)) return false;
        int a = id(g, p.numerator()), b = id(g, p.denominator());
        return g.hasEdge(a, b) && io.github.gradpath.graph.Paths.count(g, a, b).equals(java.math.BigInteger.ONE);
    }

    private static int id(ComputationGraph g, Expr.Var v) {
        for (ComputationGraph.Node n : g.nodes()) {
            if (n.name().base().equals(v.base()) && n.name().subscript().equals(v.subscript())) return n.id();
        }
        throw new AssertionError("no node " + v);
    }
}
