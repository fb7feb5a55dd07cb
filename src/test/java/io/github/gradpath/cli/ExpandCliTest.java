package io.github.gradpath.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code derive --expand --layout} and {@code verify --expand} from the command line. */
class ExpandCliTest {
    @Test
    void expandsInBothLayoutsAndVerifies() {
        Cli.Result num = Cli.run("derive", "--expand", "--form", "adjoint", "--format", "latex", "samples/highway.nn");
        assertEquals(0, num.code(), num.err());
        // ∂y/∂t for y = h ⊙ t + x ⊙ (1 - t): diag(h) - diag(x); the gate's weight gradient x (∂L/∂t) diag(σ'(z_t))
        assertTrue(num.out().contains("\\frac{\\partial L}{\\partial {\\bm y}}\\times \\left(\\operatorname{diag}\\left({\\bm h}\\right)"
                + " - \\operatorname{diag}\\left({\\bm x}\\right)\\right)"), num.out());
        assertTrue(num.out().contains("{\\bm x}\\times \\frac{\\partial L}{\\partial {\\bm t}}\\times \\operatorname{diag}\\left(\\sigma'({\\bm z}_t)\\right)"), num.out());
        assertTrue(num.out().contains("{\\bm z}_t &= {\\bm W}_T{\\bm x}"), num.out());
        Cli.Result den = Cli.run("derive", "--expand", "--layout", "denominator", "--form", "adjoint", "--format", "latex", "samples/highway.nn");
        assertEquals(0, den.code(), den.err());
        assertTrue(den.out().contains("\\operatorname{diag}\\left(\\sigma'({\\bm z}_t)\\right)\\times \\frac{\\partial L}{\\partial {\\bm t}}\\times {\\bm x}^\\top"), den.out());
        Cli.Result v = Cli.run("verify", "--expand", "--random-widths", "--seed", "3", "samples/lstm-two-steps.nn");
        assertEquals(0, v.code(), v.out() + v.err());
        assertTrue(v.out().contains("expanded, denominator layout:"), v.out());
    }

    /**
     * The chapter's skip network, worked by hand: h_3 = a_2(w_2 h_2) gives ∂h_3/∂h_2 = diag(a_2'(z_2)) w_2 and
     * s_4 = h_2 + h_4 the identity, so ∂L/∂h_2 = ∂L/∂h_3 diag(a_2'(z_2)) w_2 + ∂L/∂s_4; transposed for columns.
     */
    @Test
    void theSkipAdjointAsWorkedByHand() {
        Cli.Result num = Cli.run("derive", "--expand", "--form", "adjoint", "--format", "latex", "samples/chapter-skip-6.nn");
        assertTrue(num.out().contains("\\frac{\\partial L}{\\partial {\\bm h}_2} &= \\frac{\\partial L}{\\partial {\\bm h}_3}\\times "
                + "\\operatorname{diag}\\left(a_2'({\\bm z}_2)\\right)\\times {\\bm w}_2 + \\frac{\\partial L}{\\partial {\\bm s}_4}\\\\\n"), num.out());
        assertTrue(num.out().contains("{\\bm z}_2 &= {\\bm w}_2{\\bm h}_2"), num.out());
        Cli.Result den = Cli.run("derive", "--expand", "--layout", "denominator", "--form", "adjoint", "--format", "latex", "samples/chapter-skip-6.nn");
        // δ_2 = diag(a_2'(z_2)) ∂L/∂h_3 (the adjoint rows in the denominator layout are written with δ)
        assertTrue(den.out().contains("\\frac{\\partial L}{\\partial {\\bm h}_2} &= {\\bm w}_2^\\top\\times "
                + "{\\bm \\delta}_2 + \\frac{\\partial L}{\\partial {\\bm s}_4}\\\\\n"), den.out());
        // δ_1 = diag(a_1'(z_1)) ∂L/∂h_2, and with ∂L/∂h_2's row: diag(a_1'(z_1)) (w_2^T δ_2 + ∂L/∂s_4)
        assertTrue(den.out().contains("  {\\bm \\delta}_1 &= \\operatorname{diag}\\left(a_1'({\\bm z}_1)\\right)\\times "
                + "\\frac{\\partial L}{\\partial {\\bm h}_2}\\\\\n  &= \\operatorname{diag}\\left(a_1'({\\bm z}_1)\\right)\\times "
                + "\\left({\\bm w}_2^\\top\\times {\\bm \\delta}_2 + \\frac{\\partial L}{\\partial {\\bm s}_4}\\right)\\\\\n"), den.out());
        // ∂L/∂w_0 = δ_0 x^T with δ_0 = diag(a_0'(z_0)) ∂L/∂h_1 = diag(a_0'(z_0)) w_1^T δ_1
        assertTrue(den.out().contains("\\frac{\\partial L}{\\partial {\\bm w}_0} &= {\\bm \\delta}_0\\times {\\bm x}^\\top"), den.out());
        assertTrue(den.out().contains("&= \\operatorname{diag}\\left(a_0'({\\bm z}_0)\\right)\\times {\\bm w}_1^\\top\\times {\\bm \\delta}_1\\\\\n"), den.out());
    }

    @Test
    void misuseIsAUsageError() {
        for (String[] args : new String[][] {
                {"derive", "--layout", "denominator", "samples/highway.nn"},
                {"derive", "--expand", "--layout", "sideways", "samples/highway.nn"},
                {"derive", "--expand", "--forward", "samples/highway.nn"},
                // (rnn-last-symbolic.nn was refused here; it is now written expanded: RnnLastExpandTest)
                {"verify", "--layout", "numerator", "samples/highway.nn"}}) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
            assertEquals("", r.out(), String.join(" ", args));
        }
    }
}
