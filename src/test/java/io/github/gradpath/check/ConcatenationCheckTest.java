package io.github.gradpath.check;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Concatenations' block selectors and forward concatenations inside a chain. The right rows are
 * {@code derive --expand} output for samples/unet.nn and samples/lstm-two-steps.nn (adjoint form, both layouts,
 * copied from the CLI and read by eye against the network: u_2 = a_4(w_4 [b; d_2]), u_1 = a_5(w_5 [u_2; d_1])),
 * plus hand-written spellings ({@code \begin{bmatrix} I & 0 \end{bmatrix}}, {@code \mathbf{0}}, {@code pmatrix}).
 * Each corruption (the selector's blocks swapped, the forward concatenation's parts swapped, the transpose of the
 * selector dropped) must be flagged with a reason that names it.
 */
class ConcatenationCheckTest {
    static final String UNET = ExplicitValuesTest.sample("unet.nn");
    static final String LSTM = ExplicitValuesTest.sample("lstm-two-steps.nn");

    private static final String X = "\\times ";

    private static String d(String a, String b) { return "\\frac{\\partial " + a + "}{\\partial " + b + "}"; }

    private static String diag(String v) { return "\\operatorname{diag}\\left(" + v + "\\right)"; }

    private static String col(String... cells) { return "\\begin{bmatrix} " + String.join(" \\\\ ", cells) + " \\end{bmatrix}"; }

    private static String top(String m) { return "\\left(" + m + "\\right)^\\top"; }

    record Case(String name, String network, String check, String row, String expected) {
        @Override
        public String toString() { return name; }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String dLu1 = d("L", "{\\bm u}_1"), dLu2 = d("L", "{\\bm u}_2"), dLb = d("L", "{\\bm b}");
        String a5 = diag("a_5'({\\bm z}_5)"), a4 = diag("a_4'({\\bm z}_4)"), a3 = diag("a_3'({\\bm z}_3)");
        // derive --expand --form adjoint samples/unet.nn (numerator)
        String numU2 = dLu1 + X + a5 + X + "{\\bm w}_5" + X + col("1", "0");
        c.add(new Case("unet, numerator: ∂L/∂u_2 through the selector", UNET, "", dLu2 + " = " + numU2, null));
        String numD2 = dLb + X + a3 + X + "{\\bm w}_3 + " + dLu2 + X + a4 + X + "{\\bm w}_4" + X + col("0", "1");
        c.add(new Case("unet, numerator: ∂L/∂d_2, the long skip's term", UNET, "", d("L", "{\\bm d}_2") + " = " + numD2, null));
        String numW5 = col("{\\bm u}_2", "{\\bm d}_1") + X + dLu1 + X + a5;
        c.add(new Case("unet, numerator: ∂L/∂w_5 with the forward concatenation", UNET, "", d("L", "{\\bm w}_5") + " = "
                + numW5, null));
        // derive --expand --layout denominator --form adjoint samples/unet.nn
        String denU2 = top(col("1", "0")) + X + "{\\bm w}_5^\\top" + X + a5 + X + dLu1;
        c.add(new Case("unet, denominator: ∂L/∂u_2", UNET, "layout=denominator", dLu2 + " = " + denU2, null));
        String denD2 = "{\\bm w}_3^\\top" + X + a3 + X + dLb + " + " + top(col("0", "1")) + X + "{\\bm w}_4^\\top" + X + a4 + X + dLu2;
        c.add(new Case("unet, denominator: ∂L/∂d_2", UNET, "layout=denominator", d("L", "{\\bm d}_2") + " = " + denD2, null));
        c.add(new Case("unet, denominator: ∂L/∂w_5", UNET, "layout=denominator", d("L", "{\\bm w}_5") + " = " + a5 + X + dLu1
                + X + top(col("{\\bm u}_2", "{\\bm d}_1")), null));
        // Hand-written spellings of the same selectors.
        c.add(new Case("hand-written: the row selector [I 0] in the denominator layout", UNET, "layout=denominator", dLu2
                + " = \\begin{bmatrix} I & 0 \\end{bmatrix} w_5^T \\mathrm{diag}(a_5'(z_5)) " + dLu1, null));
        c.add(new Case("hand-written: pmatrix, \\mathbf{0} and \\mathbf{I}", UNET, "", dLu2 + " = " + dLu1 + " \\, \\mathrm{diag}(a_5'(z_5))"
                + " \\, w_5 \\begin{pmatrix} \\mathbf{I} \\\\ \\mathbf{0} \\end{pmatrix}", null));
        c.add(new Case("hand-written: [u_2; d_1]^T written as a row of transposes", UNET, "layout=denominator",
                d("L", "{\\bm w}_5") + " = " + a5 + X + dLu1 + X + "\\begin{bmatrix} u_2^\\top & d_1^\\top \\end{bmatrix}", null));
        // Corruptions.
        c.add(new Case("the selector's blocks swapped (numerator)", UNET, "", dLu2 + " = "
                + numU2.replace(col("1", "0"), col("0", "1")), "right with the selector `\\begin{bmatrix} 1 \\\\ 0 \\end{bmatrix}`"));
        c.add(new Case("the selector's blocks swapped (denominator)", UNET, "layout=denominator", d("L", "{\\bm d}_2") + " = "
                + denD2.replace(col("0", "1"), col("1", "0")), "(the identity block at part 2 of 2)"));
        c.add(new Case("the forward concatenation's parts swapped", UNET, "", d("L", "{\\bm w}_5") + " = "
                + numW5.replace(col("{\\bm u}_2", "{\\bm d}_1"), col("{\\bm d}_1", "{\\bm u}_2")), "the value is not ∂L/∂w_5"));
        c.add(new Case("the selector's transpose dropped (denominator)", UNET, "layout=denominator", dLu2 + " = "
                + denU2.replace(top(col("1", "0")), col("1", "0")), "the shapes do not fit"));
        c.add(new Case("numerator selector rows read under layout=denominator: said so", UNET, "layout=denominator",
                dLu2 + " = " + numU2, "right under layout=numerator"));
        c.add(new Case("a selector of three blocks where the concatenation has two", UNET, "", dLu2 + " = "
                + numU2.replace(col("1", "0"), col("1", "0", "0")), "fits no concatenation of the network here"));

