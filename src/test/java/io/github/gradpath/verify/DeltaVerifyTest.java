package io.github.gradpath.verify;

import io.github.gradpath.derive.Expander;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Layout;
import io.github.gradpath.derive.Row;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.Latex;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The δ rows of the denominator layout's adjoint form (Nielsen's BP1–BP4): written as by hand, verified, corruptions fail. */
class DeltaVerifyTest {
    private static List<String> rows(Expander.Expanded x) {
        List<String> out = new ArrayList<>();
        for (Row r : x.derivation().gradients()) {
            Row.Equation eq = (Row.Equation) r;
            out.add(Latex.expr(eq.lhs()) + " = " + String.join(" = ", eq.rhs().stream().map(Latex::expr).toList()));
        }
        return out;
    }

    /**
     * By hand, h_1 = a_0(w_0 x), y = a_1(w_1 h_1): BP1 δ_1 = diag(a_1'(z_1)) ∂L/∂y; ∂L/∂h_1 = w_1^T δ_1; BP4
     * ∂L/∂w_1 = δ_1 h_1^T; BP2 δ_0 = diag(a_0'(z_0)) ∂L/∂h_1 = diag(a_0'(z_0)) w_1^T δ_1; ∂L/∂w_0 = δ_0 x^T.
     */
    @Test
    void twoLayersAsWorkedByHand() {
        ComputationGraph g = ExpandedVerifyTest.net("network Two { input x; h_1 = a_0(w_0 x); y = a_1(w_1 h_1); loss L(y); }");
        Expander.Expanded x = ExpandedVerifyTest.expanded(g, g.parameters(), Form.ADJOINT, Layout.DENOMINATOR);
        String d0 = "\\operatorname{diag}\\left(a_0'({\\bm z}_0)\\right)", d1 = "\\operatorname{diag}\\left(a_1'({\\bm z}_1)\\right)";
        assertEquals(List.of(
                "{\\bm \\delta}_1 = " + d1 + "\\times \\frac{\\partial L}{\\partial {\\bm y}}",
                "\\frac{\\partial L}{\\partial {\\bm h}_1} = {\\bm w}_1^\\top\\times {\\bm \\delta}_1",
                "\\frac{\\partial L}{\\partial {\\bm w}_1} = {\\bm \\delta}_1\\times {\\bm h}_1^\\top",
                "{\\bm \\delta}_0 = " + d0 + "\\times \\frac{\\partial L}{\\partial {\\bm h}_1} = " + d0 + "\\times {\\bm w}_1^\\top\\times {\\bm \\delta}_1",
                "\\frac{\\partial L}{\\partial {\\bm w}_0} = {\\bm \\delta}_0\\times {\\bm x}^\\top"), rows(x));
        for (boolean random : new boolean[] {false, true}) {
            VerifyReport r = Verifier.of(g, SkipKindsVerifyTest.options(3, random)).checkExpanded(x);
            assertTrue(r.passed(), r.table());
            // the δ rows are rows of the report, each proved against its own reference
            assertEquals(2, r.lines().stream().filter(l -> l.label().startsWith("delta_")).count(), r.table());
        }
        // No δ in the numerator layout, nor in the other forms.
        assertFalse(rows(ExpandedVerifyTest.expanded(g, g.parameters(), Form.ADJOINT, Layout.NUMERATOR)).toString().contains("delta"));
        assertFalse(rows(ExpandedVerifyTest.expanded(g, g.parameters(), Form.FACTORED, Layout.DENOMINATOR)).toString().contains("delta"));
    }

    /** The right-hand side {@code which} of the δ row of {@code name} changed. */
    private static Expander.Expanded corrupt(Expander.Expanded x, String name, int which, UnaryOperator<Expr> change) {
        List<Row> rows = new ArrayList<>();
        boolean done = false;
        for (Row r : x.derivation().gradients()) {
            Row.Equation eq = (Row.Equation) r;
            if (eq.lhs() instanceof Expr.Var v && Latex.expr(v).equals(name)) {
                List<Expr> rhs = new ArrayList<>(eq.rhs());
                rhs.set(which, change.apply(rhs.get(which)));
                r = new Row.Equation(eq.lhs(), rhs, "");
                done = true;
            }
            rows.add(r);
        }
        assertTrue(done);
        return new Expander.Expanded(new io.github.gradpath.derive.Derivation(x.derivation().network(), x.derivation().form(),
                rows, x.derivation().definitions()), x.layout(), x.deltas());
    }

    private static Expr mapFactors(Expr e, UnaryOperator<Expr> f) {
        if (e instanceof Expr.Product p) return new Expr.Product(p.factors().stream().map(f).toList());
        return f.apply(e);
    }

    @Test
    void aWrongRecurrenceFails() throws Exception {
        ComputationGraph g = SkipKindsVerifyTest.load(Path.of("samples", "chapter-skip-6.nn"));
        for (boolean random : new boolean[] {false, true}) {
            Verifier v = Verifier.of(g, SkipKindsVerifyTest.options(2, random));
            Expander.Expanded good = ExpandedVerifyTest.expanded(g, g.parameters(), Form.ADJOINT, Layout.DENOMINATOR);
            assertTrue(v.checkExpanded(good).passed());
            // δ_5 = diag(a_5'(z_5)) w_6^T δ_6 written with w_6 (the transpose dropped)
            Expander.Expanded noTranspose = corrupt(good, "{\\bm \\delta}_5", 1,
                    e -> mapFactors(e, f -> f instanceof Expr.Transpose t ? t.operand() : f));
            assertFalse(v.checkExpanded(noTranspose).passed(), "random " + random);
            // δ_4 = diag(a_4'(z_4)) w_5^T δ_6 (the wrong δ: a step skipped)
            Expander.Expanded skipped = corrupt(good, "{\\bm \\delta}_4", 1, e -> mapFactors(e,
                    f -> f instanceof Expr.Var d && d.base().equals("delta") ? new Expr.Var("delta", "6", Expr.Role.NODE) : f));
            assertFalse(v.checkExpanded(skipped).passed(), "random " + random);
            // δ_3 = diag(a_4'(z_4)) ∂L/∂h_4: the derivative of the wrong layer
            Expander.Expanded layer = corrupt(good, "{\\bm \\delta}_3", 0, e -> mapFactors(e, f -> f instanceof Expr.Diag
                    ? new Expr.Diag(new Expr.Derivative(new Expr.Var("a", "4", Expr.Role.NODE), new Expr.Var("z", "4", Expr.Role.NODE))) : f));
            assertFalse(v.checkExpanded(layer).passed(), "random " + random);
            // δ_2 defined by itself: no value, so never a pass (and no endless loop)
            Expander.Expanded self = corrupt(good, "{\\bm \\delta}_2", 1, e -> mapFactors(e,
                    f -> f instanceof Expr.Var d && d.base().equals("delta") ? new Expr.Var("delta", "2", Expr.Role.NODE) : f));
            assertFalse(v.checkExpanded(self).passed(), "random " + random);
        }
    }
}
