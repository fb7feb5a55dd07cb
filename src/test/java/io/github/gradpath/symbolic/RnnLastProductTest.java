package io.github.gradpath.symbolic;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.render.Latex;
import io.github.gradpath.verify.VerifyOptions;
import io.github.gradpath.verify.VerifyReport;
import io.github.gradpath.verify.Verifier;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recurrent network whose only loss is at the last step (samples/rnn-last-symbolic.nn): {@code ∂h_t/∂W} is a
 * recurrence along the numerator, unrolled into d2l §9.7's form (eq. 9.7.7 there, with f the step):
 * {@code ∂h_t/∂W = ∂h_t/∂W|direct + \sum_{i=1}^{t-1} (\prod_{j=i+1}^{t} ∂h_j/∂h_{j-1}) ∂h_i/∂W|direct}, one case
 * for t = 1..T. The expected rows are written by hand from that equation, not from the output. The general rows,
 * expanded, pass finite differences at both witnesses; a ∏ in the input-first order, or with a bound off by one,
 * fails there.
 */
class RnnLastProductTest {
    static NetworkSpec spec() {
        return Pipeline.parse("samples/rnn-last-symbolic.nn", java.io.InputStream.nullInputStream(), new Diagnostics());
    }

    private static final String H = "{\\bm h}";

    private static NetworkSpec parse(String net) {
        return Pipeline.parse("-", new java.io.ByteArrayInputStream(net.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), new Diagnostics());
    }

    /** The general rows, expanded at each witness binding, pass finite differences there. */
    private static void assertVerifiesAtEveryWitness(NetworkSpec spec, Symbolic.Result r) {
        for (Pipeline.Loaded l : Pipeline.instances(spec, new Diagnostics())) {
            VerifyReport ok = Verifier.of(l.graph(), VerifyOptions.defaults())
                    .check(Symbolic.expandAt(r, l.graph().network().binding()));
            assertTrue(ok.passed(), ok.table());
        }
    }

    private static String direct(String num, String den) {
        return "\\left.\\frac{\\partial " + num + "}{\\partial " + den + "}\\right|_{\\mathrm{direct}}";
    }

    @Test
    void theWeightsFactorIsASumOverEarlierStepsOfProductsOfOneStepJacobians() {
        Symbolic.Result r = Symbolic.derive(spec(), new Symbolic.Request(null, false), new Diagnostics());
        List<String> rows = Latex.alignedRows(r.rows());
        assertEquals(List.of(
                "\\frac{\\partial L}{\\partial {\\bm W}} &= \\frac{\\partial L}{\\partial " + H + "_T}\\times "
                        + "\\frac{\\partial " + H + "_T}{\\partial {\\bm W}}",
                "\\frac{\\partial L}{\\partial {\\bm U}} &= \\frac{\\partial L}{\\partial " + H + "_T}\\times "
                        + "\\frac{\\partial " + H + "_T}{\\partial {\\bm U}}"), rows);
        assertEquals(2, r.cases().size());
        assertTrue(r.definitions().isEmpty(), r.definitions().toString());
        for (int c = 0; c < 2; c++) {
            String w = c == 0 ? "{\\bm W}" : "{\\bm U}";
            Symbolic.Case k = r.cases().get(c);
            assertEquals("t=1, 2, \\cdots, T", k.range());
            assertEquals("\\frac{\\partial " + H + "_t}{\\partial " + w + "}", Latex.expr(k.lhs()));
            assertEquals(1, k.rhs().size());
            assertEquals(direct(H + "_t", w) + " + \\sum_{i=1}^{t-1} \\left(\\prod_{j=i+1}^{t} \\frac{\\partial "
                    + H + "_j}{\\partial " + H + "_{j-1}}\\right)\\times " + direct(H + "_i", w),
                    Latex.expr(k.rhs().get(0)));
        }
    }

    /** The case for ∂h_t/∂W with its ∏ changed by {@code f}. */
    private static Symbolic.Result withProduct(Symbolic.Result r, UnaryOperator<Expr.ProductOver> f) {
        List<Symbolic.Case> cases = new ArrayList<>(r.cases());
        Symbolic.Case k = cases.get(0);
        Expr.Sum rhs = (Expr.Sum) k.rhs().get(0);
        Expr.SumOver s = (Expr.SumOver) rhs.terms().get(1);
        Expr.Product body = (Expr.Product) s.body();
        List<Expr> fs = new ArrayList<>(body.factors());
        fs.set(0, f.apply((Expr.ProductOver) fs.get(0)));
        Expr changed = new Expr.Sum(List.of(rhs.terms().get(0),
                new Expr.SumOver(s.index(), s.from(), s.to(), new Expr.Product(fs))));
        cases.set(0, new Symbolic.Case(k.variable(), k.range(), k.lhs(), List.of(changed), k.from(), k.to()));
        return new Symbolic.Result(r.network(), false, r.rows(), cases, r.definitions());
    }

