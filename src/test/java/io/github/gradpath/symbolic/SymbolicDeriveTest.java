package io.github.gradpath.symbolic;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.render.Format;
import io.github.gradpath.render.Latex;
import io.github.gradpath.render.Templates;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expected rows below are the chapter's equations retyped by hand (with the differences the README lists:
 * {@code 1 + ...} in source order, no {@code \vdots} between neighbouring rows), not output of the code.
 */
class SymbolicDeriveTest {
    private static final Symbolic.Request GRADIENTS = new Symbolic.Request(List.of(), false);
    private static final Symbolic.Request FORWARD = new Symbolic.Request(List.of(), true);
    private static final String VDOTS = "&\\ \\ \\vdots";

    static String bm(String base, String sub) {
        return "{\\bm " + base + "}" + (sub.isEmpty() ? "" : "_" + (sub.length() == 1 ? sub : "{" + sub + "}"));
    }

    static String h(String sub) { return bm("h", sub); }

    static String d(String a, String b) { return "\\frac{\\partial " + a + "}{\\partial " + b + "}"; }

    static String x(String... factors) { return String.join("\\times ", factors); }

    static String row(String wrt, String rhs) { return d("L", bm("w", wrt)) + " &= " + rhs; }

    /** ∂L/∂y × ∂y/∂h_N × ∂h_N/∂h_{N-1} × ⋯ × ∂h_{q+1}/∂s_q: the top of every row below w_q. */
    static String top(String... rest) {
        List<String> f = new ArrayList<>(List.of(d("L", bm("y", "")), d(bm("y", ""), h("N")), d(h("N"), h("N-1")),
                "\\cdots"));
        f.addAll(List.of(rest));
        return x(f.toArray(String[]::new));
    }

    static final List<String> SKIP_ROWS = List.of(
            row("N", x(d("L", bm("y", "")), d(bm("y", ""), bm("w", "N")))),
            row("N-1", x(d("L", bm("y", "")), d(bm("y", ""), h("N")), d(h("N"), bm("w", "N-1")))),
            VDOTS,
            row("q", top(d(h("q+1"), bm("w", "q")))),
            row("q-1", top(d(h("q+1"), bm("s", "q")), d(bm("s", "q"), h("q")), d(h("q"), bm("w", "q-1")))),
            VDOTS,
            row("p", top(d(h("q+1"), bm("s", "q")), d(bm("s", "q"), h("p+1")), d(h("p+1"), bm("w", "p")))),
            row("p-1", top(d(h("q+1"), bm("s", "q")), d(bm("s", "q"), h("p")), d(h("p"), bm("w", "p-1")))),
            VDOTS,
            row("1", top(d(h("q+1"), bm("s", "q")), d(bm("s", "q"), h("2")), d(h("2"), bm("w", "1")))),
            row("0", top(d(h("q+1"), bm("s", "q")), d(bm("s", "q"), h("1")), d(h("1"), bm("w", "0")))));

    static final String CASE_A = d(bm("s", "q"), h("k")) + " = "
            + x(d(bm("s", "q"), h("q")), d(h("q"), h("q-1")), "\\cdots", d(h("k+1"), h("k")));

    static final String CASE_B = d(bm("s", "q"), h("k"))
            + " = " + x(d(bm("s", "q"), h("p")), d(h("p"), h("k")))
            + " = " + x("\\left(1 + " + d(h("q"), h("p")) + "\\right)", d(h("p"), h("k")))
            + " = " + x("\\left(1 + " + x(d(h("q"), h("q-1")), "\\cdots", d(h("p+1"), h("p"))) + "\\right)",
            d(h("p"), h("p-1")), "\\cdots", d(h("k+1"), h("k")));

    private static Symbolic.Result derive(String text, Symbolic.Request r) {
        return Symbolic.derive(Fixtures.spec(text), r, new Diagnostics());
    }

    @Test
    void skipNetworkGradientBlockHasTheChaptersRowsFactorsAndElisions() {
        Symbolic.Result r = derive(Fixtures.SKIP, GRADIENTS);
        assertEquals(SKIP_ROWS, Latex.alignedRows(r.rows()));
    }

