package io.github.gradpath.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.github.gradpath.check.CheckFixtures.linesContaining;
import static io.github.gradpath.check.CheckFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chapter's equations (retyped in {@code chapter.rst}: forward block, the classical and the skip gradient
 * blocks, the two inline case definitions of ∂s_q/∂h_k) against the chapter's two symbolic networks.
 */
class ChapterCheckTest {
    private static final Path DOC = resource("chapter.rst");
    private static final Path SKIP = resource("chapter-skip.nn");
    private static final Path PLAIN = resource("chapter-plain.nn");

    @Test
    void skipBlockChecksCleanAgainstTheSkipNetwork() {
        CheckReport r = DocumentChecker.check(DOC, SKIP, "skip");
        assertEquals(List.of(), r.findings());
        assertEquals(8, r.checked());
        assertEquals(0, r.wrong());
    }

    @Test
    void classicalBlockChecksCleanAgainstThePlainNetwork() {
        CheckReport r = DocumentChecker.check(DOC, PLAIN, "classical");
        assertEquals(List.of(), r.findings());
        assertEquals(6, r.checked());
    }

    @Test
    void classicalBlockAgainstTheSkipNetworkIsFlaggedExactlyWhereTheSkipChangesTheGradient() {
        CheckReport r = DocumentChecker.check(DOC, SKIP, "classical");
        // The skip adds paths to the gradients of w_{p-1} .. w_0 only; of the rows shown, those of w_1 and w_0.
        int w1 = linesContaining(DOC, "\\frac{\\partial L}{\\partial {\\bm w}_1} &=").get(0);
        int w0 = linesContaining(DOC, "\\frac{\\partial L}{\\partial {\\bm w}_0} &=").get(0);
        assertEquals(List.of(w1, w0), r.findings().stream().map(Finding::line).toList());
        assertEquals(2, r.wrong());
        assertEquals(6, r.checked());
        assertEquals("∂L/∂w_1 misses 1 of 2 paths: the skip s_q ← h_p", r.findings().get(0).message());
        assertEquals("∂L/∂w_0 misses 1 of 2 paths: the skip s_q ← h_p", r.findings().get(1).message());
        assertTrue(r.findings().get(0).error());
    }

    @Test
    void wholeChapterIncludingItsInlineCaseDefinitions() {
        CheckReport r = DocumentChecker.check(DOC, SKIP, null);
        // 6 classical rows + 8 skip rows + the two inline definitions (checked for every k of their ranges).
        assertEquals(16, r.checked());
        assertEquals(2, r.wrong());
    }

    @Test
    void aCaseDefinitionWithTheWrongRangeIsFlaggedForTheFirstBadValue(@TempDir Path dir) throws Exception {
        String text = Files.readString(DOC).replace("For :math:`k=p+1, p+2, \\cdots, q`", "For :math:`k=p, p+1, \\cdots, q`");
        Path doc = CheckFixtures.write(dir, "c.rst", text);
        CheckReport r = DocumentChecker.check(doc, SKIP, null);
        assertEquals(3, r.wrong());
        Finding f = r.findings().get(2);
        assertEquals(linesContaining(doc, "For :math:`k=p, p+1").get(0), f.line());
        assertEquals("∂s_q/∂h_k misses 1 of 2 paths: the skip s_q ← h_p (for k = p)", f.message());
    }

    @Test
    void caseDefinitionsAreCheckedAtEveryValueNotJustOne(@TempDir Path dir) throws Exception {
        // Stretching the second range to k = p+1 makes ∂h_p/∂h_k zero there, and only there.
        String broken = Files.readString(DOC).replace("For :math:`k=1, 2, \\cdots, p`", "For :math:`k=1, 2, \\cdots, p+1`");
        Path doc = CheckFixtures.write(dir, "c.rst", broken);
        CheckReport r = DocumentChecker.check(doc, SKIP, null);
        assertEquals(3, r.wrong());
        assertTrue(r.findings().get(2).message().endsWith("(for k = p+1)"), r.findings().get(2).message());
    }
}
