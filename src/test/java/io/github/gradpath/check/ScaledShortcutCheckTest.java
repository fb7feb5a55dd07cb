package io.github.gradpath.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.github.gradpath.check.CheckFixtures.d;
import static io.github.gradpath.check.CheckFixtures.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-written rows of a scaled shortcut {@code s_2 = λ h_1 + h_2} and a halved branch {@code s_3 = 0.5 h_3 + s_2}:
 * the coefficients {@code \lambda}, {@code \frac{1}{2}} are read and compared exactly; a coefficient dropped,
 * changed or put on the wrong term is flagged on its line.
 */
class ScaledShortcutCheckTest {
    static final String NET = """
            network Scaled {
              input x;
              h_1 = a_1(w_1 x);
              h_2 = a_2(w_2 h_1);
              s_2 = lambda h_1 + h_2;
              h_3 = a_3(w_3 s_2);
              s_3 = 0.5 h_3 + s_2;
              loss L(s_3);
            }
            """;

    // ∂s_3/∂s_2 = (1/2) ∂h_3/∂s_2 + 1 and ∂s_2/∂h_1 = λ + ∂h_2/∂h_1, written by hand.
    static final String S3_S2 = d("s_3", "s_2") + " &= \\frac{1}{2} " + d("h_3", "s_2") + " + 1";
    static final String S2_H1 = d("s_2", "h_1") + " &= \\lambda + " + d("h_2", "h_1");
    static final String S3_H1 = d("s_3", "h_1") + " &= " + times("\\left(\\frac{1}{2} " + d("h_3", "s_2") + " + 1\\right)",
            "\\left(\\lambda + " + d("h_2", "h_1") + "\\right)");

    private static CheckReport check(Path dir, String... rows) {
        Path net = CheckFixtures.write(dir, "net.nn", NET);
        Path doc = CheckFixtures.write(dir, "doc.rst", CheckFixtures.rstBlock(rows));
        return DocumentChecker.check(doc, net, null);
    }

    @Test
    void theRightCoefficientsCheckClean(@TempDir Path dir) {
        CheckReport r = check(dir, S3_S2, S2_H1, S3_H1);
        assertEquals(List.of(), r.findings());
        assertEquals(3, r.checked());
    }

    @Test
    void aWrongCoefficientIsFlaggedOnItsLine(@TempDir Path dir) {
        List<String[]> broken = List.of(
                new String[] {S3_S2.replace("\\frac{1}{2} ", ""), S2_H1, S3_H1},           // the 1/2 dropped
                new String[] {S3_S2, S2_H1.replace("\\lambda", "1"), S3_H1},                 // λ read as an additive skip
                new String[] {S3_S2, S2_H1, S3_H1.replace("\\frac{1}{2}", "\\frac{1}{3}")}, // 1/2 changed
                new String[] {S3_S2, d("s_2", "h_1") + " &= 1 + \\lambda " + d("h_2", "h_1"), S3_H1}); // wrong term
        int[] line = {0, 1, 2, 1};
        for (int k = 0; k < broken.size(); k++) {
            CheckReport r = check(dir, broken.get(k));
            assertEquals(1, r.findings().size(), k + ": " + r.findings());
            Finding f = r.findings().get(0);
            assertTrue(f.error());
            // The block starts at line 4 of the document (title, blank, directive, \begin{aligned}).
            assertEquals(5 + line[k], f.line(), k + ": " + f);
        }
    }
}
