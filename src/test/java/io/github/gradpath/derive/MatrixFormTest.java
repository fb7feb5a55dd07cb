package io.github.gradpath.derive;

import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.render.Latex;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The denominator layout's transpose of a ∏ (issue 10): {@code (∏_{j=i+1}^{t} diag(a'(z_j)) W)^\top}, one Transpose
 * over the ProductOver, spelled as check reads it; filled in, it is the product of the transposes in reverse.
 */
class MatrixFormTest {
    private static final Linear I1 = new Linear(1, Map.of("i", 1L), Pos.NONE), T = Linear.symbol("t", Pos.NONE);

    private static Expr.Var v(String base, Linear... idx) { return new Expr.Var(base, List.of(idx), Expr.Role.NODE); }

    @Test
    void aProductIsTransposedWhole() {
        Expr body = new Expr.Product(List.of(new Expr.Diag(new Expr.Derivative(v("a"), v("z", Linear.symbol("j", Pos.NONE)))),
                new Expr.Var("W", List.of(), Expr.Role.PARAM)));
        Expr p = new Expr.ProductOver("j", I1, T, body);
        Expr row = MatrixForm.transpose(new Expr.Product(List.of(v("x"), p, v("y"))));
        assertEquals("{\\bm y}^\\top\\times \\left(\\prod_{j=i+1}^{t} \\left(\\operatorname{diag}\\left(a'({\\bm z}_j)\\right)"
                + "\\times {\\bm W}\\right)\\right)^\\top\\times {\\bm x}^\\top", Latex.expr(row));
        // at i = 1, t = 3: (d_3 W d_2 W)^T, which is W^T d_2 W^T d_3
        Expr at = Exprs.at(((Expr.Product) row).factors().get(1), Map.of("i", 1L, "t", 3L));
        assertEquals("\\left(\\operatorname{diag}\\left(a'({\\bm z}_3)\\right)\\times {\\bm W}\\times \\operatorname{diag}"
                + "\\left(a'({\\bm z}_2)\\right)\\times {\\bm W}\\right)^\\top", Latex.expr(at));
        assertEquals("{\\bm W}^\\top\\times \\operatorname{diag}\\left(a'({\\bm z}_2)\\right)\\times {\\bm W}^\\top\\times "
                + "\\operatorname{diag}\\left(a'({\\bm z}_3)\\right)", Latex.expr(MatrixForm.transpose(((Expr.Transpose) at).operand())));
    }

    @Test
    void aProductOfDerivativesIsNotTransposed() {
        // its ∂h_j/∂h_{j-1} would read transposed inside a product written in Jacobians
        Expr p = new Expr.ProductOver("j", I1, T, new Expr.Partial(v("h", Linear.symbol("j", Pos.NONE)),
                v("h", new Linear(-1, Map.of("j", 1L), Pos.NONE))));
        assertThrows(IllegalArgumentException.class, () -> MatrixForm.transpose(p));
    }
}
