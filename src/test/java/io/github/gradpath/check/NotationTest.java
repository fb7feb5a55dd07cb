package io.github.gradpath.check;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;


/**
 * Other people's notation, one spelling per case, each against a small network whose paths are counted by hand
 * in the comments: a right row must pass and a wrong one be caught with the expected reason.
 */
class NotationTest {
    /**
     * An RNN unrolled over three steps, weights shared: h_t uses x_t, w_x, h_{t-1}, w_h directly. ∂h_2/∂w_h has
     * two paths: the edge h_2 ← w_h, and h_2 ← h_1 ← w_h (h_1 ← h_0 ← w_h does not exist: h_0 is an input).
     */
    static final String RNN = """
            network Rnn {
              input x_1, x_2, x_3, h_0;
              h_1 = f(w_x x_1 + w_h h_0);
              h_2 = f(w_x x_2 + w_h h_1);
              h_3 = f(w_x x_3 + w_h h_2);
              o_3 = g(w_o h_3);
              loss L(o_3);
            }
            """;

    /** Three layers with weights W_0..W_2 and a named output yhat, theta and ell as names. */
    static final String MLP = """
            network Mlp {
              input h_0;
              h_{l+1} = a_l(W_l h_l) for l in 0..1;
              yhat = s(theta h_2);
              ell = q(yhat);
              loss L(ell);
            }
            """;

    static final String HH = """
            network Hh {
              input x;
              h = f(W_hh x);
              loss L(h);
            }
            """;

