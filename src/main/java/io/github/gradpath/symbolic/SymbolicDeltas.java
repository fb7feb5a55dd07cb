package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Deltas;
import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Expander;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Exprs;
import io.github.gradpath.derive.Layout;
import io.github.gradpath.derive.MatrixForm;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.Latex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Nielsen's δ at symbolic indices (denominator layout, adjoint form), as {@link Deltas} writes it concretely:
 * every {@code diag(a_n'(z_n)) × ∂L/∂h_{n+1}} of the expanded general rows becomes {@code δ_n}, and the δs used
 * are defined by rows and cases of their own ({@code For n=0, 1, ⋯, N-1: δ_n = diag(a_n'(z_n)) ∂L/∂h_{n+1} =
 * diag(a_n'(z_n)) w_{n+1}^⊤ δ_{n+1}}), found at the first witness and folded as the pre-activations are.
 *
 * <p>Only a pre-activation with one index, its function's ({@code z_n} of {@code a_n}), gets a δ: {@code δ_t}
 * would read as ∂L/∂t. Guard ({@link #check}): at each witness, every δ row must be the pair it replaces and its
 * substituted form that pair with the reference row of ∂L/∂h_{n+1}; the rows are then compared with δ written out.
 */
final class SymbolicDeltas {
    private SymbolicDeltas() {}

    /** The δ-able pairs at this witness, by z; only z_n named by its function's one index. */
    static Map<Expr.Var, Deltas.Pair> pairs(Expander x) {
        Map<Expr.Var, Deltas.Pair> out = new LinkedHashMap<>();
        for (Map.Entry<Expr.Var, Deltas.Pair> e : x.deltaPairs().entrySet()) {
            io.github.gradpath.dsl.NodeId[] o = x.origin(e.getKey());
            if (o == null || e.getKey().indices().size() != 1 || o[0].indices().size() != 1) continue;
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    // ---- writing δ into the general rows ----

    /** {@code e} with every {@code diag(a'(z)) × ∂L/∂u} of a δ-able pair replaced by δ (checked at {@code env}). */
    static Expr replace(Expr e, Map<String, Long> env, Map<Expr.Var, Deltas.Pair> pairs) {
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(t -> replace(t, env, pairs)).toList());
        if (e instanceof Expr.Negate n) return new Expr.Negate(replace(n.operand(), env, pairs));
        if (e instanceof Expr.SumOver s) {
            Map<String, Long> inner = new HashMap<>(env);
            Long a = s.from().eval(env), b = s.to().eval(env);
            if (a == null || b == null) return e;
            inner.put(s.index(), Math.floorDiv(a + b, 2));
            return new Expr.SumOver(s.index(), s.from(), s.to(), replace(s.body(), inner, pairs));
        }
        if (!(e instanceof Expr.Product p)) return e;
        List<Expr> fs = p.factors(), out = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            Expr.Var delta = i + 1 < fs.size() ? delta(fs.get(i), fs.get(i + 1), env, pairs) : null;
            if (delta != null) {
                out.add(delta);
                i++;
            } else {
                out.add(replace(fs.get(i), env, pairs));
            }
        }
        return out.size() == 1 ? out.get(0) : new Expr.Product(out);
    }

    /** The δ that {@code diag × grad} is, written with diag's z's general indices; null if they are no pair. */
    private static Expr.Var delta(Expr diag, Expr grad, Map<String, Long> env, Map<Expr.Var, Deltas.Pair> pairs) {
        if (!(diag instanceof Expr.Diag d && d.operand() instanceof Expr.Derivative dv && dv.argument() instanceof Expr.Var z)
                || !(grad instanceof Expr.Partial g) || g.direct() || g.numerator().role() != Expr.Role.LOSS) return null;
        try {
            if (!(Exprs.at(z, env) instanceof Expr.Var zc)) return null;
            Deltas.Pair pair = pairs.get(zc);
            if (pair == null || !Latex.expr(Exprs.at(diag, env)).equals(Latex.expr(pair.diag()))
                    || !Latex.expr(Exprs.at(grad, env)).equals(Latex.expr(pair.grad()))) return null;
            return new Expr.Var("delta", z.indices(), z.label(), Expr.Role.NODE);
        } catch (Exprs.Unbound | Exprs.NoReading u) {
            return null;
        }
    }

    static List<Row> rows(List<Row> rows, Map<String, Long> env, Map<Expr.Var, Deltas.Pair> pairs) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (!(r instanceof Row.Equation eq)) { out.add(r); continue; }
            out.add(new Row.Equation(eq.lhs(), eq.rhs().stream().map(x -> replace(x, env, pairs)).toList(), eq.condition()));
        }
        return out;
    }

    // ---- the δ rows ----

    /**
     * The rows and cases defining the δs {@code body} uses at the first witness: {@code δ_v = diag × ∂L/∂u}, then
     * that with ∂L/∂u's own row substituted where it has one; grouped by shape relative to v and folded into
     * cases over consecutive v, as the pre-activations are.
     */
    static void define(Symbolic.Result body, Map<String, Long> binding, Map<Expr.Var, Deltas.Pair> pairs,
                       SymbolicExpander s, List<Row> rows, List<Symbolic.Case> cases) {
        Derivation at = Symbolic.expandAt(body, binding);
        Map<String, Expr> rowOf = rowsByText(at);
        Map<Expr.Var, Deltas.Pair> byDelta = new HashMap<>();
        for (Deltas.Pair p : pairs.values()) byDelta.put(p.delta(), p);
        TreeMap<Long, Deltas.Pair> used = new TreeMap<>();
        for (List<Row> rs : List.of(at.gradients(), at.definitions())) {
            for (Row r : rs) {
                if (!(r instanceof Row.Equation eq)) continue;
                for (Expr x : eq.rhs()) {
                    SymbolicExpander.mapVars(x, v -> {
                        Deltas.Pair p = byDelta.get(v);
                        if (p != null) used.put(v.indices().get(0).constant(), p);
                        return v;
                    });
                }
            }
        }
        String n = s.variable();
        Map<String, TreeSet<Long>> byShape = new LinkedHashMap<>();
        Map<String, List<Expr>> shapes = new HashMap<>();
        Expr.Var lhs = new Expr.Var("delta", List.of(Linear.symbol(n, Pos.NONE)), Expr.Role.NODE);
        for (Map.Entry<Long, Deltas.Pair> e : used.entrySet()) {
            long v = e.getKey();
            Deltas.Pair p = e.getValue();
            List<Expr> rhs = new ArrayList<>();
            rhs.add(s.shape(new Expr.Product(List.of(p.diag(), p.grad())), n, v));
            Expr sub = rowOf.get(Latex.expr(p.grad()));
            if (sub != null) rhs.add(s.shape(MatrixForm.times(List.of(p.diag(), sub)), n, v));
            StringBuilder key = new StringBuilder();
            for (Expr x : rhs) key.append(Latex.expr(x)).append(" = ");
            byShape.computeIfAbsent(key.toString(), k -> new TreeSet<>()).add(v);
            shapes.put(key.toString(), rhs);
        }
        for (Map.Entry<String, TreeSet<Long>> e : byShape.entrySet()) {
            List<Expr> shape = shapes.get(e.getKey());
            for (long[] span : TwoIndex.spans(e.getValue())) {
                Linear lo = s.mapper().map(span[0]), hi = s.mapper().map(span[1]);
                if (span[0] == span[1]) {
                    rows.add(new Row.Equation(SymbolicExpander.substitute(lhs, n, lo),
                            shape.stream().map(x -> SymbolicExpander.substitute(x, n, lo)).toList(), ""));
                    continue;
                }
                String range = n + "=" + Exprs.tex(lo) + ", " + Exprs.tex(s.mapper().map(span[0] + 1))
                        + (span[1] == span[0] + 1 ? "" : ", \\cdots, " + Exprs.tex(hi));
                cases.add(new Symbolic.Case(n, range, lhs, shape, lo, hi));
            }
        }
    }

    /** The last right-hand side of every row of a ∂L/∂u, by its left-hand side as written (roles aside). */
    private static Map<String, Expr> rowsByText(Derivation d) {
        Map<String, Expr> out = new HashMap<>();
        for (List<Row> rs : List.of(d.gradients(), d.definitions())) {
            for (Row r : rs) {
                if (r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Partial) out.put(Latex.expr(eq.lhs()), eq.rhs().get(eq.rhs().size() - 1));
            }
        }
        return out;
    }

    // ---- guard and verify ----

    /**
     * The guard's part at one witness: {@code gen} (the expanded general rows filled in) with its δ rows checked
     * against {@code pairs} and {@code ref} (the concrete reference, no δ), then removed and every δ written
     * out as its pair, so that the rest compares as without δ.
     */
    static Derivation check(Derivation gen, Derivation ref, Map<Expr.Var, Deltas.Pair> pairs, String at,
                            java.util.function.UnaryOperator<Expr> norm) {
        Map<Expr, Deltas.Pair> byDelta = new HashMap<>();
        for (Deltas.Pair p : pairs.values()) byDelta.put(p.delta(), p);
        Map<String, Expr> refRow = rowsByText(ref);
        Map<Expr, Expr> written = new HashMap<>();
        List<Row> defs = new ArrayList<>();
        List<Row.Equation> deltaRows = new ArrayList<>();
        for (Row r : gen.definitions()) {
            if (r instanceof Row.Equation eq && byDelta.containsKey(eq.lhs())) {
                Deltas.Pair p = byDelta.get(eq.lhs());
                Expr pair = new Expr.Product(List.of(p.diag(), p.grad()));
                if (written.put(eq.lhs(), pair) != null) throw new SymbolicExpander.CannotExpand("`" + Latex.expr(eq.lhs()) + "` is defined twice at " + at);
                deltaRows.add(eq);
            } else {
                defs.add(r);
            }
        }
        for (Row.Equation eq : deltaRows) {
            Deltas.Pair p = byDelta.get(eq.lhs());
            String want = Latex.expr(norm.apply(new Expr.Product(List.of(p.diag(), p.grad()))));
            if (!Latex.expr(norm.apply(eq.rhs().get(0))).equals(want)) {
                throw new SymbolicExpander.CannotExpand("the row of `" + Latex.expr(eq.lhs()) + "` is not diag(a'(z)) ∂L/∂u at " + at);
            }
            for (int i = 1; i < eq.rhs().size(); i++) {
                Expr sub = refRow.get(Latex.expr(p.grad()));
                if (sub == null || !Latex.expr(norm.apply(writeOut(eq.rhs().get(i), written))).equals(
                        Latex.expr(norm.apply(MatrixForm.times(List.of(p.diag(), sub)))))) {
                    throw new SymbolicExpander.CannotExpand("the substituted row of `" + Latex.expr(eq.lhs()) + "` does not hold at " + at);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Row r : gen.gradients()) rows.add(writeOut(r, written, at));
        List<Row> rest = new ArrayList<>();
        for (Row r : defs) rest.add(writeOut(r, written, at));
        return new Derivation(gen.network(), gen.form(), rows, rest);
    }

    private static Row writeOut(Row r, Map<Expr, Expr> written, String at) {
        if (!(r instanceof Row.Equation eq)) return r;
        List<Expr> rhs = new ArrayList<>();
        for (Expr x : eq.rhs()) {
            Expr y = writeOut(x, written);
            boolean[] left = {false};
            SymbolicExpander.mapVars(y, v -> { left[0] |= v.base().equals("delta") && v.role() == Expr.Role.NODE; return v; });
            if (left[0]) throw new SymbolicExpander.CannotExpand("a δ is used but not defined at " + at);
            rhs.add(y);
        }
        return new Row.Equation(eq.lhs(), rhs, eq.condition());
    }

    /** Every δ in {@code e} replaced by its pair. Recursion follows the nesting of one concrete expression. */
    private static Expr writeOut(Expr e, Map<Expr, Expr> written) {
        if (e instanceof Expr.Var v) return written.getOrDefault(v, v);
        if (e instanceof Expr.Product p) return new Expr.Product(p.factors().stream().map(f -> writeOut(f, written)).toList());
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(f -> writeOut(f, written)).toList());
        if (e instanceof Expr.Negate n) return new Expr.Negate(writeOut(n.operand(), written));
        if (e instanceof Expr.Transpose t) return new Expr.Transpose(writeOut(t.operand(), written));
        return e;
    }

    /**
     * The expanded general rows filled in at {@code g}'s binding, for {@code verify}: the δ rows moved among the
     * gradient rows (first) and named with their owners, so that each is proved on its own (DeltaCheck), not
     * only through the rows that use it.
     */
    static Expander.Expanded at(Symbolic.Result x, ComputationGraph g, Layout layout) {
        Derivation d = Symbolic.expandAt(x, g.network().binding());
        if (layout != Layout.DENOMINATOR) return new Expander.Expanded(d, layout);
        Map<Expr, Deltas.Pair> byDelta = new HashMap<>();
        for (Deltas.Pair p : pairs(Expander.indexed(g)).values()) byDelta.put(p.delta(), p);
        List<Row> deltaRows = new ArrayList<>(), defs = new ArrayList<>();
        Map<Expr.Var, Integer> owners = new LinkedHashMap<>();
        for (Row r : d.definitions()) {
            if (r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Var v && byDelta.containsKey(v)) {
                deltaRows.add(r);
                owners.put(v, byDelta.get(v).owner());
            } else {
                defs.add(r);
            }
        }
        if (deltaRows.isEmpty()) return new Expander.Expanded(d, layout);
        deltaRows.addAll(d.gradients());
        return new Expander.Expanded(new Derivation(d.network(), d.form(), deltaRows, defs), layout, owners);
    }
}