    @Test
    void mergeFactorIsDefinedByTheChaptersTwoCasesOfK() {
        Symbolic.Result r = derive(Fixtures.SKIP, GRADIENTS);
        assertEquals(2, r.cases().size());
        assertEquals("k=p+1, p+2, \\cdots, q", r.cases().get(0).range());
        assertEquals(CASE_A, SymbolicDocument.equation(r.cases().get(0).lhs(), r.cases().get(0).rhs()));
        assertEquals("k=1, 2, \\cdots, p", r.cases().get(1).range());
        assertEquals(CASE_B, SymbolicDocument.equation(r.cases().get(1).lhs(), r.cases().get(1).rhs()));
        assertTrue(r.definitions().isEmpty(), "every named factor is covered by a case");
    }

    @Test
    void forwardBlockRunsFromTheOutputDownToTheFirstLayer() {
        Symbolic.Result r = derive(Fixtures.SKIP, FORWARD);
        assertEquals(List.of(
                bm("y", "") + " &= a_N(" + bm("w", "N") + h("N") + ")",
                VDOTS,
                h("q+1") + " &= a_q(" + bm("w", "q") + bm("s", "q") + ")",
                bm("s", "q") + " &= " + h("p") + " + " + h("q"),
                VDOTS,
                h("p+1") + " &= a_p(" + bm("w", "p") + h("p") + ")",
                VDOTS,
                h("2") + " &= a_1(" + bm("w", "1") + h("1") + ")",
                h("1") + " &= a_0(" + bm("w", "0") + bm("x", "") + ")"), Latex.alignedRows(r.rows()));
    }

    @Test
    void forwardBlockOfAConcreteNetworkHasEveryRow() {
        Fixtures.Run r = Fixtures.cli("""
                network Skip6 {
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n) for n in 1..5, n != 4;
                  s_4     = h_2 + h_4;
                  h_5     = a_4(w_4 s_4);
                  y       = a_6(w_6 h_6);
                  loss L(y);
                }
                """, "derive", "-", "--forward");
        assertEquals(0, r.exit(), r.err());
        List<String> lhs = r.out().lines().filter(l -> l.contains("&="))
                .map(l -> l.substring(0, l.indexOf(" &=")).trim()).toList();
        assertEquals(List.of(bm("y", ""), h("6"), h("5"), bm("s", "4"), h("4"), h("3"), h("2"), h("1")), lhs);
        assertTrue(r.out().contains(":label: forward-Skip6") && !r.out().contains("vdots"), r.out());
    }

    @Test
    void showPicksThePlainNetworksRowsAsTheChapterDoes() {
        String plain = """
                network Classical {
                  index N, p, q : 1 <= p < q < N;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n)   for n in 1..N-1;
                  y       = a_N(w_N h_N);
                  loss L(y);
                  show w_N, w_{N-1}, w_q, w_p, w_1, w_0;
                }
                """;
        Symbolic.Result r = derive(plain, GRADIENTS);
        String yh = d("L", bm("y", "")) + "\\times " + d(bm("y", ""), h("N"));
        assertEquals(List.of(
                row("N", x(d("L", bm("y", "")), d(bm("y", ""), bm("w", "N")))),
                row("N-1", x(yh, d(h("N"), bm("w", "N-1")))),
                VDOTS,
                row("q", top(d(h("q+1"), bm("w", "q")))),
                VDOTS,
                row("p", top(d(h("p+1"), bm("w", "p")))),
                VDOTS,
                row("1", top(d(h("2"), bm("w", "1")))),
                row("0", top(d(h("1"), bm("w", "0"))))), Latex.alignedRows(r.rows()));
        assertTrue(r.cases().isEmpty() && r.definitions().isEmpty());
    }

