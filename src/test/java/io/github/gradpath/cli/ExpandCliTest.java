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

    @Test
    void misuseIsAUsageError() {
        for (String[] args : new String[][] {
                {"derive", "--layout", "denominator", "samples/highway.nn"},
                {"derive", "--expand", "--layout", "sideways", "samples/highway.nn"},
                {"derive", "--expand", "--forward", "samples/highway.nn"},
                {"derive", "--expand", "samples/chapter-skip.nn"},
                {"verify", "--layout", "numerator", "samples/highway.nn"}}) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
            assertEquals("", r.out(), String.join(" ", args));
        }
    }
}
