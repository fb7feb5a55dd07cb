package io.github.gradpath.check;

import io.github.gradpath.diag.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static io.github.gradpath.check.CheckFixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every math span that mentions a derivative is checked or reported at its line, in every format and layout
 * people write: the cases that used to pass in silence (issue 11).
 */
class NeverSilentTest {
    private static final String NET = DerivationsTest.RESBLOCK;
    /** Right: ∂s_3/∂h_1 = 1 + ∂h_3/∂h_1 (the skip and the path through h_3). */
    private static final String GOOD = d("s_3", "h_1") + " = 1 + " + d("h_3", "h_1");
    /** Wrong: the skip is missing. */
    private static final String BAD = d("s_3", "h_1") + " = " + d("h_3", "h_1");

    private static CheckReport check(Path dir, String name, String doc) {
        Path p = CheckFixtures.write(dir, name, doc);
        CheckFixtures.write(dir, "n.nn", NET);
        return DocumentChecker.check(p, null, null);
    }

    private static List<Integer> errorLines(CheckReport r) {
        return r.findings().stream().filter(Finding::error).map(Finding::line).toList();
    }

    @Test
    void mystDisplayMathInsideAParagraphKramdownDelimitersAndBareEnvironments(@TempDir Path dir) {
        String doc = """
                <!-- gradpath: check n.nn -->
                The gradient is $$GOOD$$ and also
                so is $$BAD$$ which is wrong.

                <!-- gradpath: check n.nn -->
                Kramdown: \\\\(BAD\\\\) and \\\\[GOOD\\\\].

                % gradpath: check n.nn
                \\begin{align}
                GOOD \\\\
                BAD
                \\end{align}
                """.replace("GOOD", GOOD).replace("BAD", BAD);
        CheckReport r = check(dir, "d.md", doc);
        assertEquals(6, r.checked(), r.findings().toString());
        assertEquals(List.of(3, 6, 11), errorLines(r));
    }

    @Test
    void latexEqnarrayAndDisplayMathInsideAParagraph(@TempDir Path dir) {
        String doc = """
                % gradpath: check n.nn
                \\begin{eqnarray}
                LHS &=& 1 + RHS \\\\
                LHS &=& RHS
                \\end{eqnarray}
                % gradpath: check n.nn
                In a sentence $$BAD$$ and \\[GOOD\\] too.
                """.replace("LHS", d("s_3", "h_1")).replace("RHS", d("h_3", "h_1"))
                .replace("GOOD", GOOD).replace("BAD", BAD);
        CheckReport r = check(dir, "d.tex", doc);
        assertEquals(4, r.checked(), r.findings().toString());
        assertEquals(List.of(4, 7), errorLines(r));
    }

    /** A second equation after a separator is split off and checked: the wrong one is caught, at its line. */
    @ParameterizedTest
    @ValueSource(strings = {"\\quad", "\\qquad", ",\\quad", "\\;\\textrm{and}\\;", ";", ",", "\\hspace{1em}",
            "\\text{and}", "\\quad\\text{and}\\quad", "\\mbox{ and }"})
    void severalEquationsOnOneLine(String sep, @TempDir Path dir) {
        String row = GOOD + " " + sep + " " + BAD;
        CheckReport r = check(dir, "d.rst", ".. gradpath: check n.nn\n\n.. math::\n\n   " + row + "\n");
        assertEquals(2, r.checked(), sep + ": " + r.findings());
        assertEquals(1, r.wrong(), sep);
        CheckReport swapped = check(dir, "e.rst", ".. gradpath: check n.nn\n\n.. math::\n\n   " + BAD + " " + sep
                + " " + GOOD + "\n");
        assertEquals(2, swapped.checked(), sep);
        assertEquals(1, swapped.wrong(), sep);
    }

    @Test
    void aRangeAfterTheSeparatorStaysTheCondition(@TempDir Path dir) {
        String row = d("h_4", "h_k") + " = " + d("h_4", "s_3") + d("s_3", "h_k") + ",\\quad k = 1, \\ldots, 3";
        CheckReport r = check(dir, "d.rst", ".. gradpath: check n.nn\n\n.. math::\n\n   " + row + "\n");
        assertEquals(1, r.checked());
        assertEquals(List.of(), r.findings());
    }

