package io.github.gradpath.verify;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Expander;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Layout;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.NodeId;
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

/**
 * {@code derive --expand} in both layouts against finite differences: every sample, several seeds, rectangular
 * widths (so a wrong transpose cannot even have the right shape); and hand-made corruptions that must fail.
 */
class ExpandedVerifyTest {
    static final List<String> SAMPLES = List.of("densenet-block", "unet", "highway", "lstm-two-steps", "scaled-resnet",
            "chapter-skip-6", "chapter-plain-6", "backward-skip", "overlapping-skips", "resblock", "residual-stack", "rnn-d2l");

    static ComputationGraph net(String text) {
        return Pipeline.load(new Source("t.nn", text), new Diagnostics()).graph();
    }

    static Expander.Expanded expanded(ComputationGraph g, List<Integer> targets, Form f, Layout l) {
        return Expander.expand(g, Deriver.derive(g, targets, f), l);
    }

    @Test
    void everySampleVerifiesExpandedInBothLayoutsAtSeveralSeedsAndRandomWidths() throws Exception {
        for (String s : SAMPLES) {
            ComputationGraph g = SkipKindsVerifyTest.load(Path.of("samples", s + ".nn"));
            for (long seed : new long[] {1, 2, 7}) {
                for (boolean random : seed == 1 ? new boolean[] {false, true} : new boolean[] {true}) {
                    List<Integer> targets = SkipKindsVerifyTest.everyLeaf(g);
                    Verifier v = Verifier.of(g, SkipKindsVerifyTest.options(seed, random).withTargets(targets));
                    for (Form f : Form.values()) {
                        for (Layout l : Layout.values()) {
                            VerifyReport r = v.checkExpanded(expanded(g, targets, f, l));
                            assertTrue(r.passed(), s + " seed " + seed + " " + f + " " + l + "\n" + r.table());
                            assertFalse(r.lines().isEmpty());
                        }
                    }
                }
            }
        }
    }

    /** One layer, worked by hand: ∂L/∂W = x (∂L/∂y) diag(tanh'(z)) (the shape of W^T), and δ x^T transposed. */
    @Test
    void oneLayerIsWhatATextbookWrites() {
        ComputationGraph g = net("network One { input x; y = tanh(W x); loss L(y); }");
        int w = g.id(new NodeId("W", List.of()));
        Expr.Var x = new Expr.Var("x", List.of(), Expr.Role.INPUT), y = new Expr.Var("y", List.of(), Expr.Role.NODE);
        Expr.Var W = new Expr.Var("W", List.of(), Expr.Role.PARAM), z = new Expr.Var("z", "y", Expr.Role.NODE);
        Expr.Var tanh = new Expr.Var("tanh", List.of(), Expr.Role.NODE);
        Expr.Var L = new Expr.Var("L", List.of(), Expr.Role.LOSS);
        Expr dL = new Expr.Partial(L, y);
        Expr d = new Expr.Diag(new Expr.Derivative(tanh, z));
        for (Form f : Form.values()) {
            Expander.Expanded num = expanded(g, List.of(w), f, Layout.NUMERATOR);
            Expander.Expanded den = expanded(g, List.of(w), f, Layout.DENOMINATOR);
            assertEquals(List.of(new Expr.Product(List.of(x, dL, d))), ((Row.Equation) num.derivation().gradients().get(0)).rhs());
            assertEquals(List.of(new Expr.Product(List.of(d, dL, new Expr.Transpose(x)))),
                    ((Row.Equation) den.derivation().gradients().get(0)).rhs());
            assertEquals(new Row.Equation(z, new Expr.Juxtapose(List.of(W, x))), num.derivation().definitions().get(0));
        }
        assertEquals("\\operatorname{diag}\\left(\\tanh'({\\bm z}_y)\\right)\\times \\frac{\\partial L}{\\partial {\\bm y}}\\times {\\bm x}^\\top",
                Latex.expr(((Row.Equation) expanded(g, List.of(w), Form.ADJOINT, Layout.DENOMINATOR).derivation()
                        .gradients().get(0)).rhs().get(0)));
    }

