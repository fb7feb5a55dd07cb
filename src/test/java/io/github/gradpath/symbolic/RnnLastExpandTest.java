package io.github.gradpath.symbolic;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Layout;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.render.Latex;
import io.github.gradpath.verify.Verifier;
import io.github.gradpath.verify.VerifyOptions;
import io.github.gradpath.verify.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code derive --expand} of samples/rnn-last-symbolic.nn in the factored form: {@code ∂L/∂W = ∂L/∂h_T × ∂h_T/∂W}
 * with the named tensor {@code ∂h_T/∂W} replaced by its case at {@code t = T} (d2l §9.7, eq. 9.7.7) and every
 * factor written out. Worked by hand, with {@code z_t = W h_{t-1} + U x_t}, {@code ∂h_j/∂h_{j-1} =
 * diag(tanh'(z_j)) W} and the use of W at step i giving {@code h_{i-1} (prefix) diag(tanh'(z_i))}:
 * <pre>
 * numerator:   ∂L/∂W = h_{T-1} ∂L/∂h_T diag(tanh'(z_T))
 *                    + Σ_{i=1}^{T-1} h_{i-1} ∂L/∂h_T (∏_{j=i+1}^{T} (diag(tanh'(z_j)) W)) diag(tanh'(z_i))
 * denominator: ∂L/∂W = diag(tanh'(z_T)) ∂L/∂h_T h_{T-1}^T
 *                    + Σ_{i=1}^{T-1} diag(tanh'(z_i)) (∏_{j=i+1}^{T} (diag(tanh'(z_j)) W))^T ∂L/∂h_T h_{i-1}^T
 * </pre>
 * (the Σ body is {@code ∂L/∂z_i × h_{i-1}^T}, δ_i h_{i-1}^T in Nielsen's notation); U the same with {@code x_i}
 * for {@code h_{i-1}}. The ∏ multiplies in the chain's order (the factor at j = T first), so its transpose is
 * written {@code (\prod ...)^\top} rather than reversed in place.
 */
class RnnLastExpandTest {
    private static final String H = "{\\bm h}", W = "{\\bm W}";

    private static NetworkSpec spec() {
        return Pipeline.parse("samples/rnn-last-symbolic.nn", InputStream.nullInputStream(), new Diagnostics());
    }

    private static Symbolic.Result expanded(NetworkSpec s, Layout layout) {
        Symbolic.Result r = Symbolic.derive(s, new Symbolic.Request(null, false, Form.FACTORED), new Diagnostics());
        return SymbolicExpander.expand(s, r, layout, new Diagnostics());
    }

    private static String d(String z) { return "\\operatorname{diag}\\left(\\tanh'({\\bm z}_" + z + ")\\right)"; }

    private static final String DLH = "\\frac{\\partial L}{\\partial " + H + "_T}";
    private static final String PROD = "\\prod_{j=i+1}^{T} \\left(" + d("j") + "\\times " + W + "\\right)";

    private static String numerator(String v, String vi) {
        return v + "\\times " + DLH + "\\times " + d("T") + " + \\sum_{i=1}^{T-1} " + vi + "\\times " + DLH
                + "\\times \\left(" + PROD + "\\right)\\times " + d("i");
    }

    private static String denominator(String v, String vi) {
        return d("T") + "\\times " + DLH + "\\times " + v + "^\\top + \\sum_{i=1}^{T-1} " + d("i")
                + "\\times \\left(" + PROD + "\\right)^\\top\\times " + DLH + "\\times " + vi + "^\\top";
    }

    /** The rows as {@code lhs = first rhs} (TwoNodeStepExpandTest uses it too). */
    static List<String> rows(Symbolic.Result r) {
        List<String> out = new ArrayList<>();
        for (Row row : r.rows()) if (row instanceof Row.Equation eq) out.add(Latex.expr(eq.lhs()) + " = " + Latex.expr(eq.rhs().get(0)));
        return out;
    }

    @Test
    void theRowsAsWorkedByHandInBothLayouts() {
        NetworkSpec s = spec();
        String dw = "\\frac{\\partial L}{\\partial " + W + "} = ", du = "\\frac{\\partial L}{\\partial {\\bm U}} = ";
        Symbolic.Result n = expanded(s, Layout.NUMERATOR);
        assertEquals(List.of(dw + numerator(H + "_{T-1}", H + "_{i-1}"), du + numerator("{\\bm x}_T", "{\\bm x}_i")), rows(n));
        Symbolic.Result t = expanded(s, Layout.DENOMINATOR);
        assertEquals(List.of(dw + denominator(H + "_{T-1}", H + "_{i-1}"), du + denominator("{\\bm x}_T", "{\\bm x}_i")), rows(t));
        for (Symbolic.Result r : List.of(n, t)) {
            // ∂h_t/∂W is substituted, so no case of it is left; the one case is z_n's, for n = 1..T.
            assertEquals(1, r.cases().size(), r.cases().toString());
            Symbolic.Case c = r.cases().get(0);
            assertEquals("n=1, 2, \\cdots, T", c.range());
            assertEquals("{\\bm z}_n = " + W + H + "_{n-1} + {\\bm U}{\\bm x}_n", Latex.expr(c.lhs()) + " = " + Latex.expr(c.rhs().get(0)));
        }
    }

    private static VerifyReport verifyAt(NetworkSpec s, Symbolic.Result x, Layout layout, int seed, boolean random) {
        VerifyReport last = null;
        List<Pipeline.Loaded> at = Pipeline.instances(s, new Diagnostics());
        assertEquals(2, at.size());
        for (Pipeline.Loaded l : at) {
            VerifyReport r = Verifier.of(l.graph(), new VerifyOptions(4, seed, 1e-6, random, null, 10_000))
                    .checkExpanded(SymbolicExpander.at(x, l.graph(), layout)); // δ rows proved on their own
            if (!r.passed()) return r;
            last = r;
        }
        return last;
    }

    @Test
    void theRowsPassFiniteDifferencesAtBothWitnessesAndRandomWidths() {
        NetworkSpec s = spec();
        for (Layout l : Layout.values()) {
            Symbolic.Result r = expanded(s, l);
            for (int seed : new int[] {1, 2, 3}) {
                for (boolean random : new boolean[] {false, true}) {
                    VerifyReport v = verifyAt(s, r, l, seed, random);
                    assertTrue(v.passed(), l + " seed " + seed + "\n" + v.table());
                    assertEquals(2, v.lines().size(), v.table()); // the rows of W and U, both checked
                }
            }
        }
    }

    /** {@code r}'s rows with every ∏ (or the expression holding it, for {@code parent}) changed by {@code f}. */
    static Symbolic.Result corrupt(Symbolic.Result r, UnaryOperator<Expr> f) {
        List<Row> rows = new ArrayList<>();
        for (Row row : r.rows()) {
            Row.Equation eq = (Row.Equation) row;
            rows.add(new Row.Equation(eq.lhs(), eq.rhs().stream().map(e -> walk(e, f)).toList(), ""));
        }
        Symbolic.Result out = new Symbolic.Result(r.network(), false, rows, r.cases(), r.definitions(), r.form());
        assertNotEquals(rows(r), rows(out), "nothing was corrupted");
        return out;
    }

    private static Expr walk(Expr e, UnaryOperator<Expr> f) {
        Expr x = f.apply(e);
        if (x != e) return x;
        if (e instanceof Expr.Product p) return new Expr.Product(p.factors().stream().map(y -> walk(y, f)).toList());
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(y -> walk(y, f)).toList());
        if (e instanceof Expr.SumOver s) return new Expr.SumOver(s.index(), s.from(), s.to(), walk(s.body(), f));
        if (e instanceof Expr.Transpose t) return new Expr.Transpose(walk(t.operand(), f));
        return e;
    }

    private static final Linear ONE = Linear.constant(1, Pos.NONE);

    @Test
    void aWrongBoundAMissingTransposeAndSwappedFactorsFailVerify() {
        NetworkSpec s = spec();
        for (Layout l : Layout.values()) {
            Symbolic.Result good = expanded(s, l);
            List<Symbolic.Result> bad = new ArrayList<>();
            // ∏ from j = i: one step Jacobian too many
            bad.add(corrupt(good, e -> e instanceof Expr.ProductOver p
                    ? new Expr.ProductOver(p.index(), p.from().plus(ONE, -1), p.to(), p.body()) : e));
            // ∏ up to T-1: the factor nearest the loss left out
            bad.add(corrupt(good, e -> e instanceof Expr.ProductOver p
                    ? new Expr.ProductOver(p.index(), p.from(), p.to().plus(ONE, -1), p.body()) : e));
            // Σ up to T: the step-T use counted twice
            bad.add(corrupt(good, e -> e instanceof Expr.SumOver so
                    ? new Expr.SumOver(so.index(), so.from(), so.to().plus(ONE, 1), so.body()) : e));
            // W diag(tanh'(z_j)) for diag(tanh'(z_j)) W inside the ∏
            bad.add(corrupt(good, e -> e instanceof Expr.ProductOver p && p.body() instanceof Expr.Product b
                    ? new Expr.ProductOver(p.index(), p.from(), p.to(), new Expr.Product(List.of(b.factors().get(1), b.factors().get(0))))
                    : e));
            if (l == Layout.DENOMINATOR) {
                // (∏ ...)^T written without its transpose
                bad.add(corrupt(good, e -> e instanceof Expr.Transpose t && t.operand() instanceof Expr.ProductOver ? t.operand() : e));
                // the ∏^T and diag(tanh'(z_i)) swapped in the Σ body
                bad.add(corrupt(good, e -> {
                    if (!(e instanceof Expr.SumOver so) || !(so.body() instanceof Expr.Product b)) return e;
                    List<Expr> fs = new ArrayList<>(b.factors());
                    fs.set(0, b.factors().get(1));
                    fs.set(1, b.factors().get(0));
                    return new Expr.SumOver(so.index(), so.from(), so.to(), new Expr.Product(fs));
                }));
            } else {
                // the ∏ and diag(tanh'(z_i)) swapped in the Σ body
                bad.add(corrupt(good, e -> {
                    if (!(e instanceof Expr.SumOver so) || !(so.body() instanceof Expr.Product b)) return e;
                    List<Expr> fs = new ArrayList<>(b.factors());
                    int n = fs.size();
                    fs.set(n - 2, b.factors().get(n - 1));
                    fs.set(n - 1, b.factors().get(n - 2));
                    return new Expr.SumOver(so.index(), so.from(), so.to(), new Expr.Product(fs));
                }));
            }
            for (Symbolic.Result b : bad) {
                // Square weights: each corruption has the right shape, so only the values can tell.
                VerifyReport v = verifyAt(s, b, l, 1, false);
                assertFalse(v.passed(), l + " " + rows(b) + "\n" + v.table());
            }
        }
    }

    /** What `derive --expand` writes, `check` reads back clean in its layout, and flags each corruption on its line. */
    @Test
    void checkReadsTheRowsAndFlagsCorruptionsOnTheirLine(@TempDir Path dir) throws Exception {
        String net = "samples/rnn-last-symbolic.nn";
        for (String layout : List.of("numerator", "denominator")) {
            String out = expandedAndCheckedClean(net, layout, dir);
            String[] lines = out.split("\n", -1);
            int line = 0;
            for (int x = 0; x < lines.length; x++) if (lines[x].contains("\\partial " + W + "} &= ")) line = x + 1;
            assertTrue(line > 0, out);
            String row = lines[line - 1];
            List<String> broken = new ArrayList<>(List.of(
                    row.replace("\\prod_{j=i+1}^{T}", "\\prod_{j=i}^{T}"),
                    row.replace(d("j") + "\\times " + W, W + "\\times " + d("j"))));
            if (layout.equals("denominator")) broken.add(row.replace("\\right)^\\top\\times " + DLH, "\\right)\\times " + DLH));
            for (String b : broken) {
                assertNotEquals(row, b);
                String[] copy = lines.clone();
                copy[line - 1] = b;
                Path bad = dir.resolve("bad.rst");
                Files.writeString(bad, String.join("\n", copy));
                Fixtures.Run w = Fixtures.cli("", "check", bad.toString(), "--network", net, "--layout", layout);
                assertEquals(1, w.exit(), b + "\n" + w.out() + w.err());
                assertTrue(w.out().contains("bad.rst:" + line + ": error: "), w.out());
                assertTrue(w.out().contains("2 checked, 1 wrong"), w.out());
            }
        }
    }

    // A step of two nodes (z_t = W h_{t-1} + U x_t; h_t = tanh(z_t)), refused here before, is now written out:
    // TwoNodeStepExpandTest (its ∂z_T/∂W row substituted, then the case of ∂h_{T-1}/∂W).

    /**
     * {@code derive --expand --layout layout} of {@code net}, written to a document and checked back: exit 0,
     * "2 checked, 0 wrong", nothing left unread (TwoNodeStepExpandTest uses it too). Returns what derive wrote.
     */
    static String expandedAndCheckedClean(String net, String layout, Path dir) throws Exception {
        Fixtures.Run d = Fixtures.cli("", "derive", "--expand", "--layout", layout, net);
        assertEquals(0, d.exit(), d.err());
        Path ok = dir.resolve("ok.rst");
        Files.writeString(ok, d.out());
        Fixtures.Run c = Fixtures.cli("", "check", ok.toString(), "--network", net, "--layout", layout);
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("2 checked, 0 wrong"), c.out());
        assertFalse(c.out().contains("not read"), c.out());
        return d.out();
    }
}