    @Test
    void uprightDifferentialsUnderACheckComment(@TempDir Path dir) {
        String right = "\\frac{\\mathrm d L}{\\mathrm d w_4} = \\frac{\\mathrm{d} L}{\\mathrm{d} y}"
                + " \\frac{dy}{dw_4}";
        String wrong = "\\frac{\\mathrm d L}{\\mathrm d w_0} = \\frac{\\mathrm d L}{\\mathrm d y}";
        CheckReport r = check(dir, "d.rst", ".. gradpath: check n.nn\n\n.. math::\n\n   " + right + "\\\\\n   "
                + wrong + "\n");
        assertEquals(2, r.checked());
        assertEquals(List.of(6), errorLines(r));
    }

    @Test
    void aCheckCommentWithAnUnknownConventionIsAnErrorAtItsPosition(@TempDir Path dir) {
        Path doc = CheckFixtures.write(dir, "d.rst", "T\n\n.. gradpath: check n.nn partials=immediat\n\n.. math::\n\n   "
                + GOOD + "\n");
        CheckFixtures.write(dir, "n.nn", NET);
        InputException e = assertThrows(InputException.class, () -> DocumentChecker.check(doc, null, null));
        var diag = e.diagnostics().errors().get(0);
        assertEquals(3, diag.pos().line());
        assertEquals(".. gradpath: check n.nn ".length() + 1, diag.pos().col());
        assertTrue(diag.message().contains("`partials=immediat`"), diag.message());
        Path md = CheckFixtures.write(dir, "d.md", "<!-- gradpath: check n.nn sorted -->\n$$" + GOOD + "$$\n");
        InputException m = assertThrows(InputException.class, () -> DocumentChecker.check(md, null, null));
        assertTrue(m.diagnostics().errors().get(0).message().contains("unknown convention `sorted`"));
        Path tex = CheckFixtures.write(dir, "d.tex", "% gradpath: chek n.nn\n\\[" + GOOD + "\\]\n");
        assertThrows(InputException.class, () -> DocumentChecker.check(tex, null, null));
    }

    @Test
    void mathWithNoNetworkIsReportedAtItsLine(@TempDir Path dir) {
        CheckReport r = check(dir, "d.md", "Intro.\n\n$$\n" + GOOD + "\n$$\n\nInline $\\nabla_w L = 0$ here.\n"
                + "\nNo derivative: $y = w x$.\n");
        assertEquals(List.of(3, 7), r.findings().stream().map(Finding::line).toList());
        assertTrue(r.findings().stream().noneMatch(Finding::error));
        assertTrue(r.failed(true));
        assertTrue(r.findings().get(0).message().startsWith("not checked: no network"));
    }

    @Test
    void verboseListsEveryRowAndEverySkippedSpan(@TempDir Path dir) {
        String doc = """
                .. gradpath: check n.nn

                .. math::

                   \\begin{aligned}
                   h_1 &= a_0(w_0 x) \\\\
                   GOOD \\\\
                   BAD \\\\
                   w_0 &\\leftarrow w_0 - \\eta \\frac{\\partial L}{\\partial w_0} \\\\
                   \\delta_3 &:= \\frac{\\partial L}{\\partial s_3}
                   \\end{aligned}
                """.replace("GOOD", GOOD).replace("BAD", BAD);
        Path p = CheckFixtures.write(dir, "d.rst", doc);
        CheckFixtures.write(dir, "n.nn", NET);
        CheckReport r = DocumentChecker.check(p, null, null);
        assertEquals(2, r.checked());
        List<String> v = r.verbose().stream().map(s -> s.substring(p.toString().length())).toList();
        assertEquals(List.of(
                ":6: note: not a derivative statement",
                ":7: ok",
                ":8: error: ∂s_3/∂h_1 misses 1 of 2 paths: the skip s_3 ← h_1",
                ":9: note: an update rule (`\\leftarrow`), not a derivative statement",
                ":10: note: a definition (`:=`), not a derivative statement"), v);
    }
}