    /** Softmax has a full Jacobian, diag(s) - s s^T; verified in both layouts. */
    @Test
    void softmaxJacobianVerifies() {
        ComputationGraph g = net("network S { input x; h = tanh(W x); s = softmax(V h); loss L(s); }");
        List<Integer> targets = SkipKindsVerifyTest.everyLeaf(g);
        Verifier v = Verifier.of(g, SkipKindsVerifyTest.options(3, true).withTargets(targets));
        for (Layout l : Layout.values()) {
            Expander.Expanded e = expanded(g, targets, Form.ADJOINT, l);
            assertTrue(Latex.expr(((Row.Equation) e.derivation().gradients().get(0)).rhs().get(0)).contains("\\operatorname{diag}\\left({\\bm s}\\right) - "));
            assertTrue(v.checkExpanded(e).passed(), v.checkExpanded(e).table());
        }
    }

    // ---- corruptions: each must fail ----

    /** Rewrites every node of every right-hand side bottom-up (what a careless hand would do everywhere). */
    static Expr map(Expr e, UnaryOperator<Expr> f) {
        Expr inner = e;
        if (e instanceof Expr.Product p) inner = new Expr.Product(p.factors().stream().map(x -> map(x, f)).toList());
        else if (e instanceof Expr.Sum s) inner = new Expr.Sum(s.terms().stream().map(x -> map(x, f)).toList());
        else if (e instanceof Expr.Negate n) inner = new Expr.Negate(map(n.operand(), f));
        return f.apply(inner);
    }

    static Expander.Expanded corrupt(Expander.Expanded x, UnaryOperator<Expr> f) {
        List<Row> rows = new ArrayList<>();
        for (Row r : x.derivation().gradients()) {
            Row.Equation eq = (Row.Equation) r;
            rows.add(new Row.Equation(eq.lhs(), eq.rhs().stream().map(e -> map(e, f)).toList(), eq.condition()));
        }
        return new Expander.Expanded(new io.github.gradpath.derive.Derivation(x.derivation().network(),
                x.derivation().form(), rows, x.derivation().definitions()), x.layout());
    }

    static boolean changed(Expander.Expanded a, Expander.Expanded b) {
        return !a.derivation().gradients().equals(b.derivation().gradients());
    }

    private static void assertCorruptionFails(String sample, Form form, Layout layout, boolean random,
                                              UnaryOperator<Expr> f) throws Exception {
        ComputationGraph g = SkipKindsVerifyTest.load(Path.of("samples", sample + ".nn"));
        List<Integer> targets = SkipKindsVerifyTest.everyLeaf(g);
        Verifier v = Verifier.of(g, SkipKindsVerifyTest.options(4, random).withTargets(targets));
        Expander.Expanded good = expanded(g, targets, form, layout);
        assertTrue(v.checkExpanded(good).passed());
        Expander.Expanded bad = corrupt(good, f);
        assertTrue(changed(good, bad), "the corruption changed nothing");
        assertFalse(v.checkExpanded(bad).passed(), sample + " " + form + " " + layout + ": corruption passed\n"
                + v.checkExpanded(bad).table());
    }

    private static boolean isWeight(Expr e) { return e instanceof Expr.Var v && v.role() == Expr.Role.PARAM; }

    @Test
    void aTransposedWeightFails() throws Exception {
        for (Layout l : Layout.values()) {
            for (boolean random : new boolean[] {true, false}) {
                // numerator: w_n becomes w_n^T; denominator: w_n^T becomes w_n
                assertCorruptionFails("chapter-skip-6", Form.ADJOINT, l, random, e -> isWeight(e) ? new Expr.Transpose(e)
                        : e instanceof Expr.Transpose t && isWeight(t.operand()) ? t.operand() : e);
            }
        }
    }

