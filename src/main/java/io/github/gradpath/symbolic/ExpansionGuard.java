package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Expander;
import io.github.gradpath.derive.MatrixForm;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Exprs;
import io.github.gradpath.derive.Layout;
import io.github.gradpath.derive.Row;
import io.github.gradpath.render.Latex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guard of {@link SymbolicExpander}: the expanded general rows, filled in at a witness binding, must equal
 * the concrete expander's rows there, side by side; anything else is {@link SymbolicExpander.CannotExpand}.
 * Apart from the expander because it only compares finished rows (and the expander was past 500 lines).
 */
final class ExpansionGuard {
    private ExpansionGuard() {}

    /**
     * {@code r} with the factors the general rows keep wrapped as {@code diag(diag(∂u/∂v))}, a form no expansion
     * writes and that neither {@link Exprs#at} nor the concrete expander opens: a total such as {@code ∂h_p/∂h_k}
     * is an edge at {@code k = p-1}, but the general row rightly keeps it.
     */
    static Symbolic.Result mark(Symbolic.Result r, Set<Expr.Partial> kept) {
        java.util.function.UnaryOperator<Expr> m = e -> mapPartials(e, p -> kept.contains(p) ? new Expr.Diag(new Expr.Diag(p)) : p);
        List<Row> rows = r.rows().stream().map(row -> markRow(row, m)).toList();
        List<Symbolic.Case> cases = r.cases().stream().map(c -> new Symbolic.Case(c.variable(), c.range(), c.lhs(),
                c.rhs().stream().map(m).toList(), c.from(), c.to(), c.variable2(), c.range2(), c.from2(), c.to2())).toList();
        List<Row> defs = r.definitions().stream().map(row -> markRow(row, m)).toList();
        return new Symbolic.Result(r.network(), false, rows, cases, defs, r.form());
    }

    private static Row markRow(Row row, java.util.function.UnaryOperator<Expr> m) {
        if (!(row instanceof Row.Equation eq)) return row;
        return new Row.Equation(eq.lhs(), eq.rhs().stream().map(m).toList(), eq.condition());
    }

    private static Expr unmark(Expr e) {
        if (e instanceof Expr.Diag a && a.operand() instanceof Expr.Diag b
                && (b.operand() instanceof Expr.Partial || b.operand() instanceof Expr.One)) return b.operand();
        if (e instanceof Expr.Product p) return new Expr.Product(p.factors().stream().map(ExpansionGuard::unmark).toList());
        if (e instanceof Expr.Sum p) return new Expr.Sum(p.terms().stream().map(ExpansionGuard::unmark).toList());
        if (e instanceof Expr.Negate n) return new Expr.Negate(unmark(n.operand()));
        return e;
    }

