package io.github.gradpath.verify;

import io.github.gradpath.Pipeline;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The building blocks against numbers worked by hand. */
class OracleAndJacobiansTest {
    static final String NET = """
            network Tiny {
              input x;
              param b;
              h = tanh(w x + b);
              z = h + F(V h);
              loss L(z);
            }
            """;

    static ComputationGraph graph(String text) {
        return Pipeline.load(new Source("tiny.nn", text), new Diagnostics()).graph();
    }

    /** w is 2x2 row-major [[1, 2], [3, 4]] / 10, V = [[0.5, 0], [0, -0.5]], x = (1, -1), b = (0.1, 0.2). */
    static Map<NodeId, double[]> leaves() {
        Map<NodeId, double[]> m = new HashMap<>();
        m.put(NodeId.of("x"), new double[] {1, -1});
        m.put(NodeId.of("b"), new double[] {0.1, 0.2});
        m.put(NodeId.of("w"), new double[] {0.1, 0.2, 0.3, 0.4});
        m.put(NodeId.of("V"), new double[] {0.5, 0, 0, -0.5});
        return m;
    }

    @Test
    void theForwardPassComputesWhatTheFileSays() {
        ComputationGraph g = graph(NET);
        Shapes s = Shapes.of(g.network(), 2, false, 1);
        assertTrue(s.isMatrix(NodeId.of("w")) && s.isMatrix(NodeId.of("V")));
        assertFalse(s.isMatrix(NodeId.of("b")));
        Map<NodeId, double[]> v = new Oracle(g.network(), s).run(leaves(), null);
        // w x + b = (0.1 - 0.2 + 0.1, 0.3 - 0.4 + 0.2) = (0, 0.1)
        double h0 = Math.tanh(0.0), h1 = Math.tanh(0.1);
        assertArrayEquals(new double[] {h0, h1}, v.get(NodeId.of("h")), 1e-15);
        double f0 = Math.tanh(0.5 * h0), f1 = Math.tanh(-0.5 * h1);
        assertArrayEquals(new double[] {f0, f1}, v.get(NodeId.of("F")), 1e-15);
        double z0 = h0 + f0, z1 = h1 + f1;
        assertArrayEquals(new double[] {z0, z1}, v.get(NodeId.of("z")), 1e-15);
        assertEquals((z0 * z0 + z1 * z1) / 2, v.get(NodeId.of("L"))[0], 1e-15);
    }

    @Test
    void aNudgeOnANestedApplicationReachesItsUsers() {
        ComputationGraph g = graph(NET);
        Shapes s = Shapes.of(g.network(), 2, false, 1);
        Oracle o = new Oracle(g.network(), s);
        Map<NodeId, double[]> base = o.run(leaves(), null);
        Map<NodeId, double[]> nudged = o.run(leaves(), new Oracle.Nudge(NodeId.of("F"), 1, 0.25));
        assertEquals(base.get(NodeId.of("z"))[1] + 0.25, nudged.get(NodeId.of("z"))[1], 1e-15);
        assertEquals(base.get(NodeId.of("z"))[0], nudged.get(NodeId.of("z"))[0], 0);
    }

