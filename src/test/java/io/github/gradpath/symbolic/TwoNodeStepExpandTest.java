package io.github.gradpath.symbolic;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Layout;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.verify.Verifier;
import io.github.gradpath.verify.VerifyOptions;
import io.github.gradpath.verify.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.github.gradpath.symbolic.RnnLastExpandTest.corrupt;
import static io.github.gradpath.symbolic.RnnLastExpandTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code derive --expand} of a step of two nodes ({@code z_t = W h_{t-1} + U x_t; h_t = tanh(z_t)}, loss at the
 * last step), factored form. The core writes {@code ∂L/∂W = ∂L/∂h_T ∂h_T/∂z_T ∂z_T/∂W} with the row
 * {@code ∂z_T/∂W = ∂z_T/∂W|direct + ∂z_T/∂h_{T-1} ∂h_{T-1}/∂W} and the case {@code ∂h_t/∂W = ∂h_t/∂z_t
 * ∂z_t/∂W|direct + Σ_{i=1}^{t-1} (∏_{j=i+1}^{t} ∂h_j/∂z_j ∂z_j/∂h_{j-1}) ∂h_i/∂z_i ∂z_i/∂W|direct}. Substituting
 * the row, then the case at t = T-1, by hand (∂h_j/∂z_j = diag(tanh'(z_j)), ∂z_j/∂h_{j-1} = W, the use of W at step
 * i gives h_{i-1} (prefix)):
 * <pre>
 * ∂L/∂W = h_{T-1} ∂L/∂h_T D_T + h_{T-2} ∂L/∂h_T D_T W D_{T-1}
 *       + Σ_{i=1}^{T-2} h_{i-1} ∂L/∂h_T D_T W (∏_{j=i+1}^{T-1} (D_j W)) D_i          (D_j = diag(tanh'(z_j)))
 * </pre>
 * U the same with x for h_{.-1}, in the order of its row (the direct term last); the denominator layout the
 * transpose of each term. Equal to the one-node network's rows (the terms i = T-1 and T of its Σ written out).
 */
public class TwoNodeStepExpandTest {
    /** The network (also RnnLastProductTest's and batch/DocsGeneratorExpandTest's two-node step). */
    public static final String NET = """
            network TwoNodeStep {
              index T : T >= 2;
              input x_t for t in 1..T;
              input h_0;
              z_t = W h_{t-1} + U x_t for t in 1..T;
              h_t = tanh(z_t) for t in 1..T;
              loss L(h_T);
            }
            """;
    private static final String H = "{\\bm h}", W = "{\\bm W}", X = "{\\bm x}";
    private static final String DLH = "\\frac{\\partial L}{\\partial " + H + "_T}";
    private static final Linear ONE = Linear.constant(1, Pos.NONE);

    private static String d(String z) { return "\\operatorname{diag}\\left(\\tanh'({\\bm z}_" + z + ")\\right)"; }

    private static final String PROD = "\\prod_{j=i+1}^{T-1} \\left(" + d("j") + "\\times " + W + "\\right)";

    private static NetworkSpec spec(Path dir) throws Exception {
        Path f = dir.resolve("two.nn");
        Files.writeString(f, NET);
        return Pipeline.parse(f.toString(), InputStream.nullInputStream(), new Diagnostics());
    }

    private static Symbolic.Result expanded(NetworkSpec s, Layout layout) {
        Symbolic.Result r = Symbolic.derive(s, new Symbolic.Request(null, false, Form.FACTORED), new Diagnostics());
        return SymbolicExpander.expand(s, r, layout, new Diagnostics());
    }

    @Test
    void theRowsAsWorkedByHandInBothLayouts(@TempDir Path dir) throws Exception {
        NetworkSpec s = spec(dir);
        String dw = "\\frac{\\partial L}{\\partial " + W + "} = ", du = "\\frac{\\partial L}{\\partial {\\bm U}} = ";
        String numW = H + "_{T-1}\\times " + DLH + "\\times " + d("T")
                + " + " + H + "_{T-2}\\times " + DLH + "\\times " + d("T") + "\\times " + W + "\\times " + d("{T-1}")
                + " + \\sum_{i=1}^{T-2} " + H + "_{i-1}\\times " + DLH + "\\times " + d("T") + "\\times " + W
                + "\\times \\left(" + PROD + "\\right)\\times " + d("i");
        String numU = X + "_{T-1}\\times " + DLH + "\\times " + d("T") + "\\times " + W + "\\times " + d("{T-1}")
                + " + \\sum_{i=1}^{T-2} " + X + "_i\\times " + DLH + "\\times " + d("T") + "\\times " + W
                + "\\times \\left(" + PROD + "\\right)\\times " + d("i")
                + " + " + X + "_T\\times " + DLH + "\\times " + d("T");
        assertEquals(List.of(dw + numW, du + numU), rows(expanded(s, Layout.NUMERATOR)));
        String denW = d("T") + "\\times " + DLH + "\\times " + H + "_{T-1}^\\top"
                + " + " + d("{T-1}") + "\\times " + W + "^\\top\\times " + d("T") + "\\times " + DLH + "\\times " + H + "_{T-2}^\\top"
                + " + \\sum_{i=1}^{T-2} " + d("i") + "\\times \\left(" + PROD + "\\right)^\\top\\times " + W + "^\\top\\times "
                + d("T") + "\\times " + DLH + "\\times " + H + "_{i-1}^\\top";
        String denU = d("{T-1}") + "\\times " + W + "^\\top\\times " + d("T") + "\\times " + DLH + "\\times " + X + "_{T-1}^\\top"
                + " + \\sum_{i=1}^{T-2} " + d("i") + "\\times \\left(" + PROD + "\\right)^\\top\\times " + W + "^\\top\\times "
                + d("T") + "\\times " + DLH + "\\times " + X + "_i^\\top"
                + " + " + d("T") + "\\times " + DLH + "\\times " + X + "_T^\\top";
        assertEquals(List.of(dw + denW, du + denU), rows(expanded(s, Layout.DENOMINATOR)));
    }

    private static VerifyReport verifyAt(NetworkSpec s, Symbolic.Result x, Layout layout, int seed, boolean random) {
        VerifyReport last = null;
        List<Pipeline.Loaded> at = Pipeline.instances(s, new Diagnostics());
        assertEquals(2, at.size());
        for (Pipeline.Loaded l : at) {
            VerifyReport r = Verifier.of(l.graph(), new VerifyOptions(4, seed, 1e-6, random, null, 10_000))
                    .checkExpanded(SymbolicExpander.at(x, l.graph(), layout));
            if (!r.passed()) return r;
            last = r;
        }
        return last;
    }

    @Test
    void theRowsPassFiniteDifferencesAndCorruptionsFail(@TempDir Path dir) throws Exception {
        NetworkSpec s = spec(dir);
        for (Layout l : Layout.values()) {
            Symbolic.Result good = expanded(s, l);
            for (int seed : new int[] {1, 2}) {
                for (boolean random : new boolean[] {false, true}) {
                    VerifyReport v = verifyAt(s, good, l, seed, random);
                    assertTrue(v.passed(), l + " seed " + seed + "\n" + v.table());
                    assertEquals(2, v.lines().size(), v.table());
                }
            }
            List<Symbolic.Result> bad = List.of(
                    // ∏ up to T: one step Jacobian too many
                    corrupt(good, e -> e instanceof Expr.ProductOver p
                            ? new Expr.ProductOver(p.index(), p.from(), p.to().plus(ONE, 1), p.body()) : e),
                    // Σ up to T-1: the term i = T-1 counted twice
                    corrupt(good, e -> e instanceof Expr.SumOver so
                            ? new Expr.SumOver(so.index(), so.from(), so.to().plus(ONE, 1), so.body()) : e),
                    // the ∏ body's factors swapped
                    corrupt(good, e -> e instanceof Expr.ProductOver p && p.body() instanceof Expr.Product b
                            ? new Expr.ProductOver(p.index(), p.from(), p.to(),
                                    new Expr.Product(List.of(b.factors().get(1), b.factors().get(0)))) : e));
            for (Symbolic.Result b : bad) {
                VerifyReport v = verifyAt(s, b, l, 1, false);
                assertFalse(v.passed(), l + " " + rows(b) + "\n" + v.table());
            }
        }
    }

    /** Three nodes a step (z, a = tanh(z), h = σ(a)): two rows chained into the case; checked by values only. */
    @Test
    void aThreeNodeStepPassesVerifyAndACorruptionFails(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("three.nn");
        Files.writeString(f, NET.replace("TwoNodeStep", "ThreeNodeStep")
                .replace("h_t = tanh(z_t) for t in 1..T;", "a_t = tanh(z_t) for t in 1..T;\n  h_t = sigmoid(a_t) for t in 1..T;"));
        NetworkSpec s = Pipeline.parse(f.toString(), InputStream.nullInputStream(), new Diagnostics());
        for (Layout l : Layout.values()) {
            Symbolic.Result good = expanded(s, l);
            assertTrue(rows(good).get(0).contains("\\prod_{j=i+1}^{T-1}") && rows(good).get(0).contains("\\sigma'"), rows(good).toString());
            for (boolean random : new boolean[] {false, true}) {
                VerifyReport v = verifyAt(s, good, l, 1, random);
                assertTrue(v.passed(), l + "\n" + v.table());
                assertEquals(2, v.lines().size(), v.table());
            }
            Symbolic.Result bad = corrupt(good, e -> e instanceof Expr.ProductOver p
                    ? new Expr.ProductOver(p.index(), p.from(), p.to().plus(ONE, 1), p.body()) : e);
            assertFalse(verifyAt(s, bad, l, 1, false).passed(), l + " " + rows(bad));
        }
    }

    /** What `derive --expand` writes, `check` reads back clean in both layouts; a wrong ∏ bound is flagged. */
    @Test
    void checkReadsTheRows(@TempDir Path dir) throws Exception {
        spec(dir);
        String net = dir.resolve("two.nn").toString();
        for (String layout : List.of("numerator", "denominator")) {
            String out = RnnLastExpandTest.expandedAndCheckedClean(net, layout, dir);
            String bad = out.replace("\\prod_{j=i+1}^{T-1}", "\\prod_{j=i}^{T-1}");
            assertNotEquals(out, bad);
            Path b = dir.resolve("bad.rst");
            Files.writeString(b, bad);
            Fixtures.Run w = Fixtures.cli("", "check", b.toString(), "--network", net, "--layout", layout);
            assertEquals(1, w.exit(), w.out() + w.err());
            assertTrue(w.out().contains("2 checked, 2 wrong"), w.out());
        }
    }
}