    @Test
    void residualStackOfSymbolicLengthGivesHeEtAlsProductForm() {
        Symbolic.Result r = derive(Fixtures.RESIDUAL, GRADIENTS);
        assertEquals(1, r.cases().size());
        Symbolic.Case c = r.cases().get(0);
        assertEquals("k=0, 1, \\cdots, L-1", c.range());
        String xL = bm("x", "L");
        String one = "\\left(1 + " + d(bm("F", "L-1"), bm("x", "L-1")) + "\\right)";
        String last = "\\left(1 + " + d(bm("F", "k+1"), bm("x", "k+1")) + "\\right)";
        assertEquals(d(xL, bm("F", "k")) + " = " + x(d(xL, bm("x", "L-1")), "\\cdots", d(bm("x", "k+1"), bm("F", "k")))
                + " = " + x(one, "\\cdots", last, d(bm("x", "k+1"), bm("F", "k"))),
                SymbolicDocument.equation(c.lhs(), c.rhs()));

        Symbolic.Result x0 = derive(Fixtures.RESIDUAL, new Symbolic.Request(List.of("x_0"), false));
        List<String> defs = Latex.alignedRows(x0.definitions());
        assertEquals(List.of(
                d(xL, bm("x", "0")) + " &= " + x(d(xL, bm("x", "L-1")), "\\cdots", d(bm("x", "1"), bm("x", "0"))),
                "&= " + x(one, "\\cdots", "\\left(1 + " + d(bm("F", "0"), bm("x", "0")) + "\\right)")), defs);
    }

    /** Deriving at bindings with very different gaps must give the same text: the output is not a coincidence. */
    @Test
    void outputIsTheSameAtEveryWitness() {
        NetworkSpec skip = Fixtures.spec(Fixtures.SKIP);
        List<Map<String, Long>> witnesses = List.of(b("N", 60, "p", 20, "q", 40), b("N", 93, "p", 27, "q", 58),
                b("N", 71, "p", 13, "q", 45), b("N", 130, "p", 50, "q", 75));
        for (Symbolic.Request req : List.of(GRADIENTS, FORWARD, new Symbolic.Request(List.of("w_{q-2}", "w_2"), false))) {
            String first = null;
            for (Map<String, Long> w : witnesses) {
                String t = Symbolic.text(Symbolic.deriveAt(skip, w, req, new Diagnostics()));
                if (first == null) first = t;
                assertEquals(first, t, "at " + w);
            }
        }
        NetworkSpec res = Fixtures.spec(Fixtures.RESIDUAL);
        assertEquals(Symbolic.text(Symbolic.deriveAt(res, b("L", 20), GRADIENTS, new Diagnostics())),
                Symbolic.text(Symbolic.deriveAt(res, b("L", 57), GRADIENTS, new Diagnostics())));
    }

    /** A network whose shape depends on the values (2N is no symbol plus an offset) must be refused, not guessed. */
    @Test
    void witnessDependentNetworkIsRefused() {
        String doubling = """
                network Doubling {
                  index N : N >= 1;
                  input x;
                  h_1     = a_0(w_0 x);
                  h_{n+1} = a_n(w_n h_n) for n in 1..2*N-1;
                  s       = h_N + h_{2*N};
                  y       = b(v s);
                  loss L(y);
                }
                """;
        Diagnostics d = new Diagnostics();
        assertThrows(InputException.class, () -> Symbolic.derive(Fixtures.spec(doubling), GRADIENTS, d));
        assertTrue(d.format().contains("changes with the values of its indices"), d.format());
        assertTrue(d.format().startsWith("test.nn:1:9: error: "), d.format());
    }

    @Test
    void caseWordsComeFromTheLanguageTemplates() {
        Symbolic.Result r = derive(Fixtures.SKIP, GRADIENTS);
        String zh = new SymbolicDocument(Templates.builtIn(), "zh").render(r, Format.RST, "g");
        String en = new SymbolicDocument(Templates.builtIn(), "en").render(r, Format.RST, "g");
        assertTrue(zh.contains("\n当 :math:`k=p+1, p+2, \\cdots, q` 时, :math:`" + CASE_A + "`.\n"), zh);
        assertTrue(zh.contains("\n当 :math:`k=1, 2, \\cdots, p` 时, :math:`" + CASE_B + "`.\n"), zh);
        assertTrue(en.contains("\nFor :math:`k=p+1, p+2, \\cdots, q`, :math:`" + CASE_A + "`.\n"), en);
        String tex = new SymbolicDocument(Templates.builtIn(), "zh").render(r, Format.LATEX, "g");
        // LaTeX writes each case as a display broken at its right-hand sides (no overfull line).
        assertTrue(tex.contains("当 \\(k=1, 2, \\cdots, p\\) 时,\n\\[\n  \\begin{aligned}\n"), tex);
    }

    private static Map<String, Long> b(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        return m;
    }
}
