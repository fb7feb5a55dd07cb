package io.github.gradpath.verify;

import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Exprs;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Σ and ∏ rows written by hand, proved or refuted by finite differences: BPTT for a weight shared over three
 * steps, {@code ∂L/∂w = Σ_{t=1}^{3} ∂L/∂y × ∂y/∂h_3 × (∏_{j=t+1}^{3} ∂h_j/∂h_{j-1}) × ∂h_t/∂w|direct}.
 */
class SumProductVerifyTest {
    static final String NET = """
            network Rnn3 {
              input x;
              h_1 = a(w x);
              h_2 = a(w h_1);
              h_3 = a(w h_2);
              y = b(v h_3);
              loss L(y);
            }
            """;

    static final Expr.Var L = new Expr.Var("L", "", Expr.Role.LOSS);
    static final Expr.Var Y = new Expr.Var("y", "", Expr.Role.NODE);
    static final Expr.Var W = new Expr.Var("w", "", Expr.Role.PARAM);

    static Linear sym(String s, long plus) { return new Linear(plus, Map.of(s, 1L), Pos.NONE); }

    static Expr.Var h(Linear i) { return new Expr.Var("h", List.of(i), Expr.Role.NODE); }

    static Expr bptt(Linear from, Linear to, boolean chainOrder) {
        Expr chain = new Expr.ProductOver("j", sym("t", 1), Exprs.constant(3),
                new Expr.Partial(h(sym("j", 0)), h(sym("j", -1))));
        Expr first = new Expr.Partial(L, Y), second = new Expr.Partial(Y, h(Exprs.constant(3)));
        Expr last = new Expr.Partial(h(sym("t", 0)), W, true);
        List<Expr> fs = chainOrder ? List.of(first, second, chain, last) : List.of(first, chain, second, last);
        return new Expr.SumOver("t", from, to, new Expr.Product(fs));
    }

    static VerifyReport check(Expr rhs) {
        ComputationGraph g = CorruptionTest.graph(NET);
        Row row = new Row.Equation(new Expr.Partial(L, W), rhs);
        return Verifier.of(g, VerifyOptions.defaults()).check(new Derivation("Rnn3", Form.FACTORED, List.of(row), List.of()));
    }

    @Test
    void theHandWrittenBpttRowPasses() {
        VerifyReport r = check(bptt(Exprs.constant(1), Exprs.constant(3), true));
        assertTrue(r.passed(), r.table());
    }

    @Test
    void aWrongBoundFails() {
        VerifyReport r = check(bptt(Exprs.constant(2), Exprs.constant(3), true));
        assertFalse(r.passed(), r.table());
    }

    @Test
    void aScaledRowNeedsItsCoefficient() {
        // (1/2)(2 × row) is the row; 2 × row is not.
        Expr twice = new Expr.Sum(List.of(bptt(Exprs.constant(1), Exprs.constant(3), true),
                bptt(Exprs.constant(1), Exprs.constant(3), true)));
        assertTrue(check(new Expr.Product(List.of(Expr.Constant.of(1, 2), twice))).passed());
        assertFalse(check(twice).passed());
    }

    @Test
    void whatHasNoNumericValueFailsWithAReasonNeverPasses() {
        VerifyReport r = check(new Expr.Product(List.of(new Expr.Symbol("lambda"), new Expr.Partial(L, W))));
        assertFalse(r.passed());
        String problem = r.lines().get(0).problem();
        assertNotNull(problem);
        assertTrue(problem.contains("cannot verify the scalar `lambda`"), problem);
        VerifyReport free = check(new Expr.Partial(L, h(sym("t", 0))));
        assertFalse(free.passed());
        assertTrue(free.lines().get(0).problem().contains("`t` has no value"), free.lines().get(0).problem());
    }
}
