package io.github.gradpath.check;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code \cdots} between groups of explicit factors at symbolic depth (Runs), on the chapter's figure (b)
 * (check/chapter-skip.nn: N layers, a skip from h_p to s_q). The right rows are the chain rule worked by hand:
 * ∂L/∂w_{q-1} = h_{q-1} ∂L/∂y diag(a_N') w_N diag(a_{N-1}') w_{N-1} ⋯ diag(a_q') w_q diag(a_{q-1}') (numerator layout),
 * its transpose in the denominator layout, the run climbing from q+1 to N-1. Each corruption must be flagged on its
 * row with the end of the run that is wrong and how (a layer early or late, every weight transposed or none), not only
 * by the shapes that do not fit; a run whose period is not written twice, or is ambiguous, is "cannot read", never
 * right and never wrong.
 */
class ExplicitRunCheckTest {
    static final String NET;

    static {
        try {
            NET = Files.readString(CheckFixtures.resource("chapter-skip.nn"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final String X = "\\times ";
    private static final String DOTS = "\\cdots";

    private static String d(String a, String b) { return CheckFixtures.d(a, b); }

    /** {@code diag(a_n'(z_n))} with n written as {@code i}. */
    private static String g(String i) {
        String s = i.length() == 1 ? i : "{" + i + "}";
        return "\\operatorname{diag}\\left(a_" + s + "'({\\bm z}_" + s + ")\\right)";
    }

    private static String w(String i) { return "{\\bm w}_" + (i.length() == 1 ? i : "{" + i + "}"); }

    private static String wt(String i) { return w(i) + "^\\top"; }

    record Case(String name, String check, String row, String expected) {
        @Override
        public String toString() { return name; }
    }

    private static String num(String... run) {
        return d("L", "w_{q-1}") + " = " + String.join(X, List.of(CheckFixtures.v("h_{q-1}"), d("L", "y")))
                + X + String.join(X, run) + X + g("q-1");
    }

    private static String den(String... run) {
        return d("L", "w_{q-1}") + " = " + g("q-1") + X + String.join(X, run) + X + d("L", "y") + X
                + CheckFixtures.v("h_{q-1}") + "^\\top";
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("numerator: derive's spelling", "", num(g("N"), w("N"), g("N-1"), w("N-1"), DOTS, g("q"), w("q")), null));
        c.add(new Case("numerator: hand-written, \\mathrm{diag}, no \\times", "",
                d("L", "w_{q-1}") + " = h_{q-1} \\frac{\\partial L}{\\partial y} \\mathrm{diag}(a_N'(z_N))\\, w_N\\,"
                        + " \\mathrm{diag}(a_{N-1}'(z_{N-1}))\\, w_{N-1} \\cdots \\mathrm{diag}(a_q'(z_q))\\, w_q\\,"
                        + " \\mathrm{diag}(a_{q-1}'(z_{q-1}))", null));
        c.add(new Case("numerator: period seen after the run only", "",
                num(g("N"), w("N"), DOTS, g("q+1"), w("q+1"), g("q"), w("q")), null));
        c.add(new Case("denominator: derive's spelling (the run climbs)", "layout=denominator",
                den(wt("q"), g("q"), wt("q+1"), g("q+1"), DOTS, wt("N-1"), g("N-1"), wt("N"), g("N")), null));
        c.add(new Case("numerator: the run ends one layer early", "",
                num(g("N"), w("N"), g("N-1"), w("N-1"), DOTS, g("q+1"), w("q+1")),
                "the run ends at `w_{q+1}`; the derivation's ends at `w_q` (one layer early)"));
        c.add(new Case("numerator: the run ends one layer late", "",
                num(g("N"), w("N"), g("N-1"), w("N-1"), DOTS, g("q-1"), w("q-1")),
                "the run ends at `w_{q-1}`; the derivation's ends at `w_q` (one layer late)"));
        c.add(new Case("numerator: the run starts one layer late", "",
                num(g("N"), w("N"), g("N-2"), w("N-2"), DOTS, g("q"), w("q")),
                "the run starts at `w_{N-2}`; the derivation's starts at `w_{N-1}` (one layer late)"));
        c.add(new Case("denominator: the run ends one layer early", "layout=denominator",
                den(wt("q"), g("q"), wt("q+1"), g("q+1"), DOTS, wt("N-2"), g("N-2"), wt("N"), g("N")),
                "the run ends at `w_{N-2}`; the derivation's ends at `w_{N-1}` (one layer early)"));
        c.add(new Case("denominator: the run starts one layer late", "layout=denominator",
                den(wt("q"), g("q"), wt("q+2"), g("q+2"), DOTS, wt("N-1"), g("N-1"), wt("N"), g("N")),
                "the run starts at `w_{q+2}`; the derivation's starts at `w_{q+1}` (one layer late)"));
        c.add(new Case("numerator: every weight of the run transposed", "",
                num(g("N"), wt("N"), g("N-1"), wt("N-1"), DOTS, g("q"), wt("q")),
                "every weight in the run is transposed (`w_N` to `w_q`); the derivation's are not"));
        c.add(new Case("denominator: the weights not transposed", "layout=denominator",
                den(w("q"), g("q"), w("q+1"), g("q+1"), DOTS, w("N-1"), g("N-1"), w("N"), g("N")),
                "no weight in the run is transposed (`w_q` to `w_N`); the derivation's all are"));
        c.add(new Case("numerator: one weight before the run transposed", "",
                num(g("N"), w("N"), g("N-1"), wt("N-1"), DOTS, g("q"), w("q")), "cannot read"));
        c.add(new Case("numerator: the period is not written twice", "",
                num(g("N"), w("N"), DOTS, g("q")), "cannot read"));
        c.add(new Case("numerator: a group of one or of two factors", "",
                num(g("N"), w("N"), g("N-1"), w("N-1"), DOTS, w("q")), "ambiguous"));
        return c;
    }

    /**
     * The case row derive writes for ∂s_q/∂h_k, k = p+1..q (checked at every k of the witness range, the empty run
     * at k = q included): right as written, wrong on its line with the run's last group one layer up.
     */
    @org.junit.jupiter.api.Test
    void caseRowOverItsRange(@TempDir Path dir) throws Exception {
        String right = g("q-1") + X + w("q-1") + X + DOTS + X + g("k") + X + w("k");
        String wrong = g("q-1") + X + w("q-1") + X + DOTS + X + g("k+1") + X + w("k+1");
        for (String rhs : List.of(right, wrong)) {
            Path net = CheckFixtures.write(dir, "net.nn", NET);
            Path doc = CheckFixtures.write(dir, "doc.rst", "Cases\n\nFor :math:`k=p+1, p+2, \\cdots, q`, :math:`"
                    + d("s_q", "h_k") + " = " + rhs + "`.\n");
            CheckReport r = DocumentChecker.check(doc, net, null, List.of());
            org.junit.jupiter.api.Assertions.assertEquals(1, r.checked(), r.findings().toString());
            if (rhs == right) {
                org.junit.jupiter.api.Assertions.assertEquals(List.of(), r.findings());
            } else {
                org.junit.jupiter.api.Assertions.assertEquals(1, r.findings().size(), r.findings().toString());
                org.junit.jupiter.api.Assertions.assertEquals(3, r.findings().get(0).line());
                String m = r.findings().get(0).message();
                org.junit.jupiter.api.Assertions.assertTrue(m.startsWith("the value is not ∂s_q/∂h_k") && m.contains(
                        "; the run ends at `w_{k+1}`; the derivation's ends at `w_k` (one layer early)"), m);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(Case c, @TempDir Path dir) {
        CheckFixtures.assertOneRow(dir, NET, c.check(), c.row(), c.expected());
    }
}
