package io.github.gradpath.derive;

import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expanding Σ, ∏ and runs at a binding, against expansions written out by hand. */
class ExprsTest {
    static final Expr.Var L = new Expr.Var("L", "", Expr.Role.LOSS);

    static Expr.Var h(long i) { return new Expr.Var("h", Long.toString(i), Expr.Role.NODE); }

    static Expr.Var h(Linear i) { return new Expr.Var("h", List.of(i), Expr.Role.NODE); }

    static Linear sym(String s, long plus) { return new Linear(plus, Map.of(s, 1L), Pos.NONE); }

    static Linear c(long v) { return Exprs.constant(v); }

    /** {@code \prod_{j=k+1}^{t} ∂h_j/∂h_{j-1}}. */
    static final Expr CHAIN = new Expr.ProductOver("j", sym("k", 1), sym("t", 0),
            new Expr.Partial(h(sym("j", 0)), h(sym("j", -1))));

    @Test
    void aProductOfJacobiansExpandsInTheChainsOrderNearestTheLossFirst() {
        Expr got = Exprs.at(CHAIN, Map.of("k", 1L, "t", 4L));
        Expr want = new Expr.Product(List.of(new Expr.Partial(h(4), h(3)), new Expr.Partial(h(3), h(2)),
                new Expr.Partial(h(2), h(1))));
        assertEquals(want, got);
    }

    @Test
    void anEmptyProductIsTheIdentityAndAnEmptySumIsZero() {
        assertEquals(new Expr.One(), Exprs.at(CHAIN, Map.of("k", 4L, "t", 4L)));
        assertEquals(new Expr.One(), Exprs.at(CHAIN, Map.of("k", 7L, "t", 4L)));
        Expr sum = new Expr.SumOver("i", c(1), sym("t", -1), new Expr.Partial(L, h(sym("i", 0))));
        assertEquals(new Expr.Zero(), Exprs.at(sum, Map.of("t", 1L)));
        assertEquals(new Expr.Partial(L, h(1)), Exprs.at(sum, Map.of("t", 2L)));
        assertEquals(new Expr.Sum(List.of(new Expr.Partial(L, h(1)), new Expr.Partial(L, h(2)),
                new Expr.Partial(L, h(3)))), Exprs.at(sum, Map.of("t", 4L)));
    }

    @Test
    void aSumOfProductsBindsEachIndexInItsOwnScope() {
        // Σ_{i=1}^{t-1} (∏_{j=i+1}^{t} ∂h_j/∂h_{j-1}) ∂h_i/∂w|direct, d2l's form, at t = 3.
        Expr.Var w = new Expr.Var("w", "", Expr.Role.PARAM);
        Expr body = new Expr.Product(List.of(
                new Expr.ProductOver("j", sym("i", 1), sym("t", 0), new Expr.Partial(h(sym("j", 0)), h(sym("j", -1)))),
                new Expr.Partial(h(sym("i", 0)), w, true)));
        Expr e = new Expr.SumOver("i", c(1), sym("t", -1), body);
        Expr want = new Expr.Sum(List.of(
                new Expr.Product(List.of(new Expr.Partial(h(3), h(2)), new Expr.Partial(h(2), h(1)),
                        new Expr.Partial(h(1), w, true))),
                new Expr.Product(List.of(new Expr.Partial(h(3), h(2)), new Expr.Partial(h(2), w, true)))));
        assertEquals(want, Exprs.at(e, Map.of("t", 3L)));
    }

    @Test
    void aRunExpandsAndANegativeOneHasNoReading() {
        Expr run = new Expr.Run(new Expr.Partial(h(sym("N", 0)), h(sym("N", -1))), -1, sym("N", -2), true);
        assertEquals(new Expr.Product(List.of(new Expr.Partial(h(5), h(4)), new Expr.Partial(h(4), h(3)),
                new Expr.Partial(h(3), h(2)))), Exprs.at(run, Map.of("N", 5L)));
        assertEquals(new Expr.One(), Exprs.at(run, Map.of("N", 2L)));
        assertThrows(Exprs.NoReading.class, () -> Exprs.at(run, Map.of("N", 1L)));
    }

    @Test
    void constantsAreExactAndAnUnboundIndexIsNamed() {
        assertEquals(Expr.Constant.of(1, 2), Expr.Constant.of(2, 4));
        assertEquals(Expr.Constant.of(-1, 3), Expr.Constant.of(2, -6));
        Expr oneOverT = new Expr.Constant(c(1), sym("T", 0));
        assertEquals(Expr.Constant.of(1, 4), Exprs.at(oneOverT, Map.of("T", 4L)));
        Exprs.Unbound u = assertThrows(Exprs.Unbound.class, () -> Exprs.at(CHAIN, Map.of("k", 1L)));
        assertTrue(u.getMessage().contains("`t`"), u.getMessage());
    }

    @Test
    void subscriptTextIsKeptForConcreteNamesAndLabels() {
        assertEquals("1,2", new Expr.Var("h", "1,2", Expr.Role.NODE).subscript());
        assertEquals(List.of(c(1), c(2)), new Expr.Var("h", "1,2", Expr.Role.NODE).indices());
        assertEquals("hh", new Expr.Var("W", "hh", Expr.Role.PARAM).subscript());
        assertEquals("hh", new Expr.Var("W", "hh", Expr.Role.PARAM).label());
        assertEquals("q+1", h(sym("q", 1)).subscript());
        // Positions are not part of a name: the same index from two places is the same variable.
        assertEquals(h(new Linear(1, Map.of("q", 1L), new Pos(3, 4))), h(sym("q", 1)));
    }
}
