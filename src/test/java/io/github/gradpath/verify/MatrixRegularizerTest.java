package io.github.gradpath.verify;

import io.github.gradpath.TestNetworks;
import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Row;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.Latex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code loss J = l(o) + r(W)} with {@code W} a matrix: the regularizer is a scalar function of all of W's
 * entries (issue 9). Every form passes finite differences, and the control: the W row without its path through
 * {@code r} fails, so the term is really evaluated, not skipped.
 */
class MatrixRegularizerTest {
    static final String NET = """
            network Reg {
              input x;
              h = tanh(W x);
              o = V h;
              loss J = l(o) + r(W);
            }
            """;

    @Test
    void everyFormPassesWithTheRegularizerOfAMatrix() {
        ComputationGraph g = TestNetworks.graph(NET);
        for (Form f : Form.values()) {
            VerifyReport r = Verifier.verify(g, f, VerifyOptions.defaults());
            assertTrue(r.passed(), r.table());
        }
    }

    @Test
    void aNonSquareMatrixPassesToo() {
        ComputationGraph g = TestNetworks.graph(NET);
        boolean nonSquare = false;
        for (long seed = 1; seed <= 8; seed++) {
            VerifyOptions o = new VerifyOptions(5, seed, VerifyOptions.DEFAULT_TOLERANCE, true, null,
                    VerifyOptions.defaults().maxPathTerms());
            Verifier v = Verifier.of(g, o);
            VerifyReport r = v.verify(Form.FACTORED);
            assertTrue(r.passed(), r.table());
            Shapes.Shape w = Shapes.of(g.network(), 5, true, seed).get(g.node(TestNetworks.node(g, "W")).name());
            nonSquare |= w.rows() != w.cols();
        }
        assertTrue(nonSquare, "some seed gives W different widths of rows and columns");
    }

    @Test
    void theRowWithoutTheRegularizerPathFails() {
        ComputationGraph g = TestNetworks.graph(NET);
        Derivation d = Deriver.derive(g, List.of(TestNetworks.node(g, "W")), Form.PATHS);
        Row.Equation w = (Row.Equation) d.gradients().get(0);
        Expr.Sum paths = (Expr.Sum) w.rhs().get(0);
        assertEquals(2, paths.terms().size(), Latex.expr(paths));
        Expr throughR = paths.terms().stream().filter(t -> Latex.expr(t).contains("r}")).findFirst().orElseThrow();
        Expr rest = paths.terms().stream().filter(t -> t != throughR).findFirst().orElseThrow();
        Verifier v = Verifier.of(g, VerifyOptions.defaults());
        VerifyReport whole = v.check(new Derivation(d.network(), Form.PATHS, List.of(w), List.of()));
        assertTrue(whole.passed(), whole.table());
        VerifyReport cut = v.check(new Derivation(d.network(), Form.PATHS,
                List.of(new Row.Equation(w.lhs(), rest)), List.of()));
        assertFalse(cut.passed(), cut.table());
    }
}
