package io.github.gradpath.verify;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Concatenation, gates, scaled shortcuts and the known functions against finite differences, at several seeds
 * and with rectangular widths, and corrupted derivations of them failing.
 */
class SkipKindsVerifyTest {
    static final List<String> SAMPLES = List.of("densenet-block", "unet", "highway", "lstm-two-steps", "scaled-resnet");

    static ComputationGraph load(Path p) throws Exception {
        return Pipeline.load(new Source(p.toString(), Files.readString(p)), new Diagnostics()).graph();
    }

    static VerifyOptions options(long seed, boolean random) {
        return new VerifyOptions(5, seed, 1e-6, random, null, 10_000);
    }

    /** Every parameter and every leaf input: the gradients wrt inputs include the gate and carry terms. */
    static List<Integer> everyLeaf(ComputationGraph g) {
        List<Integer> t = new ArrayList<>();
        for (ComputationGraph.Node n : g.nodes()) if (n.isLeaf()) t.add(n.id());
        return t;
    }

    @Test
    void everySampleVerifiesInEveryFormAtSeveralSeedsAndRandomWidths() throws Exception {
        for (String s : SAMPLES) {
            ComputationGraph g = load(Path.of("samples", s + ".nn"));
            for (long seed : new long[] {1, 2, 3, 11}) {
                for (boolean random : new boolean[] {false, true}) {
                    Verifier v = Verifier.of(g, options(seed, random).withTargets(everyLeaf(g)));
                    for (Form f : Form.values()) {
                        VerifyReport r = v.verify(f);
                        assertTrue(r.passed(), s + " seed " + seed + " " + f + "\n" + r.table());
                    }
                }
            }
        }
    }

    @Test
    void randomWidthsMakeConcatenationsRectangular() throws Exception {
        ComputationGraph g = load(Path.of("samples", "unet.nn"));
        Shapes sh = Shapes.of(g.network(), 6, true, 4);
        int b = sh.get(new NodeId("b", List.of())).size(), d2 = sh.get(new NodeId("d", List.of(2L))).size();
        Shapes.Shape w4 = sh.get(new NodeId("w", List.of(4L)));
        assertEquals(b + d2, w4.cols(), "w_4 multiplies [b; d_2]");
    }

    /** The Highway layer's gradient wrt x in the paths form: transform, gate and carry terms. */
    @Test
    void droppingAnyHighwayTermIsCaught() throws Exception {
        ComputationGraph g = load(Path.of("samples", "highway.nn"));
        int x = g.id(new NodeId("x", List.of()));
        Verifier v = Verifier.of(g, options(5, true).withTargets(List.of(x)));
        Derivation d = Deriver.derive(g, List.of(x), Form.PATHS);
        assertTrue(v.check(d).passed());
        List<Expr> terms = ((Expr.Sum) ((Row.Equation) d.gradients().get(0)).rhs().get(0)).terms();
        assertEquals(3, terms.size(), "∂y/∂h ∂h/∂x, ∂y/∂t ∂t/∂x and the carry ∂y/∂x|direct");
        for (int drop = 0; drop < terms.size(); drop++) {
            List<Expr> kept = new ArrayList<>(terms);
            kept.remove(drop);
            Derivation broken = new Derivation(d.network(), d.form(), List.of(new Row.Equation(
                    ((Row.Equation) d.gradients().get(0)).lhs(), new Expr.Sum(kept))), List.of());
            assertFalse(v.check(broken).passed(), "dropped term " + drop);
        }
    }

    /** A scaled shortcut's λ is a real value: writing 1 for it (the additive skip) is wrong. */
    @Test
    void theScaleOfAShortcutIsChecked() throws Exception {
        ComputationGraph g = load(Path.of("samples", "scaled-resnet.nn"));
        int x0 = g.id(new NodeId("x", List.of(0L)));
        Verifier v = Verifier.of(g, options(2, true).withTargets(List.of(x0)));
        Derivation d = Deriver.derive(g, List.of(x0), Form.PATHS);
        assertTrue(v.check(d).passed());
        Derivation ones = new Derivation(d.network(), d.form(), d.gradients().stream().map(r -> (Row) new Row.Equation(
                ((Row.Equation) r).lhs(), ((Row.Equation) r).rhs().stream().map(SkipKindsVerifyTest::lambdaToOne).toList(),
                "")).toList(), List.of());
        assertFalse(ones.equals(d));
        assertFalse(v.check(ones).passed());
    }