    private static Linear lin(long c, Map<String, Long> coeffs) { return new Linear(c, coeffs, Pos.NONE); }

    @Test
    void theProductRowsHoldAtBothWitnessesAndAWrongOrderOrBoundFails() {
        NetworkSpec spec = spec();
        Diagnostics d = new Diagnostics();
        Symbolic.Result r = Symbolic.derive(spec, new Symbolic.Request(null, false), d);
        // The chain input-first: ∏_{j=i+1}^{t} ∂h_{t+i+1-j}/∂h_{t+i-j} is ∂h_{i+1}/∂h_i × ⋯ × ∂h_t/∂h_{t-1}.
        Symbolic.Result reversed = withProduct(r, p -> new Expr.ProductOver(p.index(), p.from(), p.to(),
                new Expr.Partial(
                        new Expr.Var("h", List.of(lin(1, Map.of("t", 1L, "i", 1L, "j", -1L))), Expr.Role.NODE),
                        new Expr.Var("h", List.of(lin(0, Map.of("t", 1L, "i", 1L, "j", -1L))), Expr.Role.NODE))));
        // One factor short: from i+2.
        Symbolic.Result shortBound = withProduct(r, p -> new Expr.ProductOver(p.index(),
                p.from().plus(Linear.constant(1, Pos.NONE), 1), p.to(), p.body()));
        // One step too far: up to t-1 would skip the factor nearest the loss.
        Symbolic.Result lowTop = withProduct(r, p -> new Expr.ProductOver(p.index(), p.from(),
                p.to().plus(Linear.constant(1, Pos.NONE), -1), p.body()));
        List<Pipeline.Loaded> instances = Pipeline.instances(spec, d);
        assertEquals(2, instances.size());
        double tol = VerifyOptions.defaults().tolerance();
        for (Pipeline.Loaded l : instances) {
            Map<String, Long> b = l.graph().network().binding();
            var expanded = Symbolic.expandAt(r, b);
            // One definition of ∂h_t/∂W and one of ∂h_t/∂U for every t.
            assertEquals(b.get("T") * 2, expanded.definitions().size());
            VerifyReport ok = Verifier.of(l.graph(), VerifyOptions.defaults()).check(expanded);
            assertTrue(ok.passed(), ok.table());
            for (Symbolic.Result bad : List.of(reversed, shortBound, lowTop)) {
                VerifyReport no = Verifier.of(l.graph(), VerifyOptions.defaults()).check(Symbolic.expandAt(bad, b));
                assertFalse(no.passed(), no.table());
                // Only the rows of ∂h_t/∂W for t >= 3 (the reversal) or t >= 2 change: ∂h_1/∂W and every U row hold.
                for (VerifyReport.Line line : no.lines()) {
                    boolean wRow = line.label().contains("W") && !line.label().startsWith("∂h_1/")
                            && !line.label().startsWith("∂h_2/") && line.label().startsWith("∂h_");
                    if (line.label().contains("U") || line.label().startsWith("∂h_1/")) {
                        assertTrue(line.passed(tol), line.label() + "\n" + no.table());
                    } else if (wRow) {
                        assertFalse(line.passed(tol), line.label() + "\n" + no.table());
                    }
                }
            }
        }
    }

    @Test
    void checkReadsTheProductRowsBackAndFlagsEachCorruptionOnItsLine(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Fixtures.Run d = Fixtures.cli("", "derive", "samples/rnn-last-symbolic.nn");
        assertEquals(0, d.exit(), d.err());
        String text = d.out();
        Path ok = dir.resolve("ok.rst");
        java.nio.file.Files.writeString(ok, text);
        Fixtures.Run c = Fixtures.cli("", "check", ok.toString(), "--network", "samples/rnn-last-symbolic.nn");
        assertEquals(0, c.exit(), c.out() + c.err());
        assertTrue(c.out().contains("4 checked, 0 wrong"), c.out());
        int line = 0;
        String[] lines = text.split("\n", -1);
        for (int x = 0; x < lines.length; x++) if (lines[x].contains("partial {\\bm W}} = ")) line = x + 1;
        assertTrue(line > 0, text);
        String prod = "\\left(\\prod_{j=i+1}^{t} \\frac{\\partial {\\bm h}_j}{\\partial {\\bm h}_{j-1}}\\right)"
                + "\\times " + direct(H + "_i", "{\\bm W}");
        assertTrue(lines[line - 1].contains(prod), lines[line - 1]);
        List<String> broken = List.of(
                lines[line - 1].replace("\\prod_{j=i+1}^{t}", "\\prod_{j=i}^{t}"),
                lines[line - 1].replace("\\sum_{i=1}^{t-1}", "\\sum_{i=1}^{t}"),
                lines[line - 1].replace(prod, direct(H + "_i", "{\\bm W}")
                        + "\\times \\prod_{j=i+1}^{t} \\frac{\\partial {\\bm h}_j}{\\partial {\\bm h}_{j-1}}"));
        for (String b : broken) {
            assertFalse(b.equals(lines[line - 1]));
            String[] copy = lines.clone();
            copy[line - 1] = b;
            Path bad = dir.resolve("bad.rst");
            java.nio.file.Files.writeString(bad, String.join("\n", copy));
            Fixtures.Run w = Fixtures.cli("", "check", bad.toString(), "--network", "samples/rnn-last-symbolic.nn");
            assertEquals(1, w.exit(), w.out() + w.err());
            assertTrue(w.out().contains("bad.rst:" + line + ": error: "), w.out());
            assertTrue(w.out().contains("4 checked, 1 wrong"), w.out());
        }
    }

