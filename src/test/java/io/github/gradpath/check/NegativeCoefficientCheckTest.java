package io.github.gradpath.check;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Negative coefficients, as derive writes them for s = h_2 - 0.5 h_1 (check/roundtrip/subtracted-shortcut.nn):
 * {@code \frac{\partial h_2}{\partial h_1} - \frac{1}{2}} in a sum and {@code \left(-\frac{1}{2}\right)} in a
 * product, plain and expanded. The right rows are worked out by hand (∂s/∂h_1 = ∂h_2/∂h_1 - 1/2, the second path
 * of ∂L/∂w_1 scaled by -1/2); each flipped sign must be flagged with a reason that names it.
 */
class NegativeCoefficientCheckTest {
    static final String NET;

    static {
        try {
            NET = Files.readString(CheckFixtures.resource("roundtrip/subtracted-shortcut.nn"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final String X = "\\times ";

    private static String d(String a, String b) { return CheckFixtures.d(a, b); }

    private static String diag(String v) { return "\\operatorname{diag}\\left(" + v + "\\right)"; }

    record Case(String name, String check, String row, String expected) {
        @Override
        public String toString() { return name; }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String sh1 = d("s", "h_1");
        c.add(new Case("a sum with a subtracted number", "", sh1 + " = " + d("h_2", "h_1") + " - \\frac{1}{2}", null));
        c.add(new Case("the number first: -\\frac{1}{2} + ...", "", sh1 + " = -\\frac{1}{2} + " + d("h_2", "h_1"), null));
        c.add(new Case("its sign flipped", "", sh1 + " = " + d("h_2", "h_1") + " + \\frac{1}{2}",
                "right with term 2 of the sum subtracted, not added"));
        String path2 = d("L", "y") + X + d("y", "s") + X + "\\left(-\\frac{1}{2}\\right) " + d("h_1", "w_1");
        String path1 = d("L", "y") + X + d("y", "s") + X + d("s", "h_2") + X + d("h_2", "h_1") + X + d("h_1", "w_1");
        c.add(new Case("a product with a bracketed negative coefficient (paths form)", "", d("L", "w_1") + " = " + path1
                + " + " + path2, null));
        c.add(new Case("the path subtracted instead of the coefficient written", "", d("L", "w_1") + " = " + path1
                + " - " + path2.replace("\\left(-\\frac{1}{2}\\right) ", "\\frac{1}{2} "), null));
        c.add(new Case("the bracketed coefficient's sign dropped", "", d("L", "w_1") + " = " + path1 + " + "
                + path2.replace("-\\frac{1}{2}", "\\frac{1}{2}"), "right with"));
        c.add(new Case("a subtracted chain (adjoint form)", "", d("L", "h_1") + " = " + d("L", "h_2") + X + d("h_2", "h_1")
                + " - \\frac{1}{2} " + d("L", "s"), null));
        c.add(new Case("a subtracted chain added", "", d("L", "h_1") + " = " + d("L", "h_2") + X + d("h_2", "h_1")
                + " + \\frac{1}{2} " + d("L", "s"), "right with term 2 of the sum subtracted, not added"));
        String expNum = diag("a_2'({\\bm z}_2)") + X + "{\\bm w}_2";
        c.add(new Case("expanded, numerator", "", sh1 + " = " + expNum + " - \\frac{1}{2}", null));
        c.add(new Case("expanded, numerator, sign flipped", "", sh1 + " = " + expNum + " + \\frac{1}{2}", "subtracted, not added"));
        String expDen = "{\\bm w}_2^\\top" + X + diag("a_2'({\\bm z}_2)");
        c.add(new Case("expanded, denominator", "layout=denominator", sh1 + " = " + expDen + " - \\frac{1}{2}", null));
        c.add(new Case("expanded, denominator, the whole sum negated", "layout=denominator", sh1 + " = -" + expDen
                + " + \\frac{1}{2}", "the value is not ∂s/∂h_1"));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(Case c, @TempDir Path dir) {
        CheckFixtures.assertOneRow(dir, NET, c.check(), c.row(), c.expected());
    }
}
