package io.github.gradpath;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Source;
import io.github.gradpath.graph.ComputationGraph;

/** Builds graphs from network text written inline in tests. */
public final class TestNetworks {
    private TestNetworks() {}

    public static ComputationGraph graph(String text) {
        return Pipeline.load(new Source("test.nn", text), new Diagnostics()).graph();
    }

    /** The diagnostics of a network that must fail to load. */
    /** Exactly one error, at {@code line:col}, whose message contains {@code fragment}. */
    public static void assertError(String text, int line, int col, String fragment) {
        java.util.List<io.github.gradpath.diag.Diagnostic> errors = errors(text).errors();
        org.junit.jupiter.api.Assertions.assertEquals(1, errors.size(), errors.toString());
        org.junit.jupiter.api.Assertions.assertEquals(new io.github.gradpath.diag.Pos(line, col), errors.get(0).pos(),
                errors.get(0).message());
        org.junit.jupiter.api.Assertions.assertTrue(errors.get(0).message().contains(fragment), errors.get(0).message());
    }

    public static Diagnostics errors(String text) {
        try {
            Pipeline.load(new Source("test.nn", text), new Diagnostics());
        } catch (InputException e) {
            return e.diagnostics();
        }
        throw new AssertionError("expected the network to be rejected:\n" + text);
    }

    public static int node(ComputationGraph g, String name) {
        for (ComputationGraph.Node n : g.nodes()) if (n.name().toString().equals(name)) return n.id();
        throw new AssertionError("no node " + name);
    }

    public static final String RESBLOCK = """
            network ResBlock {
              input x;
              h_1 = a_0(w_0 x);
              h_2 = a_1(w_1 h_1);
              h_3 = a_2(w_2 h_2);
              s_3 = h_1 + h_3;          # additive skip: s_3 is a merge node
              h_4 = a_3(w_3 s_3);
              y   = a_4(w_4 h_4);
              loss L(y);
            }
            """;

    public static final String THREE_UNITS = """
            network Units {
              input x_0;
              x_{l+1} = x_l + F_l(W_l x_l) for l in 0..2;
              loss E(x_3);
            }
            """;

    /** The chapter's figure (b) at general depth, as in samples/chapter-skip.nn. */
    public static final String CHAPTER_SKIP = """
            network ForwardSkip {
              index N, p, q : 1 <= p < q < N;
              input x;
              h_1     = a_0(w_0 x);
              h_{n+1} = a_n(w_n h_n)   for n in 1..N-1, n != q;
              s_q     = h_p + h_q;
              h_{q+1} = a_q(w_q s_q);
              y       = a_N(w_N h_N);
              loss L(y);
            }
            """;
}
