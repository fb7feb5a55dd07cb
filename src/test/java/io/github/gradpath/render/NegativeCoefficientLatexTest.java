package io.github.gradpath.render;

import io.github.gradpath.derive.Expr;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A negative coefficient reads as a subtraction in a sum and is bracketed inside a product (issue 10). */
class NegativeCoefficientLatexTest {
    static final Expr.Var S = new Expr.Var("s", List.of(), Expr.Role.NODE), G = new Expr.Var("G", List.of(), Expr.Role.NODE);
    static final Expr.Var H = new Expr.Var("h", List.of(), Expr.Role.NODE);
    static final Expr DG = new Expr.Partial(G, H);

    @Test
    void inASumItIsAMinus() {
        assertEquals("1 - \\frac{1}{2} \\frac{\\partial {\\bm G}}{\\partial {\\bm h}}",
                Latex.expr(new Expr.Sum(List.of(new Expr.One(), new Expr.Product(List.of(Expr.Constant.of(-1, 2), DG))))));
        // -1 is no coefficient to write: 1 - ∂G/∂h
        assertEquals("1 - \\frac{\\partial {\\bm G}}{\\partial {\\bm h}}",
                Latex.expr(new Expr.Sum(List.of(new Expr.One(), new Expr.Product(List.of(Expr.Constant.of(-1), DG))))));
        assertEquals("{\\bm h} - \\frac{3}{2}", Latex.expr(new Expr.Sum(List.of(H, Expr.Constant.of(-3, 2)))));
    }

    @Test
    void insideAProductItIsBracketed() {
        assertEquals("\\frac{\\partial L}{\\partial {\\bm s}}\\times \\left(-\\frac{1}{2}\\right) \\frac{\\partial {\\bm G}}{\\partial {\\bm h}}",
                Latex.expr(new Expr.Product(List.of(new Expr.Partial(new Expr.Var("L", List.of(), Expr.Role.LOSS), S),
                        Expr.Constant.of(-1, 2), DG))));
        // leading: as before
        assertEquals("-\\frac{1}{2} \\frac{\\partial {\\bm G}}{\\partial {\\bm h}}",
                Latex.expr(new Expr.Product(List.of(Expr.Constant.of(-1, 2), DG))));
    }
}