        // derive --expand --form adjoint --wrt W_f samples/lstm-two-steps.nn: a weight shared by two steps.
        String wf = col("{\\bm h}_0", "{\\bm x}_1") + X + d("L", "{\\bm f}_1") + X + diag("\\sigma'({\\bm z}_{f_1})") + " + "
                + col("{\\bm h}_1", "{\\bm x}_2") + X + d("L", "{\\bm f}_2") + X + diag("\\sigma'({\\bm z}_{f_2})");
        c.add(new Case("lstm, numerator: ∂L/∂W_f over both steps", LSTM, "", d("L", "{\\bm W}_f") + " = " + wf, null));
        c.add(new Case("lstm: the second step's term dropped", LSTM, "", d("L", "{\\bm W}_f") + " = "
                + wf.substring(0, wf.indexOf(" + ")), "the value is not ∂L/∂W_f"));
        c.add(new Case("lstm, numerator: ∂L/∂h_1 through four gates' selectors", LSTM, "", d("L", "{\\bm h}_1") + " = "
                + d("L", "{\\bm f}_2") + X + diag("\\sigma'({\\bm z}_{f_2})") + X + "{\\bm W}_f" + X + col("1", "0") + " + "
                + d("L", "{\\bm i}_2") + X + diag("\\sigma'({\\bm z}_{i_2})") + X + "{\\bm W}_i" + X + col("1", "0") + " + "
                + d("L", "{\\bm o}_2") + X + diag("\\sigma'({\\bm z}_{o_2})") + X + "{\\bm W}_o" + X + col("1", "0") + " + "
                + d("L", "{\\bm g}_2") + X + diag("\\tanh'({\\bm z}_{g_2})") + X + "{\\bm W}_g" + X + col("1", "0"), null));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(Case c, @TempDir Path dir) {
        CheckFixtures.assertOneRow(dir, c.network(), c.check(), c.row(), c.expected());
    }
}
