package io.github.gradpath.check;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ∏ and its transpose in explicit rows, on the recurrent network whose only loss is at the last step
 * (check/rnn-last/rnn-last.nn, a copy of samples/rnn-last-symbolic.nn; d2l §9.7): the rows of
 * check/rnn-last/right-*.rst were worked by hand (∂L/∂W = Σ_i h_{i-1} ∂L/∂h_T ∏_{j=i+1}^{T} (diag(tanh'(z_j)) W)
 * diag(tanh'(z_i)) in the numerator layout, its transpose with {@code (∏ ...)^\top} in the denominator one, in every
 * spelling of the transpose and the bracket) and check clean; each error of check/rnn-last/wrong.rst is flagged on
 * its line with the reason: a ∏ of transposes in the unreversed order, a bound one off, the outer transpose missing
 * or too many, a written-out run a step short, a run climbing without its transposes.
 */
class ProductTransposeCheckTest {
    @Test
    void theNetworkIsTheSample() throws Exception {
        assertEquals(Files.readString(Path.of("samples/rnn-last-symbolic.nn")),
                Files.readString(CheckFixtures.resource("rnn-last/rnn-last.nn")));
    }

    @Test
    void numeratorRowsCheckClean() {
        CheckReport r = DocumentChecker.check(CheckFixtures.resource("rnn-last/right-numerator.rst"), null, null);
        assertEquals(List.of(), r.findings());
        assertEquals(6, r.checked());
    }

    @Test
    void denominatorRowsCheckCleanInEverySpelling() {
        CheckReport r = DocumentChecker.check(CheckFixtures.resource("rnn-last/right-denominator.rst"), null, null);
        assertEquals(List.of(), r.findings());
        assertEquals(10, r.checked());
    }

    /**
     * A continuation {@code &= ...} that holds only explicit values states the derivative above it: it is checked.
     * It was passed with "note: not a derivative statement" (derive --expand's fully written-out rows among them).
     */
    @Test
    void aContinuationWithOnlyExplicitValuesIsChecked(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.copy(CheckFixtures.resource("rnn-last/rnn-last.nn"), dir.resolve("rnn-last.nn"));
        String diag = "\\operatorname{diag}\\left(\\tanh'({\\bm z}_t)\\right)";
        Path doc = CheckFixtures.write(dir, "doc.rst", ".. gradpath: check rnn-last.nn layout=denominator\n\n.. math::\n\n"
                + "   \\begin{aligned}\n"
                + "   \\frac{\\partial {\\bm h}_t}{\\partial {\\bm h}_{t-1}} &= {\\bm W}^\\top " + diag + " \\\\\n"
                + "   &= \\left(" + diag + " {\\bm W}\\right)^\\top \\\\\n"
                + "   &= " + diag + " {\\bm W}\n"
                + "   \\end{aligned}\n");
        CheckReport r = DocumentChecker.check(doc, null, null);
        assertEquals(3, r.checked(), r.findings().toString());
        assertEquals(1, r.findings().size(), r.findings().toString());
        assertTrue(r.findings().get(0).format().contains("doc.rst:8: error: the value is not ∂h_t/∂h_{t-1} (3×3); it is"
                + " right under layout=numerator"), r.findings().get(0).format());
    }

    @Test
    void eachErrorIsFlaggedOnItsLineWithTheReason() {
        Path doc = CheckFixtures.resource("rnn-last/wrong.rst");
        CheckReport r = DocumentChecker.check(doc, null, null);
        String prodOrder = "right with the factors of `\\prod_{j=i+1}^{T}` in the other order (the transpose of a product"
                + " reverses its factors: `\\left(\\prod_j A_j\\right)^\\top`, not `\\prod_j A_j^\\top`)";
        String[][] expected = {
            {"16", prodOrder},                                                                     // (1) ∏ (A_j)^T
            {"17", prodOrder},                                                                     // (1) ∏ W^T diag_j
            {"18", "the ∏ over j starts at `i`; the derivation's starts at `i+1` (one factor too many)"},       // (2)
            {"19", "the ∏ over j ends at `T-1`; the derivation's ends at `T` (one factor too few)"},            // (3)
            {"20", "right with `\\prod_{j=i+1}^{T}` transposed as a whole"},                                   // (4)
            {"29", "right with `\\prod_{j=k+1}^{T}` transposed as a whole"},                                   // (5)
            {"38", "right without the transpose of `\\left(\\prod_{j=i+1}^{T} \\ldots\\right)`"},               // (6)
            {"39", "the ∏ over j starts at `i+2`; the derivation's starts at `i+1` (one factor too few)"},      // (7)
            {"49", "the run ends at `\\tanh'(z_{k+2})`; the derivation's ends at `\\tanh'(z_{k+1})` (one layer early)"},
            {"57", "no weight in the run is transposed (`W`); the derivation's all are"},                      // (9)
        };
        assertEquals(expected.length, r.checked(), r.findings().toString());
        assertEquals(expected.length, r.findings().size(), r.findings().toString());
        for (int k = 0; k < expected.length; k++) {
            Finding f = r.findings().get(k);
            assertTrue(f.format().contains("wrong.rst:" + expected[k][0] + ": error: "), f.format());
            assertTrue(f.message().contains(expected[k][1]), f.message());
        }
        // every row of the document is one of them: the lines are those of its rows
        assertEquals(List.of(16, 17, 18, 19, 20, 29, 38, 39, 49, 57), CheckFixtures.linesContaining(doc, "   \\frac{\\partial"));
    }

    /**
     * {@code \\prod_{j=k+1}^{T} \\operatorname{diag}(\\tanh'(z_j)) W} unbracketed reads as {@code (∏ diag) W}; many
     * authors mean {@code ∏ (diag W)}. A row right only under that reading is accepted with a warning that says so,
     * never called wrong; a row wrong under both readings is still an error.
     */
    @Test
    void anUnbracketedProductBodyRightOnlyRunningToTheEndIsAWarningNotAnError(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Files.copy(CheckFixtures.resource("rnn-last/rnn-last.nn"), dir.resolve("rnn-last.nn"));
        String diag = "\\operatorname{diag}\\left(\\tanh'({\\bm z}_j)\\right)";
        String lhs = "\\frac{\\partial L}{\\partial {\\bm h}_k} = \\frac{\\partial L}{\\partial {\\bm h}_T} \\prod_{j=k+1}^{T} ";
        Path doc = CheckFixtures.write(dir, "doc.rst", "For :math:`k = 1, \\ldots, T`:\n\n.. gradpath: check rnn-last.nn\n\n"
                + ".. math::\n\n   " + lhs + diag + " {\\bm W}\n\n"
                + "For :math:`k = 1, \\ldots, T`:\n\n.. gradpath: check rnn-last.nn\n\n"
                + ".. math::\n\n   " + lhs + diag + " {\\bm W}^\\top\n");
        CheckReport r = DocumentChecker.check(doc, null, null);
        assertEquals(2, r.checked(), r.findings().toString());
        assertEquals(2, r.findings().size(), r.findings().toString());
        Finding note = r.findings().get(0), wrong = r.findings().get(1);
        assertTrue(note.format().startsWith(doc + ":7: warning: right only with `\\prod_{j=k+1}^{T}` read with its body"
                + " running to `W`"), note.format());
        assertTrue(note.message().contains("bracket the body to say so"), note.message());
        assertTrue(wrong.format().startsWith(doc + ":15: error: "), wrong.format());
    }
}