    @Test
    void aStepOfTwoNodesIsOneFactorOfTheProduct() {
        // z_t = W h_{t-1} + U x_t; h_t = tanh(z_t): a step of the chain is ∂h_j/∂z_j × ∂z_j/∂h_{j-1}. Worked by hand:
        // ∂h_t/∂W = ∂h_t/∂z_t ∂z_t/∂W|direct + Σ_{i=1}^{t-1} (∏_{j=i+1}^{t} ∂h_j/∂z_j ∂z_j/∂h_{j-1}) ∂h_i/∂z_i
        // ∂z_i/∂W|direct. The core names ∂z_T/∂W and ∂h_t/∂W for t = 2..T-1 only (∂h_1/∂W it writes inline), so
        // the case is for those t; ∂z_1/∂W is W's one edge into z_1, so its total is written |direct, as the others.
        String net = TwoNodeStepExpandTest.NET;
        NetworkSpec spec = parse(net);
        Symbolic.Result r = Symbolic.derive(spec, new Symbolic.Request(null, false), new Diagnostics());
        Symbolic.Case k = r.cases().get(0);
        assertEquals("t=2, 3, \\cdots, T-1", k.range());
        String z = "{\\bm z}", w = "{\\bm W}";
        assertEquals("\\frac{\\partial " + H + "_t}{\\partial " + z + "_t}\\times " + direct(z + "_t", w)
                + " + \\sum_{i=1}^{t-1} \\left(\\prod_{j=i+1}^{t} \\left(\\frac{\\partial " + H + "_j}{\\partial "
                + z + "_j}\\times \\frac{\\partial " + z + "_j}{\\partial " + H + "_{j-1}}\\right)\\right)\\times "
                + "\\frac{\\partial " + H + "_i}{\\partial " + z + "_i}\\times " + direct(z + "_i", w),
                Latex.expr(k.rhs().get(0)));
        assertVerifiesAtEveryWitness(spec, r);
    }

    @Test
    void aWeightSharedAcrossLayersStartsItsSumWhereTheWeightIsFirstUsed() {
        // h_1 = a_0(w_0 x) does not use w, so the chain into w ends at h_2 = a_1(w h_1): by hand,
        // ∂h_t/∂w = ∂h_t/∂w|direct + Σ_{i=2}^{t-1} (∏_{j=i+1}^{t} ∂h_j/∂h_{j-1}) ∂h_i/∂w|direct for t = 2..N.
        String net = """
                network SharedDepth {
                  index N : N >= 3;
                  input x;
                  h_1 = a_0(w_0 x);
                  h_{n+1} = a_n(w h_n) for n in 1..N-1;
                  loss L(h_N);
                }
                """;
        NetworkSpec spec = parse(net);
        Symbolic.Result r = Symbolic.derive(spec, new Symbolic.Request(null, false), new Diagnostics());
        Symbolic.Case k = r.cases().get(0);
        assertEquals("t=2, 3, \\cdots, N", k.range());
        String w = "{\\bm w}";
        assertEquals(direct(H + "_t", w) + " + \\sum_{i=2}^{t-1} \\left(\\prod_{j=i+1}^{t} \\frac{\\partial "
                + H + "_j}{\\partial " + H + "_{j-1}}\\right)\\times " + direct(H + "_i", w), Latex.expr(k.rhs().get(0)));
        assertVerifiesAtEveryWitness(spec, r);
    }

    @Test
    void aRecurrenceOfFixedLengthIsWrittenOutAsBefore() {
        // T = 5 written by hand: no Σ or ∏ (a run of fixed length is written out, as a person would).
        String net = """
                network Rnn5 {
                  input x_1, x_2, x_3, x_4, x_5;
                  input h_0;
                  param W, U;
                  h_1 = tanh(W h_0 + U x_1);
                  h_2 = tanh(W h_1 + U x_2);
                  h_3 = tanh(W h_2 + U x_3);
                  h_4 = tanh(W h_3 + U x_4);
                  h_5 = tanh(W h_4 + U x_5);
                  loss L(h_5);
                }
                """;
        Fixtures.Run run = Fixtures.cli(net, "derive", "-");
        assertEquals(0, run.exit(), run.err());
        assertFalse(run.out().contains("\\prod") || run.out().contains("\\sum"), run.out());
    }
}
