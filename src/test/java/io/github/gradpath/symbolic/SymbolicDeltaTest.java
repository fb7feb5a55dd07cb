package io.github.gradpath.symbolic;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Layout;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Diagnostics;
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
 * δ at symbolic indices (denominator layout, adjoint form). By hand, for the chain h_1 = a_0(w_0 x),
 * h_{n+1} = a_n(w_n h_n) (n = 1..N-1), L(h_N): δ_n = ∂L/∂z_n = diag(a_n'(z_n)) ∂L/∂h_{n+1} (BP1), and where
 * ∂L/∂h_{n+1} = w_{n+1}^T δ_{n+1} has a row (n+1 = 1..N-1), that substituted (BP2): δ_n = diag(a_n'(z_n)) w_{n+1}^T
 * δ_{n+1} for n = 0..N-2; δ_{N-1} = diag(a_{N-1}'(z_{N-1})) ∂L/∂h_N alone (∂L/∂h_N is the loss's gradient);
 * ∂L/∂h_k = w_k^T δ_k, ∂L/∂w_n = δ_n h_n^T (BP4), ∂L/∂w_0 = δ_0 x^T.
 */
class SymbolicDeltaTest {
    private static NetworkSpec chain(Path dir) throws Exception {
        Path f = dir.resolve("chain.nn");
        Files.writeString(f, SymbolicExpandTest.CHAIN);
        return Pipeline.parse(f.toString(), InputStream.nullInputStream(), new Diagnostics());
    }

    private static Symbolic.Result expanded(NetworkSpec s) {
        Symbolic.Result r = Symbolic.derive(s, new Symbolic.Request(null, false, Form.ADJOINT), new Diagnostics());
        return SymbolicExpander.expand(s, r, Layout.DENOMINATOR, new Diagnostics());
    }

    private static String eq(Expr lhs, List<Expr> rhs) {
        StringBuilder sb = new StringBuilder(Latex.expr(lhs));
        for (Expr e : rhs) sb.append(" = ").append(Latex.expr(e));
        return sb.toString();
    }

    private static final String D = "{\\bm \\delta}", H = "{\\bm h}", W = "{\\bm w}";

    private static String diag(String n) { return "\\operatorname{diag}\\left(a_" + n + "'({\\bm z}_" + n + ")\\right)"; }

    @Test
    void theChainsDeltaRowsAsWorkedByHand(@TempDir Path dir) throws Exception {
        Symbolic.Result r = expanded(chain(dir));
        List<String> rows = new ArrayList<>();
        for (Row row : r.rows()) if (row instanceof Row.Equation e) rows.add(eq(e.lhs(), e.rhs()));
        assertEquals(List.of(
                "\\frac{\\partial L}{\\partial " + W + "_{N-1}} = " + D + "_{N-1}\\times " + H + "_{N-1}^\\top",
                "\\frac{\\partial L}{\\partial " + W + "_{N-2}} = " + D + "_{N-2}\\times " + H + "_{N-2}^\\top",
                "\\frac{\\partial L}{\\partial " + W + "_1} = " + D + "_1\\times " + H + "_1^\\top",
                "\\frac{\\partial L}{\\partial " + W + "_0} = " + D + "_0\\times {\\bm x}^\\top"), rows);
        List<String> cases = new ArrayList<>();
        for (Symbolic.Case c : r.cases()) cases.add(String.join(", ", c.ranges()) + ": " + eq(c.lhs(), c.rhs()));
        assertEquals(List.of(
                "n=1, 2, \\cdots, N-1: {\\bm z}_n = " + W + "_n" + H + "_n",
                "n=0, 1, \\cdots, N-2: " + D + "_n = " + diag("n") + "\\times \\frac{\\partial L}{\\partial " + H + "_{n+1}} = "
                        + diag("n") + "\\times " + W + "_{n+1}^\\top\\times " + D + "_{n+1}",
                "k=1, 2, \\cdots, N-1: \\frac{\\partial L}{\\partial " + H + "_k} = " + W + "_k^\\top\\times " + D + "_k"), cases);
        List<String> defs = new ArrayList<>();
        for (Row row : r.definitions()) if (row instanceof Row.Equation e) defs.add(eq(e.lhs(), e.rhs()));
        assertEquals(List.of("{\\bm z}_0 = " + W + "_0{\\bm x}",
                D + "_{N-1} = " + diag("{N-1}") + "\\times \\frac{\\partial L}{\\partial " + H + "_N}"), defs);
    }

    /** Every δ row is proved on its own at both witnesses (DeltaCheck's reference), not only through its uses. */
    private static VerifyReport verifyAt(NetworkSpec s, Symbolic.Result x, int seed, boolean random) {
        VerifyReport last = null;
        for (Pipeline.Loaded l : Pipeline.instances(s, new Diagnostics())) {
            VerifyReport r = Verifier.of(l.graph(), new VerifyOptions(4, seed, 1e-6, random, null, 10_000))
                    .checkExpanded(SymbolicExpander.at(x, l.graph(), Layout.DENOMINATOR));
            if (!r.passed()) return r;
            long deltas = r.lines().stream().filter(line -> line.label().startsWith("delta_")).count();
            assertEquals(l.graph().network().binding().get("N").longValue(), deltas, r.table()); // δ_0 .. δ_{N-1}
            last = r;
        }
        return last;
    }

    @Test
    void theDeltaRowsPassAtBothWitnessesAndEverySymbolicSampleStillVerifies(@TempDir Path dir) throws Exception {
        NetworkSpec s = chain(dir);
        Symbolic.Result r = expanded(s);
        for (int seed = 1; seed <= 2; seed++) for (boolean random : new boolean[] {false, true}) {
            VerifyReport v = verifyAt(s, r, seed, random);
            assertTrue(v.passed(), v.table());
        }
    }

    /** The δ case changed by {@code f} in its substituted right-hand side only (the first stays right). */
    private static Symbolic.Result corruptSecond(Symbolic.Result r, UnaryOperator<Expr> f) {
        List<Symbolic.Case> cases = new ArrayList<>();
        for (Symbolic.Case c : r.cases()) {
            if (c.lhs() instanceof Expr.Var v && v.base().equals("delta")) {
                List<Expr> rhs = new ArrayList<>(c.rhs());
                rhs.set(1, f.apply(rhs.get(1)));
                assertNotEquals(Latex.expr(c.rhs().get(1)), Latex.expr(rhs.get(1)));
                c = new Symbolic.Case(c.variable(), c.range(), c.lhs(), rhs, c.from(), c.to());
            }
            cases.add(c);
        }
        return new Symbolic.Result(r.network(), false, r.rows(), cases, r.definitions(), r.form());
    }

    private static Expr shift(Expr e, String base, long by) {
        return SymbolicExpander.mapVars(e, v -> v.base().equals(base) && !v.indices().isEmpty()
                ? new Expr.Var(v.base(), List.of(v.indices().get(0).plus(io.github.gradpath.dsl.Linear.constant(by,
                        io.github.gradpath.diag.Pos.NONE), 1)), v.label(), v.role()) : v);
    }

    @Test
    void aWrongWeightASkippedStepAndTheWrongLayersDerivativeFailOnTheDeltaRow(@TempDir Path dir) throws Exception {
        NetworkSpec s = chain(dir);
        Symbolic.Result good = expanded(s);
        List<Symbolic.Result> bad = List.of(
                corruptSecond(good, e -> shift(e, "w", -1)),      // w_n^T for w_{n+1}^T
                corruptSecond(good, e -> shift(e, "delta", 1)),   // δ_{n+2} for δ_{n+1}: a step skipped
                corruptSecond(good, e -> shift(e, "z", 1)));      // the next layer's z_{n+1} for z_n
        for (Symbolic.Result b : bad) {
            VerifyReport v = verifyAt(s, b, 1, false);
            assertFalse(v.passed(), Latex.expr(b.cases().get(1).rhs().get(1)) + "\n" + v.table());
            // Found on a δ row: the rows using δ are evaluated through its first (right) side.
            for (VerifyReport.Line line : v.lines()) {
                if (!line.passed(1e-6)) assertTrue(line.label().startsWith("delta_"), line.label() + "\n" + v.table());
            }
        }
    }

    @Test
    void checkReadsTheDeltaRowsAndFlagsAWrongWeightOnItsLine(@TempDir Path dir) throws Exception {
        NetworkSpec s = chain(dir);
        String net = dir.resolve("chain.nn").toString();
        Fixtures.Run d = Fixtures.cli("", "derive", "--expand", "--layout", "denominator", "--form", "adjoint", net);
        assertEquals(0, d.exit(), d.err());
        Path ok = dir.resolve("ok.rst");
        Files.writeString(ok, d.out());
        Fixtures.Run c = Fixtures.cli("", "check", ok.toString(), "--network", net, "--layout", "denominator");
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains(" 0 wrong"), c.out());
        String[] lines = d.out().split("\n", -1);
        int line = 0;
        for (int x = 0; x < lines.length; x++) if (lines[x].contains(D + "_n = ")) line = x + 1;
        assertTrue(line > 0, d.out());
        String[] copy = lines.clone();
        copy[line - 1] = lines[line - 1].replace(W + "_{n+1}^\\top\\times " + D + "_{n+1}", W + "_n^\\top\\times " + D + "_{n+1}");
        assertNotEquals(lines[line - 1], copy[line - 1]);
        Path bad = dir.resolve("bad.rst");
        Files.writeString(bad, String.join("\n", copy));
        Fixtures.Run w = Fixtures.cli("", "check", bad.toString(), "--network", net, "--layout", "denominator");
        assertEquals(1, w.exit(), w.out() + w.err());
        assertTrue(w.out().contains("bad.rst:" + line + ": error: "), w.out());
        assertTrue(s.name().equals("Chain"));
    }
}
