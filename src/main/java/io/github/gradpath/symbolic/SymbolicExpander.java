package io.github.gradpath.symbolic;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Expander;
import io.github.gradpath.derive.MatrixForm;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Exprs;
import io.github.gradpath.derive.Layout;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.Latex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code derive --expand} at symbolic depth and length: the general rows of a {@link Symbolic.Result} with every
 * single-edge Jacobian written out ({@code \operatorname{diag}(a_n'(z_n)) w_n}) and every weight gradient as a
 * matrix, with index expressions in the subscripts, inside runs ({@code \cdots}), Σ and cases.
 *
 * <p>How: each general factor is instantiated at the first witness (a bound index at the middle of its range),
 * expanded by the concrete {@link Expander} (indexed naming: {@code z_n}, {@code z_t}, {@code z_{n,t}}) and written
 * back relative to the factor's own index expressions ({@code w_{29}} beside {@code ∂h_{30}/∂h_{29}} at
 * {@code j = 30} is {@code w_{j-1}}). The pre-activations the rows use are defined by rows and cases found the same
 * way. Guard: at both witnesses, the expanded general rows instantiated must equal, expression for expression, the
 * concrete expansion of the unexpanded general rows instantiated there (which {@code verify --expand} proves
 * numerically), and every pre-activation used there must be defined as the network defines it.
 */
public final class SymbolicExpander {
    /** The general rows cannot be written expanded; reported at the network's position. */
    static final class CannotExpand extends RuntimeException {
        CannotExpand(String message) { super(message, null, false, false); }
    }

    private final Expander x;
    private final Map<String, Long> binding;
    private final Mapper mapper;
    /** Anchors per subscript position ({@link Mapper#of}): a step {@code t = 21} is never written {@code p+1}. */
    private final Mapper positional;
    /** General factors left as they are (totals, gradients): the guard's reference leaves them too. */
    private final Set<Expr.Partial> kept = new HashSet<>();
    /** The cases defining named weight factors ({@code ∂h_t/∂W}): substituted where a row names one. */
    private List<Symbolic.Case> weightCases = List.of();
    private List<Row> weightRows = List.of();
    /** The δ-able pairs at the first witness (denominator layout, adjoint form only; else empty). */
    private Map<Expr.Var, io.github.gradpath.derive.Deltas.Pair> deltaPairs = Map.of();

    private SymbolicExpander(Expander x, Map<String, Long> binding, Mapper positional) {
        this.x = x;
        this.binding = binding;
        this.mapper = new Mapper(binding);
        this.positional = positional;
    }

    /** The expanded general form of {@code r} in {@code layout}, checked at both witnesses. */
    public static Symbolic.Result expand(NetworkSpec spec, Symbolic.Result r, Layout layout, Diagnostics d) {
        List<Pipeline.Loaded> at = Pipeline.instances(spec, new Diagnostics());
        List<ComputationGraph> graphs = at.stream().map(Pipeline.Loaded::graph).toList();
        try {
            List<Expander> xs = new ArrayList<>();
            for (ComputationGraph g : graphs) xs.add(Expander.indexed(g));
            Map<String, Long> first = graphs.get(0).network().binding();
            SymbolicExpander s = new SymbolicExpander(xs.get(0), first, Mapper.of(spec, first));
            Symbolic.Result out = s.result(r, layout);
            Symbolic.Result marked = ExpansionGuard.mark(r, s.kept);
            for (int i = 0; i < graphs.size(); i++) ExpansionGuard.guard(marked, out, xs.get(i), graphs.get(i).network().binding(), layout);
            return out;
        } catch (CannotExpand | Expander.NoIndexedNames | Exprs.NoReading | Exprs.Unbound e) {
            d.error(spec.source(), spec.pos(), "gradpath cannot write `" + spec.name() + "` expanded in general form: "
                    + e.getMessage() + " (give the indices values to expand it)");
            throw new InputException(d);
        }
    }

    /**
     * The expanded general rows {@code x} filled in at {@code g}'s binding, for {@code verify --expand}: δ rows (if
     * any) among the rows proved on their own, with their owners.
     */
    public static Expander.Expanded at(Symbolic.Result x, ComputationGraph g, Layout layout) {
        return SymbolicDeltas.at(x, g, layout);
    }

    private Symbolic.Result result(Symbolic.Result r, Layout layout) {
        weightCases = r.cases().stream().filter(c -> weightLhs(c.lhs())).toList();
        weightRows = r.definitions().stream().filter(row -> row instanceof Row.Equation eq && weightLhs(eq.lhs())).toList();
        if (layout == Layout.DENOMINATOR && r.form() == io.github.gradpath.derive.Form.ADJOINT) deltaPairs = SymbolicDeltas.pairs(x);
        List<Row> rows = new ArrayList<>();
        for (Row row : r.rows()) rows.add(row(row, new HashMap<>(binding), layout));
        List<Symbolic.Case> cases = new ArrayList<>();
        for (Symbolic.Case c : r.cases()) {
            if (weightLhs(c.lhs())) continue;
            Map<String, Long> env = new HashMap<>(binding);
            env.put(c.variable(), middle(c.from(), c.to(), env));
            if (c.variable2() != null) env.put(c.variable2(), middle(c.from2(), c.to2(), env));
            Row.Equation eq = (Row.Equation) row(new Row.Equation(c.lhs(), c.rhs(), ""), env, layout);
            cases.add(new Symbolic.Case(c.variable(), c.range(), c.lhs(), eq.rhs(), c.from(), c.to(), c.variable2(),
                    c.range2(), c.from2(), c.to2()));
        }
        List<Row> defs = new ArrayList<>();
        for (Row row : r.definitions()) {
            if (row instanceof Row.Equation eq && weightLhs(eq.lhs())) continue;
            defs.add(row(row, new HashMap<>(binding), layout));
        }
        // The pre-activations used, at the first witness, folded into rows and cases of their own.
        Symbolic.Result body = new Symbolic.Result(r.network(), false, rows, cases, defs, r.form());
        List<Row> dRows = new ArrayList<>();
        List<Symbolic.Case> dCases = new ArrayList<>();
        if (!deltaPairs.isEmpty()) {
            SymbolicDeltas.define(body, binding, deltaPairs, this, dRows, dCases);
            List<Symbolic.Case> withD = new ArrayList<>(dCases);
            withD.addAll(cases);
            List<Row> withDRows = new ArrayList<>(dRows);
            withDRows.addAll(defs);
            body = new Symbolic.Result(r.network(), false, rows, withD, withDRows, r.form());
        }
        Set<Expr.Var> used = new java.util.LinkedHashSet<>();
        io.github.gradpath.derive.Derivation concrete = Symbolic.expandAt(body, binding);
        for (List<Row> rs : List.of(concrete.gradients(), concrete.definitions())) {
            for (Row row : rs) if (row instanceof Row.Equation eq) eq.rhs().forEach(e -> zVars(e, x.letter(), used));
        }
        List<Row> zRows = new ArrayList<>();
        List<Symbolic.Case> zCases = new ArrayList<>();
        preactivations(used, zRows, zCases);
        List<Symbolic.Case> allCases = new ArrayList<>(zCases);
        allCases.addAll(dCases);
        allCases.addAll(cases);
        List<Row> allDefs = new ArrayList<>(zRows);
        allDefs.addAll(dRows);
        allDefs.addAll(defs);
        return new Symbolic.Result(r.network(), false, rows, allCases, allDefs, r.form());
    }

    private static boolean weightLhs(Expr lhs) {
        // ∂u/∂W for a vector u is no matrix: rows naming it are written per use of W (as the concrete expander does)
        return lhs instanceof Expr.Partial p && p.denominator().role() == Expr.Role.PARAM;
    }

    private static long middle(Linear from, Linear to, Map<String, Long> env) {
        Long a = from.eval(env), b = to.eval(env);
        if (a == null || b == null) throw new CannotExpand("a range without a value at the witness");
        return Math.floorDiv(a + b, 2);
    }

    private Row row(Row r, Map<String, Long> env, Layout layout) {
        if (!(r instanceof Row.Equation eq)) return r;
        List<Expr> out = new ArrayList<>();
        for (Expr rhs : eq.rhs()) {
            // ∂L/∂h_T × ∂h_T/∂W: the named weight factor's case substituted first (no tensor is written)
            Expr inlined = WeightInline.general(rhs, weightCases, weightRows, env);
            Expr e = expand(inlined != null ? inlined : rhs, env);
            String left = weightPartial(e);
            if (left != null) throw new CannotExpand("`" + left + "` is left, a tensor with no matrix form here");
            if (layout == Layout.DENOMINATOR) e = transpose(e);
            if (!deltaPairs.isEmpty()) e = SymbolicDeltas.replace(e, env, deltaPairs);
            if (out.isEmpty() || !out.get(out.size() - 1).equals(e)) out.add(e);
        }
        return new Row.Equation(eq.lhs(), out, eq.condition());
    }

    /** A ∂u/∂W left in {@code e}, as text, or null. */
    private static String weightPartial(Expr e) {
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(e);
        while (!stack.isEmpty()) {
            Expr f = stack.pop();
            if (f instanceof Expr.Partial p && p.denominator().role() == Expr.Role.PARAM) return Latex.expr(p);
            children(f).forEach(stack::push);
        }
        return null;
    }

    private static List<Expr> children(Expr e) {
        if (e instanceof Expr.Product p) return p.factors();
        if (e instanceof Expr.Sum s) return s.terms();
        if (e instanceof Expr.Run r) return List.of(r.first());
        if (e instanceof Expr.SumOver s) return List.of(s.body());
        if (e instanceof Expr.ProductOver s) return List.of(s.body());
        if (e instanceof Expr.Negate n) return List.of(n.operand());
        if (e instanceof Expr.Transpose t) return List.of(t.operand());
        if (e instanceof Expr.Diag t) return List.of(t.operand());
        if (e instanceof Expr.Derivative t) return List.of(t.argument());
        if (e instanceof Expr.Apply t) return List.of(t.argument());
        if (e instanceof Expr.Juxtapose j) return j.factors();
        if (e instanceof Expr.Hadamard h) return h.factors();
        if (e instanceof Expr.Concat c) return c.parts();
        return List.of();
    }

    static void zVars(Expr e, String letter, Set<Expr.Var> out) {
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(e);
        while (!stack.isEmpty()) {
            Expr f = stack.pop();
            if (f instanceof Expr.Var v && v.base().equals(letter) && v.role() == Expr.Role.NODE) out.add(v);
            children(f).forEach(stack::push);
        }
    }

    // ---- expansion, numerator layout; recursion follows the nesting of one general expression ----

    private Expr expand(Expr e, Map<String, Long> env) {
        if (e instanceof Expr.Partial p) return partial(p, env);
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(t -> expand(t, env)).toList());
        if (e instanceof Expr.Product p) {
            List<Expr> fs = p.factors();
            Expr w = weight(fs.subList(0, fs.size() - 1), fs.get(fs.size() - 1), env);
            if (w != null) return w;
            List<Expr> out = new ArrayList<>();
            for (Expr f : fs) out.add(expand(f, env));
            return MatrixForm.times(out);
        }
        if (e instanceof Expr.Run r) return new Expr.Run(expand(r.first(), env), r.step(), r.count(), r.showLast());
        if (e instanceof Expr.SumOver s) {
            Map<String, Long> inner = new HashMap<>(env);
            inner.put(s.index(), middle(s.from(), s.to(), env));
            return new Expr.SumOver(s.index(), s.from(), s.to(), expand(s.body(), inner));
        }
        if (e instanceof Expr.ProductOver s) {
            Map<String, Long> inner = new HashMap<>(env);
            inner.put(s.index(), middle(s.from(), s.to(), env));
            return new Expr.ProductOver(s.index(), s.from(), s.to(), expand(s.body(), inner));
        }
        return e;
    }

    private Expr partial(Expr.Partial p, Map<String, Long> env) {
        Expr j = Exprs.at(p, env) instanceof Expr.Partial c && p.numerator().role() != Expr.Role.LOSS ? x.edgeOf(c) : null;
        if (j == null || j instanceof Expr.Partial) {
            kept.add(p);
            return p;
        }
        return back(j, anchors(List.of(p.numerator(), p.denominator())), env, positional);
    }

    /** {@code prefix × ∂u/∂W} as a matrix, one term per use of W in u; null when {@code last} is no weight edge. */
    private Expr weight(List<Expr> prefix, Expr last, Map<String, Long> env) {
        if (prefix.isEmpty() || !(last instanceof Expr.Partial p)) return null;
        if (!(Exprs.at(p, env) instanceof Expr.Partial c)) return null;
        List<Expander.Use> uses = x.uses(c);
        if (uses == null) return null;
        List<Linear> anchors = anchors(List.of(p.numerator(), p.denominator()));
        List<Expr> expandedPrefix = new ArrayList<>();
        for (Expr f : prefix) expandedPrefix.add(expand(f, env));
        List<Expr> terms = new ArrayList<>();
        for (Expander.Use u : uses) {
            List<Expr> fs = new ArrayList<>();
            fs.add(back(u.right(), anchors, env, positional));
            fs.addAll(expandedPrefix);
            fs.add(back(u.jac(), anchors, env, positional));
            for (Expr l : u.left()) fs.add(back(l, anchors, env, positional));
            terms.add(MatrixForm.times(fs));
        }
        return terms.size() == 1 ? terms.get(0) : new Expr.Sum(terms);
    }

    private static List<Linear> anchors(List<Expr.Var> vars) {
        List<Linear> out = new ArrayList<>();
        out.add(Linear.constant(0, Pos.NONE));
        for (Expr.Var v : vars) for (Linear l : v.indices()) if (!out.contains(l)) out.add(l);
        return out;
    }

    /**
     * A concrete expression written back: each index relative to the anchor whose value at {@code env} is nearest
     * (an exact one first, the earliest on a tie). Wrong only when anchors come close, which the guard catches.
     */
    private static Expr back(Expr e, List<Linear> anchors, Map<String, Long> env) {
        return back(e, anchors, env, null);
    }

    /**
     * As above; with {@code far} given, an index more than 2 from every anchor (the {@code h_{q,t-1}} a weight
     * {@code u} reads, beside {@code ∂h_{p,t}/∂u}) is written from the witness's symbols of its dimension if one
     * is nearer ({@code q}, not {@code p+35}).
     */
    private static Expr back(Expr e, List<Linear> anchors, Map<String, Long> env, Mapper far) {
        long[] values = new long[anchors.size()];
        for (int i = 0; i < values.length; i++) {
            Long v = anchors.get(i).eval(env);
            if (v == null) throw new CannotExpand("an index without a value at the witness");
            values[i] = v;
        }
        return mapVars(e, v -> {
            if (v.indices().isEmpty()) return v;
            List<Linear> idx = new ArrayList<>();
            int k = v.indices().size();
            for (int j = 0; j < k; j++) {
                Linear l = v.indices().get(j);
                if (!l.isConstant()) { idx.add(l); continue; }
                int best = 0;
                for (int i = 1; i < values.length; i++) {
                    if (Math.abs(l.constant() - values[i]) < Math.abs(l.constant() - values[best])) best = i;
                }
                long dist = Math.abs(l.constant() - values[best]);
                if (far != null && dist > 2) {
                    Linear c = far.map(v.base(), j, k, l.constant());
                    long cd = Math.abs(c.constant()); // the offset from its anchor (or from 0)
                    if (cd < dist) { idx.add(c); continue; }
                }
                idx.add(anchors.get(best).plus(Linear.constant(l.constant() - values[best], Pos.NONE), 1));
            }
            return new Expr.Var(v.base(), idx, v.label(), v.role());
        });
    }

    /** {@code e} with every variable (and function name) replaced by {@code f} of it. */
    static Expr mapVars(Expr e, java.util.function.UnaryOperator<Expr.Var> f) {
        if (e instanceof Expr.Var v) return f.apply(v);
        if (e instanceof Expr.Partial p) return new Expr.Partial(f.apply(p.numerator()), f.apply(p.denominator()), p.direct());
        if (e instanceof Expr.Product p) return new Expr.Product(p.factors().stream().map(t -> mapVars(t, f)).toList());
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(t -> mapVars(t, f)).toList());
        if (e instanceof Expr.Apply a) return new Expr.Apply(f.apply(a.function()), mapVars(a.argument(), f));
        if (e instanceof Expr.Derivative a) return new Expr.Derivative(f.apply(a.function()), mapVars(a.argument(), f));
        if (e instanceof Expr.Juxtapose j) return new Expr.Juxtapose(j.factors().stream().map(t -> mapVars(t, f)).toList());
        if (e instanceof Expr.Hadamard h) return new Expr.Hadamard(h.factors().stream().map(t -> mapVars(t, f)).toList());
        if (e instanceof Expr.Transpose t) return new Expr.Transpose(mapVars(t.operand(), f));
        if (e instanceof Expr.Diag t) return new Expr.Diag(mapVars(t.operand(), f));
        if (e instanceof Expr.Negate t) return new Expr.Negate(mapVars(t.operand(), f));
        if (e instanceof Expr.Concat c) return new Expr.Concat(c.parts().stream().map(t -> mapVars(t, f)).toList());
        return e;
    }

    // ---- denominator layout ----

    /**
     * The transpose of an expanded general right-hand side ({@link MatrixForm#transpose}, which reverses runs,
     * transposes Σ bodies and writes a ∏ as {@code (\prod ...)^\top}); a ∏ that still holds a {@code ∂u/∂v}
     * is refused, since this layout would read that factor transposed inside a product written in Jacobians.
     */
    static Expr transpose(Expr e) {
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(e);
        while (!stack.isEmpty()) {
            Expr f = stack.pop();
            if (f instanceof Expr.ProductOver p && MatrixForm.holdsPartial(p.body())) {
                throw new CannotExpand("a \\prod of factors left as derivatives in the denominator layout");
            }
            if (f instanceof Expr.Product p) p.factors().forEach(stack::push);
            else if (f instanceof Expr.Sum s) s.terms().forEach(stack::push);
            else if (f instanceof Expr.SumOver s) stack.push(s.body());
            else if (f instanceof Expr.Negate n) stack.push(n.operand());
            else if (f instanceof Expr.Run r) stack.push(r.first());
        }
        return MatrixForm.transpose(e);
    }

    // ---- the pre-activations' rows ----

    /**
     * The rows defining the pre-activations {@code used} (concrete, at the first witness): those of one index
     * grouped by the shape of their definition relative to that index ({@code z_n = w_n h_n}), each run of
     * consecutive values one case ({@code n=q+1, q+2, \cdots, N-1}), a lone value one row.
     */
    private void preactivations(Set<Expr.Var> used, List<Row> rows, List<Symbolic.Case> cases) {
        Map<Expr.Var, Expr> def = new HashMap<>();
        for (Row r : x.preactivations()) if (r instanceof Row.Equation eq) def.put((Expr.Var) eq.lhs(), eq.rhs().get(0));
        String n = variable();
        Linear nv = Linear.symbol(n, Pos.NONE);
        Map<String, TreeSet<Long>> byShape = new LinkedHashMap<>();
        Map<String, Expr[]> shapes = new HashMap<>();
        TwoIndex two = new TwoIndex(x, positional, binding, n);
        List<Expr.Var> sorted = new ArrayList<>(used);
        sorted.sort(java.util.Comparator.comparing(Latex::var));
        for (Expr.Var z : sorted) {
            Expr rhs = def.get(z);
            if (rhs == null) throw new CannotExpand("`" + Latex.var(z) + "` has no definition");
            if (z.indices().isEmpty()) {
                rows.add(new Row.Equation(z, back(rhs, witnessAnchors(), binding)));
                continue;
            }
            if (z.indices().size() == 2) {
                two.add(z, rhs);
                continue;
            }
            if (z.indices().size() > 2) {
                throw new CannotExpand("pre-activations with more than two indices (such as `z_{n,t,s}`) are not folded into cases yet");
            }
            long v = z.indices().get(0).constant();
            Expr shape = shape(rhs, n, v);
            Expr.Var lhs = new Expr.Var(z.base(), List.of(nv), z.label(), z.role());
            String key = Latex.expr(lhs) + "=" + Latex.expr(shape);
            byShape.computeIfAbsent(key, k -> new TreeSet<>()).add(v);
            shapes.put(key, new Expr[] {lhs, shape});
        }
        for (Map.Entry<String, TreeSet<Long>> e : byShape.entrySet()) {
            Expr lhs = shapes.get(e.getKey())[0], shape = shapes.get(e.getKey())[1];
            List<long[]> spans = new ArrayList<>();
            for (long v : e.getValue()) {
                if (!spans.isEmpty() && spans.get(spans.size() - 1)[1] == v - 1) spans.get(spans.size() - 1)[1] = v;
                else spans.add(new long[] {v, v});
            }
            for (long[] s : spans) {
                Linear lo = mapper.map(s[0]), hi = mapper.map(s[1]);
                if (s[0] == s[1]) {
                    rows.add(new Row.Equation(substitute(lhs, n, lo), substitute(shape, n, lo)));
                    continue;
                }
                String range = n + "=" + Exprs.tex(lo) + ", " + Exprs.tex(mapper.map(s[0] + 1))
                        + (s[1] == s[0] + 1 ? "" : ", \\cdots, " + Exprs.tex(hi));
                cases.add(new Symbolic.Case(n, range, lhs, List.of(shape), lo, hi));
            }
        }
        two.fold(rows, cases);
    }


    /**
     * A definition relative to its own index {@code n = v}: an index within 2 of v is written from n
     * ({@code h_{n-1}}, also {@code h_0} at v = 1, so that z_1 reads as every other z_n), any other from the
     * witness's symbols or 0.
     */
    Expr shape(Expr rhs, String n, long v) {
        return mapVars(rhs, var -> {
            List<Linear> idx = new ArrayList<>();
            List<Linear> farIdx = ((Expr.Var) back(var, witnessAnchors(), binding)).indices();
            for (int i = 0; i < var.indices().size(); i++) {
                Linear l = var.indices().get(i);
                if (l.isConstant() && Math.abs(l.constant() - v) <= 2) {
                    idx.add(Linear.symbol(n, Pos.NONE).plus(Linear.constant(l.constant() - v, Pos.NONE), 1));
                } else {
                    idx.add(farIdx.get(i));
                }
            }
            return new Expr.Var(var.base(), idx, var.label(), var.role());
        });
    }

    Mapper mapper() { return mapper; }

    private List<Linear> witnessAnchors() {
        List<Linear> out = new ArrayList<>();
        out.add(Linear.constant(0, Pos.NONE));
        for (String s : new TreeMap<>(binding).keySet()) out.add(Linear.symbol(s, Pos.NONE));
        return out;
    }

    /** The pre-activations' case variable: {@code n}, as the textbooks write {@code z_n}, unless taken. */
    String variable() {
        for (String s : List.of("n", "m", "j", "i", "r")) if (!binding.containsKey(s)) return s;
        return "n'";
    }

    static Expr substitute(Expr e, String var, Linear by) {
        return mapVars(e, v -> {
            List<Linear> idx = new ArrayList<>();
            for (Linear l : v.indices()) {
                Long c = l.coeffs().get(var);
                idx.add(c == null ? l : l.plus(Linear.symbol(var, Pos.NONE), -c).plus(by.times(c), 1));
            }
            return new Expr.Var(v.base(), idx, v.label(), v.role());
        });
    }
}
