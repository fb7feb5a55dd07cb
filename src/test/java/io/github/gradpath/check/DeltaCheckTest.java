package io.github.gradpath.check;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * δ = ∂L/∂z of a layer's pre-activation (no node of the network). Nielsen's BP1–BP4 (Neural Networks and Deep
 * Learning, ch. 2; the equations transcribed in check/nielsen/bp.rst, the network a^l = σ(w^l a^{l-1} + b^l) in
 * nielsen.nn) check clean in the denominator layout; each mistake of check/nielsen/bp-wrong.rst (a missing
 * transpose, diag on the wrong side, a wrong index, the factors of BP4 in the wrong order, BP1 without σ') is
 * flagged on its line with the reason. The δ spelling derive is to print (check/delta/) checks clean.
 */
class DeltaCheckTest {
    @Test
    void nielsenBp1ToBp4CheckClean() {
        CheckReport r = DocumentChecker.check(CheckFixtures.resource("nielsen/bp.rst"), null, null);
        assertEquals(List.of(), r.findings());
        assertEquals(6, r.checked());
    }

    @Test
    void eachMistakeIsFlaggedOnItsLine() {
        CheckReport r = DocumentChecker.check(CheckFixtures.resource("nielsen/bp-wrong.rst"), null, null);
        assertEquals(5, r.checked(), r.findings().toString());
        assertEquals(5, r.wrong(), r.findings().toString());
        String[][] expected = {
            {"11", "right with `w_2` transposed"},                        // (w^{l+1} δ^{l+1}) ⊙ σ'(z^l)
            {"12", "`w_3`ᵀ and the `diag` factor in the other order"},    // diag on the wrong side
            {"13", "right with the δ of a_2 for the δ of a_3"},           // δ^3 where δ^2 is meant
            {"14", "in the other order"},                                 // (a^{l-1})^T δ^l
            {"15", "the value is not δ_3"},                               // BP1 without σ'(z^3)
        };
        for (int k = 0; k < expected.length; k++) {
            Finding f = r.findings().get(k);
            assertTrue(f.format().contains(":" + expected[k][0] + ":"), f.format());
            assertTrue(f.message().contains(expected[k][1]), f.message());
            assertTrue(!f.message().startsWith("cannot read"), f.message());
        }
    }

    @Test
    void derivesDeltaSpellingChecksClean() {
        CheckReport r = DocumentChecker.check(CheckFixtures.resource("delta/chapter-plain-6-delta.rst"),
                Path.of("samples/chapter-plain-6.nn"), null, List.of("layout=denominator"));
        assertEquals(List.of(), r.findings());
        assertEquals(9, r.checked());
    }

    @Test
    void deltaRowsUnderTheNumeratorLayoutAreSaidSo() {
        CheckReport r = DocumentChecker.check(CheckFixtures.resource("delta/chapter-plain-6-delta.rst"),
                Path.of("samples/chapter-plain-6.nn"), null, List.of());
        assertTrue(r.wrong() > 0);
        assertTrue(r.findings().stream().anyMatch(f -> f.message().contains("right under layout=denominator")),
                r.findings().toString());
    }
}
