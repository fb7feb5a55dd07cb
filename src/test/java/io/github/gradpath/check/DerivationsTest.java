package io.github.gradpath.check;

import io.github.gradpath.TestNetworks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.github.gradpath.check.CheckFixtures.d;
import static io.github.gradpath.check.CheckFixtures.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-written derivations, right and subtly wrong, for concrete and symbolic networks: each row must be
 * classified right, and a wrong row's message must say what to fix. Expected messages were worked out by hand
 * from the networks below (paths listed in the comments).
 */
class DerivationsTest {
    /** Paths L -> w_0: via s_3 <- h_1 (the skip) and via s_3 <- h_3 <- h_2 <- h_1. */
    static final String RESBLOCK = TestNetworks.RESBLOCK;

    /** x_{l+1} = x_l + F_l(W_l x_l): the skip x_{l+1} <- x_l and x_{l+1} <- F_l are identities. */
    static final String STACK = """
            network Stack {
              input x_0;
              x_{l+1} = x_l + F_l(W_l x_l) for l in 0..4;
              loss E(x_5);
            }
            """;

    static final String SKIP = TestNetworks.CHAPTER_SKIP;

    /** He et al.'s residual units, L of them, L symbolic. */
    static final String SYMSTACK = """
            network StackL {
              index L : L >= 1;
              input x_0;
              x_{l+1} = x_l + F_l(W_l x_l) for l in 0..L-1;
              loss E(x_L);
            }
            """;

    /** h_3 uses h_1 directly and through h_2. */
    static final String DIRECT = """
            network Direct {
              input x;
              h_1 = a_0(w_0 x);
              h_2 = a_1(w_1 h_1);
              h_3 = a_2(w_2 h_2 + v h_1);
              y   = a_3(w_3 h_3);
              loss L(y);
            }
            """;

    /** Two paths of equal length from s down to h_1: a \cdots across them cannot be read. */
    static final String DIAMOND = """
            network Diamond {
              input x;
              h_1 = a_0(w_0 x);
              h_2 = a_1(w_1 h_1);
              g_2 = b_1(v_1 h_1);
              s   = h_2 + g_2;
              y   = a_3(w_3 s);
              loss L(y);
            }
            """;

    record Case(String name, String network, String row, String expected) {
        @Override
        public String toString() { return name; }
    }