    private static Expr lambdaToOne(Expr e) {
        if (e instanceof Expr.Symbol) return new Expr.One();
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(SkipKindsVerifyTest::lambdaToOne).toList());
        if (e instanceof Expr.Product p) return new Expr.Product(p.factors().stream().map(SkipKindsVerifyTest::lambdaToOne).toList());
        return e;
    }

    @Test
    void softmaxHasItsFullJacobianNotTanh() {
        ComputationGraph g = Pipeline.load(new Source("s.nn",
                "network S { input x; y = softmax(w x); loss L(y); }"), new Diagnostics()).graph();
        Shapes sh = Shapes.of(g.network(), 3, false, 1);
        Oracle o = new Oracle(g.network(), sh);
        Map<NodeId, double[]> leaves = Map.of(new NodeId("x", List.of()), new double[] {0.3, -0.2, 0.9},
                new NodeId("w", List.of()), new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        Map<NodeId, double[]> v = o.run(leaves, null);
        double[] y = v.get(new NodeId("y", List.of()));
        // Hand-worked: softmax(0.3, -0.2, 0.9) = e^z / Σ e^z.
        double z = Math.exp(0.3) + Math.exp(-0.2) + Math.exp(0.9);
        assertEquals(Math.exp(0.3) / z, y[0], 1e-15);
        assertEquals(Math.exp(0.9) / z, y[2], 1e-15);
        Jacobians j = new Jacobians(g, sh, v);
        Mat e = j.edge(g.id(new NodeId("y", List.of())), g.id(new NodeId("x", List.of())));
        // ∂y_0/∂x_1 = -y_0 y_1 (w = I): an off-diagonal entry no elementwise function has.
        assertEquals(-y[0] * y[1], e.get(0, 1), 1e-15);
        assertEquals(y[1] * (1 - y[1]), e.get(1, 1), 1e-15);
        assertTrue(Verifier.verify(g, Form.PATHS, options(1, true)).passed());
    }

    @Test
    void expAndLogAndSoftplusVerify() {
        ComputationGraph g = Pipeline.load(new Source("f.nn", """
                network F { input x; a = exp(w_1 x); b = log(softplus(w_2 a) + a); c = identity(relu(w_3 b) + b);
                  loss L(c); }"""), new Diagnostics()).graph();
        for (long seed = 1; seed <= 3; seed++) assertTrue(Verifier.verify(g, Form.ADJOINT, options(seed, true)).passed());
    }

    /** A loss of coefficients times terms, and a coefficient of a sum distributed over its terms. */
    @Test
    void coefficientsOfLossTermsAndOfSumsVerify() {
        ComputationGraph g = Pipeline.load(new Source("c.nn", """
                network C { input x_1, x_2; h_t = a(w x_t) for t in 1..2; s = 0.5 (h_2 - x_2) + x_1;
                  loss L = (1/2) sum(l_t(h_t) for t in 1..2) + 0.25 r(v s); }"""), new Diagnostics()).graph();
        int s = g.id(new NodeId("s", List.of())), h2 = g.id(new NodeId("h", List.of(2L)));
        assertEquals(new io.github.gradpath.dsl.Formula.Coefficient(1, 2, List.of()), g.scaleEdge(s, h2));
        assertEquals(new io.github.gradpath.dsl.Formula.Coefficient(-1, 2, List.of()),
                g.scaleEdge(s, g.id(new NodeId("x", List.of(2L)))));
        for (long seed = 1; seed <= 3; seed++) {
            Verifier v = Verifier.of(g, options(seed, true).withTargets(everyLeaf(g)));
            for (Form f : Form.values()) assertTrue(v.verify(f).passed(), f + "\n" + v.verify(f).table());
        }
    }
}
