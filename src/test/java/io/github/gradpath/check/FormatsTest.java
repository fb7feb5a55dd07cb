package io.github.gradpath.check;

import io.github.gradpath.diag.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.github.gradpath.check.CheckFixtures.d;
import static io.github.gradpath.check.CheckFixtures.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three document formats, network comments, labels, and inputs that cannot be read. */
class FormatsTest {
    private static final String NET = DerivationsTest.RESBLOCK;
    private static final String GOOD = d("s_3", "h_1") + " = 1 + " + d("h_3", "h_1");
    private static final String BAD = d("s_3", "h_1") + " = " + d("h_3", "h_1");
    private static final String GOOD_ROW = d("L", "w_3") + " &= " + times(d("L", "y"), d("y", "h_4"), d("h_4", "w_3"));

    @Test
    void myst(@TempDir Path dir) {
        String doc = """
                # Gradients

                ```{math}
                :label: g

                \\begin{aligned}
                ROW
                \\end{aligned}
                ```

                Inline, right: $GOOD$ and wrong: $BAD$.

                $$
                BAD
                $$ (other)
                """.replace("ROW", GOOD_ROW).replace("GOOD", GOOD).replace("BAD", BAD);
        Path p = CheckFixtures.write(dir, "doc.md", doc);
        Path net = CheckFixtures.write(dir, "n.nn", NET);
        CheckReport r = DocumentChecker.check(p, net, null);
        assertEquals(4, r.checked());
        assertEquals(List.of(11, 14), r.findings().stream().map(Finding::line).toList());
        assertEquals(1, DocumentChecker.check(p, net, "g").checked());
        assertEquals(1, DocumentChecker.check(p, net, "other").wrong());
    }

    @Test
    void latex(@TempDir Path dir) {
        String doc = """
                \\documentclass{article}
                \\begin{document}
                % gradpath: check n.nn
                Right: \\(GOOD\\), wrong: $BAD$.
                \\begin{align}
                  \\label{g}
                  ROW \\\\
                  BAD % a comment
                \\end{align}
                \\end{document}
                """.replace("ROW", GOOD_ROW).replace("GOOD", GOOD).replace("BAD", BAD);
        CheckFixtures.write(dir, "n.nn", NET);
        Path p = CheckFixtures.write(dir, "doc.tex", doc);
        Path net = dir.resolve("n.nn");
        CheckReport r = DocumentChecker.check(p, net, null);
        assertEquals(4, r.checked());
        assertEquals(List.of(4, 8), r.findings().stream().map(Finding::line).toList());
        assertEquals(2, DocumentChecker.check(p, net, "g").checked());
    }

    @Test
    void rstCommentsNameTheNetworkPerBlockRelativeToTheDocument(@TempDir Path dir) {
        CheckFixtures.write(dir, "nets/res.nn", NET);
        String doc = """
                Title
                =====

                .. gradpath: check ../nets/res.nn

                .. math::
                   \\begin{aligned}
                   BAD
                   \\end{aligned}
                   :label: first

                This block has no comment and is not checked:

                .. math::
                   BAD

                .. gradpath: check ../nets/res.nn

                Paragraph with :math:`GOOD`.
                """.replace("GOOD", GOOD).replace("BAD", BAD);
        Path p = CheckFixtures.write(dir, "docs/chapter.rst", doc);
        CheckReport r = DocumentChecker.check(p, null, null);
        assertEquals(2, r.checked());
        assertEquals(1, r.wrong());
        assertEquals(8, r.findings().get(0).line());
        assertTrue(r.findings().get(0).format().startsWith(p + ":8: error: ∂s_3/∂h_1 misses 1 of 2 paths"));
    }

    @Test
    void missingNetworkNamedInACommentIsAnErrorAtTheComment(@TempDir Path dir) {
        // The block after the comment fails on its own (MissingNetworkTest); the document is not aborted.
        Path p = CheckFixtures.write(dir, "d.rst", "T\n\n.. gradpath: check nowhere.nn\n\n.. math::\n   " + BAD + "\n");
        CheckReport r = DocumentChecker.check(p, null, null);
        assertEquals(1, r.findings().size(), r.findings().toString());
        assertTrue(r.findings().get(0).format().startsWith(p + ":3: error: network `nowhere.nn` not found"),
                r.findings().get(0).format());
        assertTrue(r.failed(false));
    }

    @Test
    void unknownLabelMissingDocumentAndBrokenNetworkAreInputErrors(@TempDir Path dir) {
        Path net = CheckFixtures.write(dir, "n.nn", NET);
        Path p = CheckFixtures.write(dir, "d.rst", "T\n\n.. math::\n   " + GOOD + "\n");
        assertThrows(InputException.class, () -> DocumentChecker.check(p, net, "nolabel"));
        assertThrows(InputException.class, () -> DocumentChecker.check(dir.resolve("none.rst"), net, null));
        Path bad = CheckFixtures.write(dir, "bad.nn", "network B { h_1 = ; }");
        InputException e = assertThrows(InputException.class, () -> DocumentChecker.check(p, bad, null));
        assertTrue(e.diagnostics().format().contains("bad.nn:1:"), e.diagnostics().format());
    }

    @Test
    void proseAndForwardRowsAreSkippedButEveryDerivativeRowIsChecked(@TempDir Path dir) {
        Path net = CheckFixtures.write(dir, "n.nn", NET);
        String doc = "T\n\n.. math::\n   \\begin{aligned}\n   {\\bm y} &= a_4({\\bm w}_4 {\\bm h}_4) \\\\\n"
                + "   &\\ \\ \\vdots \\\\\n   " + GOOD.replace(" = ", " &= ") + " \\\\\n   &= 1 + " + d("h_3", "h_2") + d("h_2", "h_1")
                + "\n   \\end{aligned}\n\nProse :math:`x` and :math:`" + d("L", "y") + "` (no equality: nothing to check).\n";
        CheckReport r = DocumentChecker.check(CheckFixtures.write(dir, "d.rst", doc), net, null);
        assertEquals(List.of(), r.findings());
        assertEquals(2, r.checked());
    }

    @Test
    void approximationsAreReportedAsNotChecked(@TempDir Path dir) {
        Path net = CheckFixtures.write(dir, "n.nn", NET);
        Path p = CheckFixtures.write(dir, "d.rst", "T\n\n.. math::\n   " + d("s_3", "h_1") + " \\approx 1\n");
        CheckReport r = DocumentChecker.check(p, net, null);
        assertEquals(0, r.checked());
        assertEquals(1, r.findings().size());
        assertTrue(!r.findings().get(0).error() && r.findings().get(0).message().contains("\\approx"));
    }
}