    /** {@code ∂L/∂h diag(a'(z)) w} written {@code ∂L/∂h w diag(a'(z))} (Pascanu et al.'s shape of mistake). */
    @Test
    void diagOnTheWrongSideFails() throws Exception {
        for (Layout l : Layout.values()) {
            for (boolean random : new boolean[] {true, false}) {
                assertCorruptionFails("chapter-plain-6", Form.ADJOINT, l, random, e -> {
                    if (!(e instanceof Expr.Product p)) return e;
                    List<Expr> fs = new ArrayList<>(p.factors());
                    for (int i = 0; i + 1 < fs.size(); i++) {
                        Expr a = fs.get(i), b = fs.get(i + 1);
                        boolean w = isWeight(b) || (b instanceof Expr.Transpose t && isWeight(t.operand()));
                        boolean w0 = isWeight(a) || (a instanceof Expr.Transpose t && isWeight(t.operand()));
                        if ((a instanceof Expr.Diag && w) || (w0 && b instanceof Expr.Diag)) {
                            fs.set(i, b);
                            fs.set(i + 1, a);
                            return new Expr.Product(fs);
                        }
                    }
                    return e;
                });
            }
        }
    }

    /** Highway: ∂y/∂t = diag(h) - diag(x); dropping the carry gate's term fails. LSTM: dropping a gate term fails. */
    @Test
    void aDroppedGateTermFails() throws Exception {
        for (Layout l : Layout.values()) {
            assertCorruptionFails("highway", Form.ADJOINT, l, true, e -> e instanceof Expr.Sum s
                    && s.terms().size() == 2 && s.terms().get(1) instanceof Expr.Negate n && n.operand() instanceof Expr.Diag
                    ? s.terms().get(0) : e);
            // c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t: the forget gate's diag(f_2) dropped from ∂L/∂c_1
            assertCorruptionFails("lstm-two-steps", Form.ADJOINT, l, true, e -> e instanceof Expr.Product p
                    && p.factors().contains(new Expr.Diag(new Expr.Var("f", "2", Expr.Role.NODE)))
                    ? new Expr.Product(p.factors().stream().filter(x -> !(x instanceof Expr.Diag)).toList()) : e);
        }
    }

    /** A denominator weight gradient δ h^T written δ h (no transpose), and a selector's blocks swapped. */
    @Test
    void aMissingTransposeAndASwappedSelectorFail() throws Exception {
        assertCorruptionFails("chapter-skip-6", Form.FACTORED, Layout.DENOMINATOR, true,
                e -> e instanceof Expr.Transpose t && t.operand() instanceof Expr.Var v && v.role() != Expr.Role.PARAM ? t.operand() : e);
        assertCorruptionFails("densenet-block", Form.ADJOINT, Layout.NUMERATOR, false, e -> {
            if (!(e instanceof Expr.Concat c) || !c.parts().contains(new Expr.One())) return e;
            List<Expr> ps = new ArrayList<>(c.parts());
            java.util.Collections.reverse(ps);
            return ps.equals(c.parts()) ? e : new Expr.Concat(ps);
        });
    }

    /** A numerator-layout derivation read as a denominator one (or the other way) fails at random widths. */
    @Test
    void theWrongLayoutFails() throws Exception {
        ComputationGraph g = SkipKindsVerifyTest.load(Path.of("samples", "unet.nn"));
        Verifier v = Verifier.of(g, SkipKindsVerifyTest.options(2, true));
        Expander.Expanded num = expanded(g, g.parameters(), Form.FACTORED, Layout.NUMERATOR);
        assertTrue(v.checkExpanded(num).passed());
        assertFalse(v.checkExpanded(new Expander.Expanded(num.derivation(), Layout.DENOMINATOR)).passed());
        Expander.Expanded den = expanded(g, g.parameters(), Form.FACTORED, Layout.DENOMINATOR);
        assertTrue(v.checkExpanded(den).passed());
        assertFalse(v.checkExpanded(new Expander.Expanded(den.derivation(), Layout.NUMERATOR)).passed());
    }
}
