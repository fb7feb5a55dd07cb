package io.github.gradpath.symbolic;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.render.Latex;
import io.github.gradpath.verify.VerifyOptions;
import io.github.gradpath.verify.VerifyReport;
import io.github.gradpath.verify.Verifier;
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
 * The recurrent network at symbolic length T (samples/rnn-symbolic.nn): rows with {@code \sum_{t=1}^{T}}, the
 * BPTT recurrence as a case, the last step on its own; proved by finite differences at both witnesses after
 * expansion, and a general row with a wrong bound is refuted there.
 */
class SymbolicBpttTest {
    static NetworkSpec spec() throws Exception {
        Path p = Path.of("samples/rnn-symbolic.nn");
        Diagnostics d = new Diagnostics();
        return Pipeline.parse(p.toString(), java.io.InputStream.nullInputStream(), d);
    }

    static final String DL = "\\frac{\\partial L}{\\partial ";

    @Test
    void theGeneralRowsAreSumsOverStepsWithTheRecurrenceAsACase() throws Exception {
        Symbolic.Result r = Symbolic.derive(spec(), new Symbolic.Request(null, false), new Diagnostics());
        List<String> rows = Latex.alignedRows(r.rows());
        assertEquals(DL + "{\\bm V}} &= \\sum_{t=1}^{T} " + DL + "{\\bm o}_t}\\times \\frac{\\partial {\\bm o}_t}"
                + "{\\partial {\\bm V}}", rows.get(0));
        // h_1 reads W by one route (h_0 is an input); every later step by two, so its edge is marked direct.
        assertEquals(DL + "{\\bm W}} &= " + DL + "{\\bm h}_1}\\times \\frac{\\partial {\\bm h}_1}{\\partial {\\bm W}} "
                + "+ \\sum_{t=2}^{T} " + DL + "{\\bm h}_t}\\times \\left.\\frac{\\partial {\\bm h}_t}{\\partial "
                + "{\\bm W}}\\right|_{\\mathrm{direct}}", rows.get(1));
        Symbolic.Case rec = r.cases().get(1);
        assertEquals("k=1, 2, \\cdots, T-1", rec.range());
        assertEquals(DL + "{\\bm h}_k}", Latex.expr(rec.lhs()));
        assertEquals(DL + "{\\bm o}_k}\\times \\frac{\\partial {\\bm o}_k}{\\partial {\\bm h}_k} + " + DL
                + "{\\bm h}_{k+1}}\\times \\frac{\\partial {\\bm h}_{k+1}}{\\partial {\\bm h}_k}", Latex.expr(rec.rhs().get(0)));
        assertEquals(DL + "{\\bm h}_T} &= " + DL + "{\\bm o}_T}\\times \\frac{\\partial {\\bm o}_T}{\\partial "
                + "{\\bm h}_T}", Latex.alignedRows(r.definitions()).get(0));
    }

    @Test
    void theGeneralRowsHoldNumericallyAtBothWitnessesAndAWrongBoundDoesNot() throws Exception {
        NetworkSpec spec = spec();
        Diagnostics d = new Diagnostics();
        Symbolic.Result r = Symbolic.derive(spec, new Symbolic.Request(null, false), d);
        List<Pipeline.Loaded> instances = Pipeline.instances(spec, d);
        assertEquals(2, instances.size());
        // ∂L/∂V = Σ_{t=2}^{T}: the first step dropped.
        Row.Equation v = (Row.Equation) r.rows().get(0);
        Expr.SumOver s = (Expr.SumOver) v.rhs().get(0);
        Expr wrong = new Expr.SumOver(s.index(), s.from().plus(Linear.constant(1, s.from().pos()), 1), s.to(), s.body());
        List<Row> bad = new ArrayList<>(r.rows());
        bad.set(0, new Row.Equation(v.lhs(), wrong));
        Symbolic.Result broken = new Symbolic.Result(r.network(), false, bad, r.cases(), r.definitions());
        for (Pipeline.Loaded l : instances) {
            Map<String, Long> b = l.graph().network().binding();
            Derivation expanded = Symbolic.expandAt(r, b);
            // T rows of the case and the last step, three gradients.
            assertEquals(b.get("T") * 2, expanded.definitions().size());
            VerifyReport ok = Verifier.of(l.graph(), VerifyOptions.defaults()).check(expanded);
            assertTrue(ok.passed(), ok.table());
            VerifyReport no = Verifier.of(l.graph(), VerifyOptions.defaults()).check(Symbolic.expandAt(broken, b));
            assertFalse(no.passed());
            assertFalse(no.lines().get(0).passed(VerifyOptions.defaults().tolerance()), no.table());
        }
    }

    @Test
    void theAdjointFormIsTheRecurrenceByCasesAndHoldsAtBothWitnesses() throws Exception {
        NetworkSpec spec = spec();
        Diagnostics d = new Diagnostics();
        Symbolic.Result r = Symbolic.derive(spec, new Symbolic.Request(null, false,
                io.github.gradpath.derive.Form.ADJOINT), d);
        assertEquals(io.github.gradpath.derive.Form.ADJOINT, r.form());
        Symbolic.Case rec = r.cases().stream().filter(c -> Latex.expr(c.lhs()).contains("{\\bm h}_k")).findFirst()
                .orElseThrow();
        assertEquals("k=1, 2, \\cdots, T-1", rec.range());
        // The δ recurrence: the next step's δ through the recurrent edge, and the step's own output.
        assertEquals(DL + "{\\bm h}_{k+1}}\\times \\frac{\\partial {\\bm h}_{k+1}}{\\partial {\\bm h}_k} + " + DL
                + "{\\bm o}_k}\\times \\frac{\\partial {\\bm o}_k}{\\partial {\\bm h}_k}", Latex.expr(rec.rhs().get(0)));
        for (Pipeline.Loaded l : Pipeline.instances(spec, d)) {
            VerifyReport ok = Verifier.of(l.graph(), VerifyOptions.defaults())
                    .check(Symbolic.expandAt(r, l.graph().network().binding()));
            assertTrue(ok.passed(), ok.table());
        }
    }
}