    private static final String HEAD0 = times(d("L", "y"), d("y", "h_4"), d("h_4", "s_3"));

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // ---- right ----
        c.add(new Case("factored", RESBLOCK, d("L", "w_0") + " &= " + times(HEAD0, d("s_3", "h_1"), d("h_1", "w_0")), null));
        c.add(new Case("skip opened, juxtaposition", RESBLOCK, d("L", "w_0") + " &= " + d("L", "y") + d("y", "h_4")
                + d("h_4", "s_3") + "\\left(1 + " + d("h_3", "h_2") + d("h_2", "h_1") + "\\right)" + d("h_1", "w_0"), null));
        c.add(new Case("cdot, I, total factors", RESBLOCK, d("L", "w_0") + " &= " + d("L", "h_4") + "\\cdot " + d("h_4", "s_3")
                + "\\cdot \\left(I + " + d("h_3", "h_1") + "\\right)\\cdot " + d("h_1", "w_0"), null));
        c.add(new Case("sum of paths", RESBLOCK, d("L", "w_0") + " &= " + times(HEAD0, d("h_1", "w_0")) + " + "
                + times(HEAD0, d("h_3", "h_2"), d("h_2", "h_1"), d("h_1", "w_0")), null));
        c.add(new Case("identity factor written", RESBLOCK, d("L", "w_2") + " &= "
                + times(HEAD0, d("s_3", "h_3"), d("h_3", "w_2")), null));
        c.add(new Case("identity factor omitted", RESBLOCK, d("L", "w_2") + " &= " + times(HEAD0, d("h_3", "w_2")), null));
        c.add(new Case("adjoint row", RESBLOCK, d("L", "h_1") + " &= " + d("L", "s_3") + " + " + d("L", "h_2") + d("h_2", "h_1"), null));
        c.add(new Case("left side an input", RESBLOCK, d("L", "x") + " &= " + times(d("L", "h_1"), d("h_1", "x")), null));
        c.add(new Case("big parentheses, other bold styles", RESBLOCK, "\\frac{\\partial \\bm{s}_{3}}{\\partial \\boldsymbol{h}_1}"
                + " &= \\big(1 + \\frac{\\partial \\mathbf h_3}{\\partial {\\bm h_2}}\\frac{\\partial {\\bm h}_{2}}{\\partial h_1}\\big)", null));
        c.add(new Case("chain of equalities", RESBLOCK, d("s_3", "h_1") + " &= 1 + " + d("h_3", "h_1") + "\\\\\n   &= 1 + "
                + times(d("h_3", "h_2"), d("h_2", "h_1")), null));
        c.add(new Case("stack: product of residual factors", STACK, d("E", "W_2") + " &= " + d("E", "x_5")
                + "\\left(1 + " + d("F_4", "x_4") + "\\right)\\left(1 + " + d("F_3", "x_3") + "\\right)" + d("F_2", "W_2"), null));
        c.add(new Case("stack: He et al. with cdots", STACK, d("E", "W_0") + " &= " + times(d("E", "x_5"),
                "\\left(1 + " + d("F_4", "x_4") + "\\right)", "\\cdots", "\\left(1 + " + d("F_1", "x_1") + "\\right)",
                d("F_0", "W_0")), null));
        c.add(new Case("symbolic: chapter row with cdots", SKIP, d("L", "w_{p-1}") + " &= " + times(d("L", "y"), d("y", "h_N"),
                d("h_N", "h_{N-1}"), "\\cdots", d("h_{q+1}", "s_q"), d("s_q", "h_p"), d("h_p", "w_{p-1}")), null));
        c.add(new Case("symbolic: skip opened with cdots", SKIP, d("L", "w_{p-1}") + " &= " + times(d("L", "h_{q+1}"),
                d("h_{q+1}", "s_q"), "\\left(" + times(d("h_q", "h_{q-1}"), "\\cdots", d("h_{p+1}", "h_p")) + " + 1\\right)",
                d("h_p", "w_{p-1}")), null));
        c.add(new Case("symbolic: case row with stated range", SKIP, d("s_q", "h_k") + " &= " + times(d("s_q", "h_p"),
                d("h_p", "h_{p-1}"), "\\cdots", d("h_{k+1}", "h_k")) + ",\\quad k = 1, \\ldots, p", null));
        c.add(new Case("symbolic stack: cdots continues the step before it", SYMSTACK, d("x_L", "F_k") + " &= "
                + times(d("x_L", "x_{L-1}"), "\\cdots", d("x_{k+1}", "F_k")) + ",\\quad k = 0, \\ldots, L-1", null));
        c.add(new Case("symbolic stack: He et al.", SYMSTACK, d("E", "x_0") + " &= " + times(d("E", "x_L"),
                "\\left(1 + " + d("F_{L-1}", "x_{L-1}") + "\\right)", "\\cdots", "\\left(1 + " + d("F_0", "x_0") + "\\right)"), null));
        c.add(new Case("direct edge plus the other path", DIRECT, d("h_3", "h_1") + " &= \\left." + d("h_3", "h_1")
                + "\\right|_{\\mathrm{direct}} + " + d("h_3", "h_2") + "\\times " + d("h_2", "h_1"), null));
        // ---- wrong ----
        c.add(new Case("dropped skip term", RESBLOCK, d("s_3", "h_1") + " &= " + times(d("h_3", "h_2"), d("h_2", "h_1")),
                "∂s_3/∂h_1 misses 1 of 2 paths: the skip s_3 ← h_1"));
        c.add(new Case("classical chain on a skip network", RESBLOCK, d("L", "w_0") + " &= "
                + times(HEAD0, d("s_3", "h_3"), d("h_3", "h_2"), d("h_2", "h_1"), d("h_1", "w_0")),
                "∂L/∂w_0 misses 1 of 2 paths: the skip s_3 ← h_1"));
        c.add(new Case("wrong index", RESBLOCK, d("L", "w_0") + " &= " + times(HEAD0, d("s_3", "h_1"), d("h_2", "w_0")),
                "factor 5, ∂h_2/∂w_0, does not continue the chain, which has reached h_1"));
        // Dropping the stray factor is a confirmed repair too: ∂h_3/∂w_1 alone continues the chain from s_3.
        c.add(new Case("wrong index, repaired by dropping", RESBLOCK, d("L", "w_1") + " &= "
                + times(HEAD0, d("s_3", "h_2"), d("h_3", "w_1")), "factor 4, ∂s_3/∂h_2, is extra"));
        c.add(new Case("wrong index: zero factor", RESBLOCK, d("L", "w_2") + " &= " + times(HEAD0, d("s_3", "h_3"), d("h_2", "w_2")),
                "factor 5, ∂h_2/∂w_2, is zero: w_2 does not feed h_2"));
        c.add(new Case("swapped factors", RESBLOCK, d("L", "w_0") + " &= " + times(d("L", "y"), d("h_4", "s_3"), d("y", "h_4"),
                d("s_3", "h_1"), d("h_1", "w_0")), "factor 2 and 3 are in the wrong order"));
        c.add(new Case("missing factor", RESBLOCK, d("L", "w_0") + " &= " + times(d("L", "y"), d("h_4", "s_3"),
                d("s_3", "h_1"), d("h_1", "w_0")), "misses the factor ∂y/∂h_4 between factor 1 and 2"));
        c.add(new Case("missing last factor", RESBLOCK, d("L", "w_0") + " &= " + times(HEAD0, d("s_3", "h_1")),
                "misses the factor ∂h_1/∂w_0 at the end"));
        c.add(new Case("missing first factor", RESBLOCK, d("L", "w_4") + " &= " + d("y", "w_4"),
                "misses the factor ∂L/∂y at the start"));
        c.add(new Case("extra factor", RESBLOCK, d("L", "w_3") + " &= " + times(d("L", "y"), d("y", "h_4"), d("y", "h_4"),
                d("h_4", "w_3")), "factor 2, ∂y/∂h_4, is extra"));
        c.add(new Case("extra path: skip counted twice", RESBLOCK, d("s_3", "h_1") + " &= 1 + 1 + " + d("h_3", "h_1"),
                "∂s_3/∂h_1 counts a path twice: 1 (the identity)"));
        c.add(new Case("extra term that is no path", RESBLOCK, d("s_3", "h_1") + " &= 1 + " + d("h_3", "h_1") + " + "
                + d("h_2", "h_1"), "the right side has 1 term that is no path of ∂s_3/∂h_1: ∂h_2/∂h_1"));
        c.add(new Case("swapped inside a term", RESBLOCK, d("s_3", "h_1") + " &= 1 + " + d("h_2", "h_1") + d("h_3", "h_2"),
                "a term has its factors in the wrong order: ∂h_2/∂h_1 × ∂h_3/∂h_2 should be ∂h_3/∂h_2 × ∂h_2/∂h_1"));
        c.add(new Case("zero left side", RESBLOCK, d("h_2", "w_2") + " &= " + d("h_2", "w_1"),
                "∂h_2/∂w_2 is zero: w_2 does not feed h_2, but the right side is not"));
        c.add(new Case("no such node", RESBLOCK, d("L", "w_9") + " &= " + d("L", "w_9"), "the network has no node w_9"));
        c.add(new Case("wrong equality in a chain", RESBLOCK, d("s_3", "h_1") + " &= 1 + " + d("h_3", "h_1") + "\\\\\n   &= 1 + "
                + d("h_3", "h_2"), "∂s_3/∂h_1 misses 1 of 2 paths"));
        c.add(new Case("first-order expansion of residual products", STACK, d("E", "W_2") + " &= " + d("E", "x_5")
                + "\\left(1 + " + d("F_4", "x_4") + " + " + d("F_3", "x_3") + "\\right)" + d("F_2", "W_2"),
                "∂E/∂W_2 misses 1 of 4 paths: the term ∂E/∂x_5 × ∂F_4/∂x_4 × ∂F_3/∂x_3 × ∂F_2/∂W_2"));
        c.add(new Case("stack: cdots run upwards", STACK, d("E", "W_0") + " &= " + times(d("E", "x_5"),
                "\\left(1 + " + d("F_1", "x_1") + "\\right)", "\\cdots", "\\left(1 + " + d("F_4", "x_4") + "\\right)",
                d("F_0", "W_0")), "cannot read: `\\cdots` runs upwards"));
        c.add(new Case("symbolic: dropped skip", SKIP, d("L", "w_{p-1}") + " &= " + times(d("L", "h_{q+1}"), d("h_{q+1}", "s_q"),
                d("s_q", "h_q"), d("h_q", "h_{q-1}"), "\\cdots", d("h_{p+1}", "h_p"), d("h_p", "w_{p-1}")),
                "∂L/∂w_{p-1} misses 1 of 2 paths: the skip s_q ← h_p"));
        c.add(new Case("symbolic: wrong index", SKIP, d("L", "w_{p-1}") + " &= " + times(d("L", "s_q"), d("s_q", "h_p"),
                d("h_p", "w_{p-2}")), "the product ends at w_{p-2}, but ∂L/∂w_{p-1} ends at w_{p-1}"));
        c.add(new Case("symbolic: true only at one witness", SKIP, d("s_q", "h_{2p}") + " &= 1", "∂s_q/∂h_{2p}"));
        c.add(new Case("symbolic: case row with a wrong range", SKIP, d("s_q", "h_k") + " &= " + times(d("s_q", "h_q"),
                d("h_q", "h_{q-1}"), "\\cdots", d("h_{k+1}", "h_k")) + ",\\quad k = p, \\ldots, q", "(for k = p)"));
        // x_{k+1} -> F_k is an identity edge, so stopping at x_{k+1} would be right; going on to x_k is not.
        c.add(new Case("symbolic stack: one step too far", SYMSTACK, d("x_L", "F_k") + " &= "
                + times(d("x_L", "x_{L-1}"), "\\cdots", d("x_{k+1}", "x_k")) + ",\\quad k = 0, \\ldots, L-1",
                "(for k = 0)"));
        c.add(new Case("symbolic stack: skips dropped", SYMSTACK, d("E", "x_0") + " &= " + times(d("E", "x_L"),
                d("F_{L-1}", "x_{L-1}"), "\\cdots", d("F_0", "x_0")), "∂E/∂x_0 misses"));
        c.add(new Case("direct edge alone", DIRECT, d("h_3", "h_1") + " &= \\left." + d("h_3", "h_1")
                + "\\right|_{\\mathrm{direct}}", "∂h_3/∂h_1 misses 1 of 2 paths"));
        // ---- unreadable ----
        // s_3 = h_1 + h_3: a minus is a wrong sign, found by evaluation and named.
        c.add(new Case("subtraction where the skip adds", RESBLOCK, d("s_3", "h_1") + " &= 1 - " + d("h_3", "h_1"),
                "right with term 2 of the sum added, not subtracted"));
        c.add(new Case("transpose of a vector-by-matrix Jacobian", RESBLOCK, d("L", "w_4") + " &= " + d("L", "y") + "^T"
                + d("y", "w_4"), "cannot read: a derivative of a vector by a matrix is a tensor"));
        c.add(new Case("nabla on the left", RESBLOCK, "\\nabla_{w_4} L &= " + d("L", "y") + d("y", "w_4"), null));
        c.add(new Case("a sum on the left", RESBLOCK, d("L", "w_4") + " + 1 &= " + d("L", "y") + d("y", "w_4"),
                "cannot read: the left side must be one derivative"));
        c.add(new Case("ambiguous cdots", DIAMOND, d("L", "w_0") + " &= " + times(d("L", "y"), d("y", "s"), "\\cdots",
                d("h_1", "w_0")), "cannot read: `\\cdots` from s down to h_1 is ambiguous"));
        // No range stated: the row is checked at every k where its nodes exist.
        c.add(new Case("index with no stated range", SKIP, d("s_q", "h_k") + " &= " + d("s_q", "h_k"), null));
        c.add(new Case("index with no stated range, wrong at one value", SKIP, d("s_q", "h_k") + " &= "
                + d("s_q", "h_q") + d("h_q", "h_k"), "misses 1 of 2 paths: the skip s_q ← h_p (for k = 1)"));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classified(Case c, @TempDir Path dir) {
        Path net = CheckFixtures.write(dir, "net.nn", c.network());
        Path doc = CheckFixtures.write(dir, "doc.rst", CheckFixtures.rstBlock(c.row()));
        CheckReport r = DocumentChecker.check(doc, net, null);
        if (c.expected() == null) {
            assertEquals(List.of(), r.findings(), c.row());
            assertTrue(r.checked() >= 1);
        } else {
            assertEquals(1, r.findings().size(), r.findings().toString());
            Finding f = r.findings().get(0);
            assertTrue(f.error());
            assertTrue(f.message().contains(c.expected()), "message was: " + f.message());
            assertEquals(1, r.wrong());
        }
    }
}
