package io.github.gradpath.check;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


/**
 * Explicit values inside a chain, as {@code derive --expand} writes them (the right rows are engineer i10's CLI
 * output for samples/chapter-skip-6.nn and samples/highway.nn, /work/notes/expand-format.md) and as textbooks do:
 * each right row must pass under its layout, and each wrong one (a transposed factor, a diag on the wrong side, a
 * dropped gate term, Pascanu et al.'s {@code W^T diag(σ'(x))}) must be flagged with the reason.
 */
class ExplicitValuesTest {
    /** The samples whose --expand rows (verbatim from derive) the cases below check. */
    static final String SKIP6 = sample("chapter-skip-6.nn");
    static final String HIGHWAY = sample("highway.nn");

    static String sample(String name) {
        try {
            return java.nio.file.Files.readString(Path.of("samples", name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** x_t = W σ(x_{t-1}) (Pascanu et al. 2013, eq. 2 without inputs): ∂x_2/∂x_1 = W diag(σ'(x_1)). */
    static final String PASCANU = """
            network Rec {
              input x_0;
              x_1 = W sigma_1(x_0);
              x_2 = W sigma_2(x_1);
              loss E(x_2);
            }
            """;

    private static final String B = "{\\bm ", X = "\\times ";

    private static String d(String a, String b) { return "\\frac{\\partial " + a + "}{\\partial " + b + "}"; }

    private static String diag(String v) { return "\\operatorname{diag}\\left(" + v + "\\right)"; }

    record Case(String name, String network, String check, String row, String expected) {
        @Override
        public String toString() { return name; }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String dLy = d("L", B + "y}");
        String numH1 = dLy + X + diag("a_6'({\\bm z}_6)") + X + "{\\bm w}_6" + X + diag("a_5'({\\bm z}_5)") + X
                + "{\\bm w}_5" + X + diag("a_4'({\\bm z}_4)") + X + "{\\bm w}_4" + X + d("{\\bm s}_4", "{\\bm h}_2") + X
                + diag("a_1'({\\bm z}_1)") + X + "{\\bm w}_1";
        c.add(new Case("expanded, numerator: ∂L/∂h_1", SKIP6, "", d("L", "{\\bm h}_1") + " = " + numH1, null));
        c.add(new Case("expanded, numerator: ∂L/∂w_1 (the shape of w_1^T)", SKIP6, "", d("L", "{\\bm w}_1") + " = {\\bm h}_1"
                + X + dLy + X + diag("a_6'({\\bm z}_6)") + X + "{\\bm w}_6" + X + diag("a_5'({\\bm z}_5)") + X + "{\\bm w}_5" + X
                + diag("a_4'({\\bm z}_4)") + X + "{\\bm w}_4" + X + d("{\\bm s}_4", "{\\bm h}_2") + X + diag("a_1'({\\bm z}_1)"), null));
        c.add(new Case("expanded, numerator: the skip factor", SKIP6, "", d("{\\bm s}_4", "{\\bm h}_2") + " = 1 + "
                + diag("a_3'({\\bm z}_3)") + X + "{\\bm w}_3" + X + diag("a_2'({\\bm z}_2)") + X + "{\\bm w}_2", null));
        String denH1 = "{\\bm w}_1^\\top" + X + diag("a_1'({\\bm z}_1)") + X + d("{\\bm s}_4", "{\\bm h}_2") + X
                + "{\\bm w}_4^\\top" + X + diag("a_4'({\\bm z}_4)") + X + "{\\bm w}_5^\\top" + X + diag("a_5'({\\bm z}_5)") + X
                + "{\\bm w}_6^\\top" + X + diag("a_6'({\\bm z}_6)") + X + dLy;
        c.add(new Case("expanded, denominator: ∂L/∂h_1", SKIP6, "layout=denominator", d("L", "{\\bm h}_1") + " = " + denH1, null));
        c.add(new Case("expanded, denominator: ∂L/∂w_1 = δ h^T", SKIP6, "layout=denominator", d("L", "{\\bm w}_1") + " = "
                + diag("a_1'({\\bm z}_1)") + X + d("{\\bm s}_4", "{\\bm h}_2") + X + "{\\bm w}_4^\\top" + X + diag("a_4'({\\bm z}_4)")
                + X + "{\\bm w}_5^\\top" + X + diag("a_5'({\\bm z}_5)") + X + "{\\bm w}_6^\\top" + X + diag("a_6'({\\bm z}_6)")
                + X + dLy + X + "{\\bm h}_1^\\top", null));
        c.add(new Case("expanded, denominator: the skip factor", SKIP6, "layout=denominator", d("{\\bm s}_4", "{\\bm h}_2")
                + " = 1 + {\\bm w}_2^\\top" + X + diag("a_2'({\\bm z}_2)") + X + "{\\bm w}_3^\\top" + X + diag("a_3'({\\bm z}_3)"), null));
        c.add(new Case("numerator form read under layout=denominator: said so", SKIP6, "layout=denominator",
                d("L", "{\\bm h}_1") + " = " + numH1, "right under layout=numerator"));
        c.add(new Case("a transposed factor is named", SKIP6, "layout=denominator", d("L", "{\\bm h}_1") + " = "
                + denH1.replace("{\\bm w}_5^\\top", "{\\bm w}_5"), "right with `w_5` transposed"));
        c.add(new Case("a transpose too many is named", SKIP6, "", d("L", "{\\bm h}_1") + " = "
                + numH1.replace("{\\bm w}_5", "{\\bm w}_5^{\\mathsf T}"), "right without the transpose of `w_5`"));

        String dLh = d("L", B + "h}"), dLt = d("L", B + "t}");
        String numX = dLh + X + diag("\\tanh'({\\bm z}_h)") + X + "{\\bm W}_H + " + dLt + X + diag("\\sigma'({\\bm z}_t)") + X
                + "{\\bm W}_T + " + dLy + X + diag("1 - {\\bm t}");
        c.add(new Case("highway, numerator: ∂L/∂x with the gate's terms", HIGHWAY, "", d("L", B + "x}") + " = " + numX, null));
        c.add(new Case("highway, numerator: ∂L/∂t", HIGHWAY, "", dLt + " = " + dLy + X + "\\left(" + diag("{\\bm h}") + " - "
                + diag("{\\bm x}") + "\\right)", null));
        c.add(new Case("highway, numerator: ∂L/∂W_T", HIGHWAY, "", d("L", "{\\bm W}_T") + " = {\\bm x}" + X + dLt + X
                + diag("\\sigma'({\\bm z}_t)"), null));
        String denX = "{\\bm W}_H^\\top" + X + diag("\\tanh'({\\bm z}_h)") + X + dLh + " + {\\bm W}_T^\\top" + X
                + diag("\\sigma'({\\bm z}_t)") + X + dLt + " + " + diag("1 - {\\bm t}") + X + dLy;
        c.add(new Case("highway, denominator: ∂L/∂x", HIGHWAY, "layout=denominator", d("L", B + "x}") + " = " + denX, null));
        c.add(new Case("highway, denominator: ∂L/∂W_T", HIGHWAY, "layout=denominator", d("L", "{\\bm W}_T") + " = "
                + diag("\\sigma'({\\bm z}_t)") + X + dLt + X + "{\\bm x}^\\top", null));
        c.add(new Case("highway: the carry term dropped", HIGHWAY, "", d("L", B + "x}") + " = "
                + numX.substring(0, numX.lastIndexOf(" + ")), "the value is not ∂L/∂x"));
        c.add(new Case("highway: diag on the wrong side", HIGHWAY, "layout=denominator", d("L", B + "x}") + " = "
                + denX.replace("{\\bm W}_H^\\top" + X + diag("\\tanh'({\\bm z}_h)"), diag("\\tanh'({\\bm z}_h)") + X
                + "{\\bm W}_H^\\top"), "in the other order"));
        c.add(new Case("highway: Hadamard spelling of the gate", HIGHWAY, "layout=denominator", d("L", B + "h}") + " = "
                + d("L", B + "y}") + " \\odot {\\bm t}", null));

        c.add(new Case("Pascanu: W diag(σ'(x_1)) in the numerator layout", PASCANU, "", d("x_2", "x_1")
                + " = W \\operatorname{diag}(\\sigma'(x_1))", null));
        c.add(new Case("Pascanu: diag(σ'(x_1)) W^T in the denominator layout", PASCANU, "layout=denominator",
                d("x_2", "x_1") + " = \\mathrm{diag}(\\sigma'(x_1)) W^T", null));
        c.add(new Case("Pascanu eq. 5 as quoted: W^T diag(σ'(x_1)) is wrong", PASCANU, "layout=denominator",
                d("x_2", "x_1") + " = W^\\top \\text{diag}(\\sigma'(x_1))", "the value is not ∂x_2/∂x_1"));
        c.add(new Case("Nielsen BP2 spelling: (W^T δ) ⊙ σ'", PASCANU, "layout=denominator", d("E", "x_1")
                + " = (W^T " + d("E", "x_2") + ") \\odot \\sigma'(x_1)", null));
        c.add(new Case("a value that is no node is not read", PASCANU, "", d("E", "x_2") + " = x_2 - y", "cannot read"));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(Case c, @TempDir Path dir) {
        CheckFixtures.assertOneRow(dir, c.network(), c.check(), c.row(), c.expected());
    }
}
