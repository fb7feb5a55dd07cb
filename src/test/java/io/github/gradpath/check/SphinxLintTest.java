package io.github.gradpath.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lint of math directives as Sphinx 5.3.0 (docutils 0.19) renders them; each case was built with
 * {@code sphinx-build -b html} and its HTML read: whether the {@code :label:} became an equation id or was
 * typeset as math, and whether the {@code aligned} environment stayed whole.
 */
class SphinxLintTest {
    private static final String NET = """
            network N { input x; h_1 = a_0(w_0 x); y = a_1(w_1 h_1); loss L(y); }
            """;
    private static final String ROW = "   \\frac{\\partial L}{\\partial {\\bm w}_1} &= \\frac{\\partial L}{\\partial {\\bm y}}"
            + "\\times \\frac{\\partial {\\bm y}}{\\partial {\\bm w}_1}\\\\\n";
    private static final String ROW2 = "   \\frac{\\partial L}{\\partial {\\bm h}_1} &= \\frac{\\partial L}{\\partial {\\bm y}}"
            + "\\times \\frac{\\partial {\\bm y}}{\\partial {\\bm h}_1}\n";

    private static CheckReport check(Path dir, String doc) {
        return DocumentChecker.check(CheckFixtures.write(dir, "d.rst", doc), CheckFixtures.write(dir, "n.nn", NET), null);
    }

    private static List<Integer> warningLines(CheckReport r) {
        return r.findings().stream().filter(f -> !f.error()).map(Finding::line).toList();
    }

    @Test
    void chaptersOwnFormIsFine(@TempDir Path dir) {
        // Argument plus option: renders with an equation number, :eq: resolves.
        CheckReport r = check(dir, "T\n\n.. math::\n   \\begin{aligned}\n" + ROW + ROW2 + "   \\end{aligned}\n   :label: a\n");
        assertEquals(List.of(), r.findings());
        assertEquals(2, r.checked());
        assertFalse(r.failed(true));
    }

    @Test
    void labelFirstThenBlankLineIsFine(@TempDir Path dir) {
        CheckReport r = check(dir, "T\n\n.. math::\n   :label: a\n\n   \\begin{aligned}\n" + ROW + ROW2 + "   \\end{aligned}\n");
        assertEquals(List.of(), r.findings());
        assertEquals(2, r.checked());
    }

    @Test
    void labelAfterContentWithBlankLineAfterDirective(@TempDir Path dir) {
        // Sphinx typesets ":label: a" inside the equation; :eq:`a` reports "equation not found".
        CheckReport r = check(dir, "T\n\n.. math::\n\n   \\begin{aligned}\n" + ROW + ROW2 + "   \\end{aligned}\n   :label: a\n");
        assertEquals(List.of(9), warningLines(r));
        assertTrue(r.findings().get(0).message().contains("a blank line separates the math from the `.. math::` line"));
        assertEquals(0, r.wrong());
        assertFalse(r.failed(false));
        assertTrue(r.failed(true));
    }

    @Test
    void labelAfterBlankLineBelowContent(@TempDir Path dir) {
        CheckReport r = check(dir, "T\n\n.. math::\n   \\begin{aligned}\n" + ROW + ROW2 + "   \\end{aligned}\n\n   :label: a\n");
        assertEquals(List.of(9), warningLines(r));
        assertTrue(r.findings().get(0).message().startsWith("this `:label: a` is typeset as math and :eq:`a` references"));
        assertTrue(r.findings().get(0).message().contains("a blank line separates it from the math above it"));
    }

    @Test
    void blankLineInsideAligned(@TempDir Path dir) {
        // Sphinx splits at the blank line: "\begin{aligned} a \\" and "c \end{aligned}" become two equations.
        CheckReport r = check(dir, "T\n\n.. math::\n   :label: a\n\n   \\begin{aligned}\n" + ROW + "\n" + ROW2 + "   \\end{aligned}\n");
        assertEquals(List.of(8), warningLines(r));
        assertTrue(r.findings().get(0).message().startsWith("blank line inside `\\begin{aligned}`"));
        assertEquals(2, r.checked());
    }

    @Test
    void chapterFormWithBlankLineInsideIsBothSplitAndMislabelled(@TempDir Path dir) {
        CheckReport r = check(dir, "T\n\n.. math::\n   \\begin{aligned}\n" + ROW + "\n" + ROW2 + "   \\end{aligned}\n   :label: a\n");
        assertEquals(List.of(6, 9), warningLines(r));
    }

    @Test
    void mathRightAfterAnOptionIsRejectedBySphinx(@TempDir Path dir) {
        // docutils: "Error in "math" directive: invalid option block."; the equation is dropped.
        CheckReport r = check(dir, "T\n\n.. math::\n   :label: a\n   \\begin{aligned}\n" + ROW + ROW2 + "   \\end{aligned}\n");
        assertEquals(List.of(5), warningLines(r));
        assertTrue(r.findings().get(0).message().contains("invalid option block"));
    }

    @Test
    void labelInTheMiddleIsRejectedBySphinx(@TempDir Path dir) {
        CheckReport r = check(dir, "T\n\n.. math::\n" + ROW + "   :label: a\n" + ROW2);
        assertEquals(List.of(6), warningLines(r));
    }
}