    record Case(String name, String network, String check, String row, String expected) {
        @Override
        public String toString() { return name; }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String rec = " + \\frac{\\partial f(x_t, h_{t-1}, w_h)}{\\partial h_{t-1}} \\frac{\\partial h_{t-1}}{\\partial w_h}";
        c.add(new Case("d2l recursion, function-call numerators", RNN, "", "\\frac{\\partial h_t}{\\partial w_h} = "
                + "\\frac{\\partial f(x_t, h_{t-1}, w_h)}{\\partial w_h}" + rec, null));
        c.add(new Case("d2l recursion without the direct term", RNN, "", "\\frac{\\partial h_t}{\\partial w_h} = "
                + rec.substring(3), "(for t = 1)"));
        c.add(new Case("Pascanu's immediate partial", RNN, "", "\\frac{\\partial h_t}{\\partial w_h} = "
                + "\\frac{\\partial^+ h_t}{\\partial w_h} + \\frac{\\partial h_t}{\\partial h_{t-1}}"
                + "\\frac{\\partial h_{t-1}}{\\partial w_h}", null));
        // Differentiated by what is no argument: the total derivative of the node the call defines (d2l's ∂_w l(y_t, o_t)).
        c.add(new Case("a call by a non-argument", RNN, "", "\\frac{\\partial h_3}{\\partial w_x} = "
                + "\\partial_{w_x} f(x_3, h_2, w_h)", null));
        c.add(new Case("slash form", RNN, "", "\\partial L/\\partial w_o = \\partial L/\\partial o_3 \\,"
                + " \\partial o_3/\\partial w_o", null));
        c.add(new Case("d fractions", RNN, "", "\\frac{dL}{dw_o} = \\frac{dL}{do_3}\\frac{do_3}{dw_o}", null));
        c.add(new Case("nabla and partial with subscripts", RNN, "", "\\nabla_{w_o} L = \\partial_{o_3} L \\,"
                + " \\partial_{w_o} o_3", null));
        c.add(new Case("operator applied", RNN, "", "\\frac{\\partial}{\\partial w_o} L = "
                + "\\frac{\\partial L}{\\partial o_3}\\frac{\\partial}{\\partial w_o}(o_3)", null));
        c.add(new Case("underbrace", RNN, "", "\\frac{\\partial L}{\\partial w_o} = \\underbrace{\\frac{\\partial L}"
                + "{\\partial o_3}}_{\\text{output}}\\frac{\\partial o_3}{\\partial w_o}", null));
        c.add(new Case("underbrace around a wrong factor", RNN, "", "\\frac{\\partial L}{\\partial w_o} = "
                + "\\underbrace{\\frac{\\partial L}{\\partial h_3}}_{\\text{output}}\\frac{\\partial o_3}{\\partial w_o}",
                "does not continue the chain"));
        c.add(new Case("superscript layer indices", MLP, "", "\\frac{\\partial L}{\\partial W^{(0)}} = "
                + "\\frac{\\partial L}{\\partial h^{[2]}}\\frac{\\partial h^{2}}{\\partial h^1}"
                + "\\frac{\\partial h^{(1)}}{\\partial W^{[0]}}", null));
        c.add(new Case("hat, Greek, ell, mathcal", MLP, "", "\\frac{\\partial \\mathcal{L}}{\\partial \\theta} = "
                + "\\frac{\\partial \\mathcal{L}}{\\partial \\ell}\\frac{\\partial \\ell}{\\partial \\hat{y}}"
                + "\\frac{\\partial \\hat y}{\\partial \\theta}", null));
        c.add(new Case("hat on a wrong factor", MLP, "", "\\frac{\\partial L}{\\partial \\theta} = "
                + "\\frac{\\partial L}{\\partial \\ell}\\frac{\\partial \\hat y}{\\partial \\theta}", "misses the factor"));
        c.add(new Case("text in subscripts", HH, "", "\\frac{\\partial L}{\\partial W_\\textrm{hh}} = "
                + "\\frac{\\partial L}{\\partial h}\\frac{\\partial h}{\\partial W_{\\text{hh}}}", null));
        c.add(new Case("alias", MLP, "alias=\\Theta:theta,y:yhat", "\\frac{\\partial L}{\\partial \\Theta} = "
                + "\\frac{\\partial L}{\\partial y}\\frac{\\partial y}{\\partial \\Theta}", null));
        c.add(new Case("alias of a base", MLP, "alias=V_l:W_l", "\\frac{\\partial h_2}{\\partial V_1} = "
                + "\\frac{\\partial h_2}{\\partial V_1}", null));
        // ∂L/∂w_h over the three steps: Σ_t ∂L/∂h_t ∂h_t/∂w_h|edge is right; with total ∂h_t/∂w_h it is not.
        String sum = "\\frac{\\partial L}{\\partial w_h} = \\frac{\\partial L}{\\partial h_3}\\frac{\\partial h_3}"
                + "{\\partial w_h} + \\frac{\\partial L}{\\partial h_2}\\frac{\\partial h_2}{\\partial w_h} + "
                + "\\frac{\\partial L}{\\partial h_1}\\frac{\\partial h_1}{\\partial w_h}";
        c.add(new Case("immediate partials", RNN, "partials=immediate", sum, null));
        c.add(new Case("immediate partials read as totals", RNN, "", sum, "the row is right with `partials=immediate`"));
        String reversed = "\\frac{\\partial L}{\\partial w_o} = \\frac{\\partial o_3}{\\partial w_o}\\frac{\\partial L}"
                + "{\\partial o_3}";
        c.add(new Case("input-first order", RNN, "order=input-first", reversed, null));
        c.add(new Case("denominator layout", RNN, "layout=denominator", reversed, null));
        c.add(new Case("input-first read output-first", RNN, "", reversed, "factor 1 and 2 are in the wrong order"));
        c.add(new Case("scalar: products commute", RNN, "scalar", reversed, null));
        // Every term ends at w_x: the row is right for ∂h_2/∂w_x, the left side names the wrong weight.
        c.add(new Case("left side names the wrong weight", RNN, "", "\\frac{\\partial h_2}{\\partial w_h} = "
                + "\\frac{\\partial^+ h_2}{\\partial w_x} + \\frac{\\partial h_2}{\\partial h_1}\\frac{\\partial h_1}"
                + "{\\partial w_x}", "the left side names w_h, but every term of the right side ends at w_x"));
        String dh = "\\frac{\\partial L}{\\partial h_3}";
        c.add(new Case("sum over a bound index (Pascanu eq. 4)", RNN, "", "\\frac{\\partial L}{\\partial w_h} = "
                + "\\sum_{1 \\le k \\le 3} " + dh + "\\frac{\\partial h_3}{\\partial h_k}\\frac{\\partial^+ h_k}"
                + "{\\partial w_h}", null));
        c.add(new Case("sum with limits, immediate partials", RNN, "partials=immediate", "\\frac{\\partial L}"
                + "{\\partial w_h} = \\sum\\limits_{t=1}^{3} \\frac{\\partial L}{\\partial h_t}\\frac{\\partial h_t}"
                + "{\\partial w_h}", null));
        c.add(new Case("sum that stops one step short", RNN, "", "\\frac{\\partial L}{\\partial w_h} = "
                + "\\sum_{1 < k \\le 3} " + dh + "\\frac{\\partial h_3}{\\partial h_k}\\frac{\\partial^+ h_k}"
                + "{\\partial w_h}", "misses 1 of 3 paths"));
        c.add(new Case("product over a bound index (Pascanu eq. 5)", RNN, "", "\\frac{\\partial h_3}"
                + "{\\partial h_k} = \\prod_{3 \\ge i > k} \\frac{\\partial h_i}{\\partial h_{i-1}}", null));
        c.add(new Case("product running upwards", RNN, "", "\\frac{\\partial h_3}{\\partial h_1} = "
                + "\\prod_{i=2}^{3} \\frac{\\partial h_i}{\\partial h_{i-1}}", null));
        c.add(new Case("empty sum (upper bound below the lower)", RNN, "", "\\frac{\\partial h_3}{\\partial w_h} = "
                + "\\sum_{i=3}^{1} \\frac{\\partial h_3}{\\partial h_i}\\frac{\\partial^+ h_i}{\\partial w_h}",
                "∂h_3/∂w_h"));
        c.add(new Case("d2l prod in either order", RNN, "", "\\frac{\\partial L}{\\partial w_o} = \\text{prod}"
                + "\\left(\\frac{\\partial o_3}{\\partial w_o}, \\frac{\\partial L}{\\partial o_3}\\right)", null));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(Case c, @TempDir Path dir) {
        CheckFixtures.assertOneRow(dir, c.network(), c.check(), c.row(), c.expected());
    }
}
