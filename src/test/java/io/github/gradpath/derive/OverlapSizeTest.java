package io.github.gradpath.derive;

import io.github.gradpath.TestNetworks;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;
import io.github.gradpath.render.Latex;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ladder of overlapping skips (s_k = h_{k-2} + h_k feeding h_{k+1}) is not series-parallel and its path counts
 * grow like Fibonacci numbers; the factored form must stay exact and polynomial in size.
 */
class OverlapSizeTest {

    static String ladder(int n) {
        StringBuilder sb = new StringBuilder("network Ladder {\n  input x;\n  h_1 = a(w_0 x);\n  h_2 = a(w_1 h_1);\n");
        for (int k = 2; k < n; k++) {
            sb.append("  s_").append(k).append(" = h_").append(k - 1).append(" + h_").append(k).append(";\n");
            sb.append("  h_").append(k + 1).append(" = a(w_").append(k).append(" s_").append(k).append(");\n");
        }
        return sb.append("  y = a(w_y h_").append(n).append(");\n  loss L(y);\n}\n").toString();
    }

    @Test
    void exactOnASmallLadder() {
        ComputationGraph g = TestNetworks.graph(ladder(12));
        for (Form f : List.of(Form.FACTORED, Form.ADJOINT)) {
            FormsAgreeTest.assertAllRowsTrue(g, Deriver.derive(g, FormsAgreeTest.allNonLossNodes(g), f), "ladder 12");
        }
    }

    @Test
    void polynomialOnALongLadder() {
        int n = 80;
        ComputationGraph g = TestNetworks.graph(ladder(n));
        BigInteger paths = Paths.count(g, g.loss(), TestNetworks.node(g, "w_0"));
        assertTrue(paths.compareTo(BigInteger.TEN.pow(12)) > 0, "expected exponentially many paths: " + paths);
        Derivation d = Deriver.derive(g, g.parameters(), Form.FACTORED);
        List<Row> rows = new ArrayList<>(d.gradients());
        rows.addAll(d.definitions());
        long size = String.join("\n", Latex.alignedRows(rows)).length();
        long nodes = g.size();
        // Each named factor is a node pair, defined once in size linear in the graph: quadratic at most.
        assertTrue(size < 400L * nodes * nodes, "output of " + size + " characters for " + nodes + " nodes");
        assertEquals(g.parameters().size(), d.gradients().size());
    }
}
