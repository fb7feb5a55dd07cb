package io.github.gradpath.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.github.gradpath.check.CheckFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A d2l-style BPTT derivation written by hand with {@code \sum} and {@code \prod} (check/bptt/bptt.rst) checks
 * clean against the recurrent network at symbolic length T (both witnesses, every value of every bound index);
 * each corruption is flagged on its own line, and only there.
 */
class BpttCheckTest {
    static final Path DOC = resource("bptt/bptt.rst");

    @TempDir
    Path dir;

    @Test
    void theHandDerivationChecksClean() {
        CheckReport r = DocumentChecker.check(DOC, null, null);
        assertEquals(List.of(), r.findings());
        assertEquals(7, r.checked());
    }

    /** The document with {@code from} replaced by {@code to} on the one line holding {@code marker}. */
    private CheckReport corrupted(String marker, String from, String to, int[] lineOut) throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int hit = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                assertEquals(-1, hit, "marker on two lines: " + marker);
                hit = i;
            }
        }
        assertTrue(hit >= 0 && lines.get(hit).contains(from), marker);
        lines.set(hit, lines.get(hit).replace(from, to));
        Files.copy(DOC.resolveSibling("rnn-T.nn"), dir.resolve("rnn-T.nn"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path doc = dir.resolve("bptt.rst");
        Files.write(doc, lines);
        lineOut[0] = hit + 1;
        return DocumentChecker.check(doc, null, null);
    }

    private void assertFlaggedOnItsLine(String marker, String from, String to, String why) throws IOException {
        int[] line = new int[1];
        CheckReport r = corrupted(marker, from, to, line);
        assertEquals(1, r.findings().size(), why + ": " + r.findings());
        Finding f = r.findings().get(0);
        assertTrue(f.error(), f.format());
        assertEquals(line[0], f.line(), why + ": " + f.format());
    }

    static final String D2L = "\\frac{\\partial {\\bm h}_t}{\\partial {\\bm W}} &=";
    static final String RECURRENCE = "\\frac{\\partial L}{\\partial {\\bm h}_t} = ";
    static final String UNROLLED = "\\frac{\\partial L}{\\partial {\\bm h}_t} &=";

    @Test
    void aWrongBoundIsFlagged() throws IOException {
        assertFlaggedOnItsLine(D2L, "\\sum_{i=1}^{t-1}", "\\sum_{i=1}^{t}", "upper bound t for t-1");
        assertFlaggedOnItsLine(UNROLLED, "\\sum_{i=t}^{T}", "\\sum_{i=t+1}^{T}", "lower bound t+1 for t");
    }

    @Test
    void aMissingRecurrenceTermIsFlagged() throws IOException {
        assertFlaggedOnItsLine(RECURRENCE, " + \\frac{\\partial L}{\\partial {\\bm h}_{t+1}}\\times \\frac{\\partial "
                + "{\\bm h}_{t+1}}{\\partial {\\bm h}_t}", "", "recurrence without the next step");
    }

    @Test
    void aProductInTheWrongOrderIsFlagged() throws IOException {
        // The chain written from the input side: ∂h_i/∂W|direct first, then the Jacobians.
        assertFlaggedOnItsLine(D2L, "\\left(\\prod_{j=i+1}^{t} \\frac{\\partial {\\bm h}_j}{\\partial {\\bm h}_{j-1}}"
                + "\\right)\\times \\left.\\frac{\\partial {\\bm h}_i}{\\partial {\\bm W}}\\right|_{\\mathrm{direct}}",
                "\\left.\\frac{\\partial {\\bm h}_i}{\\partial {\\bm W}}\\right|_{\\mathrm{direct}}\\times "
                        + "\\prod_{j=i+1}^{t} \\frac{\\partial {\\bm h}_j}{\\partial {\\bm h}_{j-1}}", "factors swapped");
        assertFlaggedOnItsLine(UNROLLED, "\\frac{\\partial L}{\\partial {\\bm o}_i}\\times \\frac{\\partial {\\bm o}_i}"
                + "{\\partial {\\bm h}_i}", "\\frac{\\partial {\\bm o}_i}{\\partial {\\bm h}_i}\\times "
                + "\\frac{\\partial L}{\\partial {\\bm o}_i}", "output factors swapped");
    }

    @Test
    void aTermCountedTwiceIsFlagged() throws IOException {
        assertFlaggedOnItsLine(D2L, "&= \\left.\\frac{\\partial {\\bm h}_t}{\\partial {\\bm W}}\\right|_{\\mathrm{direct}}",
                "&= \\left.\\frac{\\partial {\\bm h}_t}{\\partial {\\bm W}}\\right|_{\\mathrm{direct}} + "
                        + "\\left.\\frac{\\partial {\\bm h}_t}{\\partial {\\bm W}}\\right|_{\\mathrm{direct}}", "direct term twice");
        assertFlaggedOnItsLine("\\frac{\\partial L}{\\partial {\\bm V}} &=", "\\sum_{t=1}^{T} ",
                "\\frac{\\partial L}{\\partial {\\bm o}_T}\\times \\frac{\\partial {\\bm o}_T}{\\partial {\\bm V}} + "
                        + "\\sum_{t=1}^{T} ", "last step counted twice");
    }
}
