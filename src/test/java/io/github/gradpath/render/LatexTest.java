package io.github.gradpath.render;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Exprs;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every node of the expression tree has a LaTeX form; expectations written by hand. */
class LatexTest {
    static final Expr.Var L = new Expr.Var("L", "", Expr.Role.LOSS);
    static final Expr.Var W = new Expr.Var("W", "hh", Expr.Role.PARAM);

    static Linear sym(String s, long plus) { return new Linear(plus, Map.of(s, 1L), Pos.NONE); }

    static Expr.Var h(Linear i) { return new Expr.Var("h", List.of(i), Expr.Role.NODE); }

    static final String DL_DHT = "\\frac{\\partial L}{\\partial {\\bm h}_t}";

    @Test
    void sumAndProductOverABoundIndex() {
        Expr.Partial dldh = new Expr.Partial(L, h(sym("t", 0)));
        Expr.Partial dhdw = new Expr.Partial(h(sym("t", 0)), W, true);
        Expr sum = new Expr.SumOver("t", Exprs.constant(1), sym("T", 0), new Expr.Product(List.of(dldh, dhdw)));
        assertEquals("\\sum_{t=1}^{T} " + DL_DHT + "\\times \\left.\\frac{\\partial {\\bm h}_t}{\\partial "
                + "{\\bm W}_{hh}}\\right|_{\\mathrm{direct}}", Latex.expr(sum));
        Expr prod = new Expr.ProductOver("j", sym("i", 1), sym("t", 0),
                new Expr.Partial(h(sym("j", 0)), h(sym("j", -1))));
        // Followed by a factor, a ∏ is bracketed; last in its term it is not.
        assertEquals("\\left(\\prod_{j=i+1}^{t} \\frac{\\partial {\\bm h}_j}{\\partial {\\bm h}_{j-1}}\\right)"
                + "\\times " + DL_DHT, Latex.expr(new Expr.Product(List.of(prod, dldh))));
        assertEquals(DL_DHT + "\\times \\prod_{j=i+1}^{t} \\frac{\\partial {\\bm h}_j}{\\partial {\\bm h}_{j-1}}",
                Latex.expr(new Expr.Product(List.of(dldh, prod))));
        Expr sumOfSum = new Expr.SumOver("i", Exprs.constant(1), sym("t", -1), new Expr.Sum(List.of(dldh, dldh)));
        assertEquals("\\sum_{i=1}^{t-1} \\left(" + DL_DHT + " + " + DL_DHT + "\\right)", Latex.expr(sumOfSum));
    }

    @Test
    void scalarsAndElementwiseForms() {
        Expr.Var z = new Expr.Var("z", List.of(sym("t", 0)), Expr.Role.NODE);
        Expr.Var a = new Expr.Var("a", "", Expr.Role.NODE);
        assertEquals("\\frac{1}{T} L", Latex.expr(new Expr.Product(List.of(
                new Expr.Constant(Exprs.constant(1), sym("T", 0)), L))));
        assertEquals("-\\frac{1}{2}", Latex.expr(Expr.Constant.of(-1, 2)));
        assertEquals("3", Latex.expr(Expr.Constant.of(3)));
        assertEquals("\\lambda {\\bm W}_{hh}", Latex.expr(new Expr.Product(List.of(new Expr.Symbol("lambda"), W))));
        assertEquals("{\\bm W}_{hh}^\\top", Latex.expr(new Expr.Transpose(W)));
        assertEquals("\\left({\\bm W}_{hh}\\times {\\bm W}_{hh}\\right)^\\top",
                Latex.expr(new Expr.Transpose(new Expr.Product(List.of(W, W)))));
        assertEquals("\\operatorname{diag}\\left(a'({\\bm z}_t)\\right)",
                Latex.expr(new Expr.Diag(new Expr.Derivative(a, z))));
        assertEquals("{\\bm z}_t \\odot a'({\\bm z}_t)",
                Latex.expr(new Expr.Hadamard(List.of(z, new Expr.Derivative(a, z)))));
        assertEquals("L - {\\bm z}_t", Latex.expr(new Expr.Sum(List.of(L, new Expr.Negate(z)))));
        assertEquals("-L", Latex.expr(new Expr.Negate(L)));
    }

    @Test
    void aRunIsWrittenWithItsEnds() {
        Expr run = new Expr.Run(new Expr.Partial(h(sym("N", 0)), h(sym("N", -1))), -1, sym("N", -2), true);
        assertEquals("\\frac{\\partial {\\bm h}_N}{\\partial {\\bm h}_{N-1}}\\times \\cdots\\times "
                + "\\frac{\\partial {\\bm h}_3}{\\partial {\\bm h}_2}", Latex.expr(run));
    }
}