    @Test
    void edgeJacobiansMatchTheTextbookFormulas() {
        ComputationGraph g = graph(NET);
        Shapes s = Shapes.of(g.network(), 2, false, 1);
        Map<NodeId, double[]> v = new Oracle(g.network(), s).run(leaves(), null);
        Jacobians j = new Jacobians(g, s, v);
        assertEquals(0, j.graphMismatch(), 1e-15);
        int h = g.id(NodeId.of("h")), w = g.id(NodeId.of("w")), x = g.id(NodeId.of("x"));
        double[] hv = v.get(NodeId.of("h"));
        double d0 = 1 - hv[0] * hv[0], d1 = 1 - hv[1] * hv[1];
        // ∂h/∂x = diag(tanh'(w x + b)) w
        assertArrayEquals(new double[] {d0 * 0.1, d0 * 0.2, d1 * 0.3, d1 * 0.4}, j.edge(h, x).a, 1e-15);
        // ∂h_i/∂w_ab = δ_ia tanh'_i x_b, w flattened row-major: columns w_00, w_01, w_10, w_11
        assertArrayEquals(new double[] {d0 * 1, d0 * -1, 0, 0, 0, 0, d1 * 1, d1 * -1}, j.edge(h, w).a, 1e-15);
        assertEquals(2, j.edge(h, w).rows);
        assertEquals(4, j.edge(h, w).cols);
        // The loss: ∂L/∂z = z^T; z uses h twice (directly and through F), so ∂z/∂h is a real factor, not I.
        int loss = g.loss(), z = g.id(NodeId.of("z")), f = g.id(NodeId.of("F"));
        assertArrayEquals(v.get(NodeId.of("z")), j.edge(loss, z).a, 1e-15);
        double[] fv = v.get(NodeId.of("F"));
        double[] dzdh = j.total(z, h).a;
        assertArrayEquals(new double[] {1 + (1 - fv[0] * fv[0]) * 0.5, 0, 0, 1 + (1 - fv[1] * fv[1]) * -0.5}, dzdh, 1e-15);
        assertArrayEquals(new double[] {1, 0, 0, 1}, j.edge(z, h).a, 0);
        assertArrayEquals(new double[] {1, 0, 0, 1}, j.edge(z, f).a, 0);
    }

    @Test
    void randomWidthsGiveRectangularWeightsThatFitTheirUses() {
        ComputationGraph g = graph("""
                network Widths {
                  input x;
                  h_1 = a(w_1 x);
                  h_2 = b(w_2 h_1);
                  s = h_2 + x;
                  y = c(w_3 s);
                  loss L(y);
                }
                """);
        boolean sawRectangle = false;
        for (long seed = 1; seed <= 20; seed++) {
            Shapes s = Shapes.of(g.network(), 6, true, seed);
            Shapes.Shape w1 = s.get(NodeId.of("w", 1)), w2 = s.get(NodeId.of("w", 2)), w3 = s.get(NodeId.of("w", 3));
            int x = s.get(NodeId.of("x")).rows();
            assertEquals(x, w1.cols());
            assertEquals(w1.rows(), w2.cols());
            assertEquals(x, w2.rows(), "s = h_2 + x forces equal widths");
            assertEquals(x, w3.cols());
            assertEquals(1, s.get(NodeId.of("L")).size());
            if (w1.rows() != w1.cols() || w3.rows() != w3.cols()) sawRectangle = true;
        }
        assertTrue(sawRectangle);
    }

    @Test
    void aComputedValueLeftOfAProductIsABadInputWithAPosition() {
        ComputationGraph g = graph("""
                network Bad {
                  input x;
                  h_1 = a(w_1 x);
                  h_2 = h_1 h_1;
                  y = a(w_2 h_2);
                  loss L(y);
                }
                """);
        InputException e = assertThrows(InputException.class, () -> Shapes.of(g.network(), 4, false, 1));
        String msg = e.diagnostics().format();
        assertTrue(msg.contains("tiny.nn:4:9: error:") && msg.contains("`h_1` is computed"), msg);
    }

    @Test
    void functionsAndTheirDerivatives() {
        for (Functions f : Functions.values()) {
            if (!f.elementwise()) continue; // softmax: its full Jacobian is checked in SkipKindsVerifyTest
            for (double z : new double[] {-2.3, -0.4, 0.7, 3.1}) {
                double h = 1e-5;
                double fd = (f.value(z + h) - f.value(z - h)) / (2 * h);
                assertEquals(fd, f.derivative(z), 1e-9, f + " at " + z);
            }
        }
        for (Functions.Loss l : Functions.Loss.values()) {
            double[] y = {0.3, -1.2, 2.0};
            double[] g = l.gradient(y);
            for (int i = 0; i < y.length; i++) {
                double[] p = y.clone(), m = y.clone();
                p[i] += 1e-5;
                m[i] -= 1e-5;
                assertEquals((l.value(p) - l.value(m)) / 2e-5, g[i], 1e-9, l + " entry " + i);
            }
        }
        assertEquals(Functions.SIGMOID, Functions.activation("sigma"));
        assertEquals(Functions.TANH, Functions.activation("a"));
        assertFalse(Functions.known("a"));
        assertEquals(Functions.Loss.HALF_SQUARED_NORM, Functions.Loss.of("E"));
    }
}