    private static Expr mapPartials(Expr e, java.util.function.UnaryOperator<Expr> f) {
        if (e instanceof Expr.Partial p) return f.apply(p);
        if (e instanceof Expr.Product p) return new Expr.Product(p.factors().stream().map(t -> mapPartials(t, f)).toList());
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(t -> mapPartials(t, f)).toList());
        if (e instanceof Expr.Run r) return new Expr.Run(mapPartials(r.first(), f), r.step(), r.count(), r.showLast());
        if (e instanceof Expr.SumOver s) return new Expr.SumOver(s.index(), s.from(), s.to(), mapPartials(s.body(), f));
        if (e instanceof Expr.ProductOver s) return new Expr.ProductOver(s.index(), s.from(), s.to(), mapPartials(s.body(), f));
        if (e instanceof Expr.Negate n) return new Expr.Negate(mapPartials(n.operand(), f));
        return e;
    }

    static void guard(Symbolic.Result general, Symbolic.Result expanded, Expander x, Map<String, Long> w,
                              Layout layout) {
        io.github.gradpath.derive.Derivation gen = Symbolic.expandAt(expanded, w);
        // A named weight factor (∂h_T/∂W) is no matrix: the reference substitutes its definition rows, as the
        // expanded rows substitute its case.
        io.github.gradpath.derive.Derivation ref = x.expand(WeightInline.concrete(Symbolic.expandAt(general, w)), layout).derivation();
        String at = Witness.describe(w);
        if (layout == Layout.DENOMINATOR && general.form() == io.github.gradpath.derive.Form.ADJOINT) {
            // δ rows proved against their pairs and the reference, then every δ written out as its pair
            gen = SymbolicDeltas.check(gen, ref, SymbolicDeltas.pairs(x), at, e -> norm(unmark(e)));
        }
        compare(gen.gradients(), ref.gradients(), at);
        List<Row> genDefs = new ArrayList<>(), refDefs = new ArrayList<>();
        Map<Expr, Expr> zGen = new HashMap<>();
        for (Row r : gen.definitions()) {
            if (r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Var v) {
                Expr old = zGen.put(v, norm(eq.rhs().get(0)));
                if (old != null && !old.equals(zGen.get(v))) throw new SymbolicExpander.CannotExpand("`" + Latex.var(v) + "` is defined twice at " + at);
            } else {
                genDefs.add(r);
            }
        }
        for (Row r : ref.definitions()) if (!(r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Var)) refDefs.add(r);
        compare(genDefs, refDefs, at);
        Map<Expr, Expr> zRef = new HashMap<>();
        for (Row r : x.preactivations()) if (r instanceof Row.Equation eq) zRef.put(eq.lhs(), norm(eq.rhs().get(0)));
        Set<Expr.Var> used = new HashSet<>();
        for (List<Row> rs : List.of(gen.gradients(), genDefs)) {
            for (Row r : rs) if (r instanceof Row.Equation eq) eq.rhs().forEach(e -> SymbolicExpander.zVars(e, x.letter(), used));
        }
        for (Expr.Var z : used) {
            if (!zGen.containsKey(z)) throw new SymbolicExpander.CannotExpand("`" + Latex.var(z) + "` is used but not defined at " + at);
        }
        for (Map.Entry<Expr, Expr> e : zGen.entrySet()) {
            // Compared as written: roles (input h_0 against node h_{n-1}) do not change the text.
            Expr want = zRef.get(e.getKey());
            if (want == null || !Latex.expr(e.getValue()).equals(Latex.expr(want))) {
                throw new SymbolicExpander.CannotExpand("the definition of `" + Latex.expr(e.getKey()) + "` does not hold at " + at);
            }
        }
    }

    private static void compare(List<Row> gen, List<Row> ref, String at) {
        List<Row.Equation> a = equations(gen), b = equations(ref);
        if (a.size() != b.size()) throw new SymbolicExpander.CannotExpand("the rows do not match the concrete ones at " + at);
        for (int i = 0; i < a.size(); i++) {
            if (!text(List.of(a.get(i).lhs())).equals(text(List.of(b.get(i).lhs())))
                    || !text(rhs(a.get(i))).equals(text(rhs(b.get(i))))) {
                throw new SymbolicExpander.CannotExpand("the row of `" + Latex.expr(b.get(i).lhs()) + "` does not match the concrete one at " + at);
            }
        }
    }

    private static List<String> text(List<Expr> es) { return es.stream().map(e -> Latex.expr(norm(e))).toList(); }

    private static List<Row.Equation> equations(List<Row> rows) {
        List<Row.Equation> out = new ArrayList<>();
        for (Row r : rows) if (r instanceof Row.Equation eq) out.add(eq);
        return out;
    }

    private static List<Expr> rhs(Row.Equation eq) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : eq.rhs()) {
            Expr n = norm(unmark(e));
            if (out.isEmpty() || !out.get(out.size() - 1).equals(n)) out.add(n);
        }
        return out;
    }

    /** Products and sums flattened, identities dropped from products: the two sides are written alike. */
    static Expr norm(Expr e) {
        if (e instanceof Expr.Product p) {
            List<Expr> fs = new ArrayList<>();
            boolean negate = false;
            for (Expr f : p.factors()) {
                Expr n = norm(f);
                if (n instanceof Expr.Negate ng) { negate = !negate; n = ng.operand(); }
                if (n instanceof Expr.Product q) fs.addAll(q.factors());
                else if (!(n instanceof Expr.One)) fs.add(n);
            }
            Expr out = fs.isEmpty() ? new Expr.One() : fs.size() == 1 ? fs.get(0) : new Expr.Product(fs);
            return negate ? new Expr.Negate(out) : out;
        }
        if (e instanceof Expr.Sum s) {
            List<Expr> ts = new ArrayList<>();
            for (Expr t : s.terms()) {
                Expr n = norm(t);
                if (n instanceof Expr.Sum q) ts.addAll(q.terms());
                else ts.add(n);
            }
            return ts.size() == 1 ? ts.get(0) : new Expr.Sum(ts);
        }
        if (e instanceof Expr.Negate n) {
            Expr o = norm(n.operand());
            return o instanceof Expr.Negate m ? m.operand() : new Expr.Negate(o);
        }
        if (e instanceof Expr.Juxtapose j) return new Expr.Juxtapose(j.factors().stream().map(ExpansionGuard::norm).toList());
        if (e instanceof Expr.Hadamard h) return new Expr.Hadamard(h.factors().stream().map(ExpansionGuard::norm).toList());
        if (e instanceof Expr.Transpose t) {
            // (A B)^T = B^T A^T: a ∏ written transposed, filled in, is compared as the reversed product.
            Expr o = norm(t.operand());
            if (o instanceof Expr.One) return o;
            if (o instanceof Expr.Product) return norm(MatrixForm.transpose(o));
            return new Expr.Transpose(o);
        }
        if (e instanceof Expr.Diag t) return new Expr.Diag(norm(t.operand()));
        if (e instanceof Expr.Derivative t) return new Expr.Derivative(t.function(), norm(t.argument()));
        if (e instanceof Expr.Apply t) return new Expr.Apply(t.function(), norm(t.argument()));
        if (e instanceof Expr.Concat c) return new Expr.Concat(c.parts().stream().map(ExpansionGuard::norm).toList());
        return e;
    }
}
