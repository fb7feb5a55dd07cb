package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Row;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.Latex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The gradient block of a symbolic network, built from the core's concrete derivation at one witness: rows chosen
 * (given, or by {@link Shapes#select}), folded and mapped back to symbols, {@code \vdots} between rows that are
 * not neighbours, and the named factors they use defined by cases of a free index {@code k}.
 *
 * <p>A case is found, not assumed: the definitions {@code ∂U/∂V_k} of one shape form a stretch of {@code k};
 * the one in its middle is written with {@code k} as a symbol, and that general formula is then evaluated at every
 * {@code k} of the stretch and must give the core's own definition there, term for term. A neighbour whose
 * definition is the formula's degenerate case (an empty run, an identity {@code ∂h_p/∂h_p}) joins the case, as
 * the chapter lets {@code k = q} and {@code k = p} join theirs.
 */
final class GradientBlock {
    record Out(List<Row> rows, List<Symbolic.Case> cases, List<Row> definitions) {}

    private final ComputationGraph g;
    private final Map<String, Long> binding;
    private final Mapper m;
    private final String free;
    private final Map<Expr, Row.Equation> defs = new LinkedHashMap<>();
    private final Map<Expr, String> shapeCache = new HashMap<>();

    private final Form form;

    private GradientBlock(ComputationGraph g, Map<String, Long> binding, Mapper m, String free, Form form) {
        this.form = form;
        this.g = g;
        this.binding = binding;
        this.m = m;
        this.free = free;
    }

    /** {@code explicit}: the rows asked for ({@code show}, {@code --wrt}), or null for the default selection. */
    static Out build(ComputationGraph g, Map<String, Long> binding, List<Integer> explicit, String free) {
        return build(g, binding, explicit, free, Form.FACTORED);
    }

    static Out build(ComputationGraph g, Map<String, Long> binding, List<Integer> explicit, String free, Form form) {
        return build(g, binding, new Mapper(binding), explicit, free, form);
    }

    /** {@code m}: how indices are written back ({@link Mapper#of}, with anchors per subscript position). */
    static Out build(ComputationGraph g, Map<String, Long> binding, Mapper m, List<Integer> explicit, String free,
                     Form form) {
        return new GradientBlock(g, binding, m, free, form).run(explicit);
    }

    /**
     * The core's derivation of {@code targets}: gradient rows in the order of {@code targets}, then the rows they
     * use. In the adjoint form the rows they use are the δ rows ({@code ∂L/∂h_t = ∂L/∂o_t × ∂o_t/∂h_t + ...}),
     * which then fold into cases exactly as named factors do: that is the BPTT recurrence, by cases of the step.
     */
    private Derivation derive(List<Integer> targets) {
        if (form == Form.FACTORED) return Deriver.derive(g, targets, Form.FACTORED);
        if (form != Form.ADJOINT) throw new IllegalArgumentException("form " + form);
        Derivation d = Deriver.derive(g, targets, Form.ADJOINT);
        Map<Expr, Row> byLhs = new LinkedHashMap<>();
        for (Row r : d.gradients()) if (r instanceof Row.Equation eq) byLhs.put(eq.lhs(), r);
        List<Row> grads = new ArrayList<>();
        Expr.Var loss = Expr.Var.of(g.node(g.loss()).name(), Expr.Role.LOSS);
        for (int t : targets) {
            Expr.Partial lhs = new Expr.Partial(loss, Expr.Var.of(g.node(t).name(), role(t)));
            Row r = byLhs.remove(lhs);
            if (r == null) throw new Symbolic.CannotGeneralize("the adjoint form has no row for " + g.node(t).name());
            grads.add(r);
        }
        List<Row> rest = new ArrayList<>(byLhs.values());
        rest.addAll(d.definitions());
        return new Derivation(d.network(), d.form(), grads, rest);
    }

    private Expr.Role role(int v) {
        return switch (g.node(v).kind()) {
            case LOSS -> Expr.Role.LOSS;
            case PARAM -> Expr.Role.PARAM;
            case INPUT -> Expr.Role.INPUT;
            default -> Expr.Role.NODE;
        };
    }

    private Out run(List<Integer> explicit) {
        List<Integer> params = g.parameters();
        Derivation base = derive(params);
        for (Row r : base.definitions()) defs.put(((Row.Equation) r).lhs(), (Row.Equation) r);
        List<Row.Equation> rows = new ArrayList<>();
        List<Integer> targets;
        if (explicit != null) {
            Derivation ex = derive(explicit);
            for (Row r : ex.definitions()) defs.putIfAbsent(((Row.Equation) r).lhs(), (Row.Equation) r);
            for (Row r : ex.gradients()) rows.add((Row.Equation) r);
            targets = explicit;
        } else {
            List<String> shapes = new ArrayList<>();
            for (Row r : base.gradients()) shapes.add(Shapes.of(((Row.Equation) r).rhs().get(0), defs));
            targets = new ArrayList<>();
            for (int i : Shapes.select(shapes)) {
                rows.add((Row.Equation) base.gradients().get(i));
                targets.add(params.get(i));
            }
        }
        List<Row> out = new ArrayList<>();
        LinkedHashSet<Expr> named = new LinkedHashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0 && !neighbours(params, targets.get(i - 1), targets.get(i))) out.add(new Row.Vdots());
            Row.Equation r = rows.get(i);
            List<Expr> lifted = r.rhs().stream().map(x -> Folder.lift(x, m)).toList();
            for (int j = 0; j < lifted.size(); j++) expandsBack(lifted.get(j), r.rhs().get(j), r.lhs());
            out.add(new Row.Equation(Folder.lift(r.lhs(), m), lifted, ""));
            r.rhs().forEach(x -> collectNamed(x, named));
        }
        List<Symbolic.Case> cases = new ArrayList<>();
        List<Row> plain = new ArrayList<>();
        define(named, cases, plain);
        return new Out(out, cases, plain);
    }

    /**
     * The guard on a folded row: expanded at this witness (every Σ at every value of its bound index, every run
     * at its length) it must be exactly the core's concrete row.
     */
    private void expandsBack(Expr general, Expr concrete, Expr lhs) {
        String got;
        try {
            got = Latex.expr(Folder.eval(general, binding));
        } catch (Folder.NoReading e) {
            got = null;
        }
        if (got == null || !got.equals(Latex.expr(concrete))) {
            throw new Symbolic.CannotGeneralize("the general row for " + describe((Expr.Partial) lhs)
                    + " does not expand to the concrete one at " + Witness.describe(binding));
        }
    }

    /** Rows of neighbouring parameters need no {@code \vdots}; rows of other nodes are never elided between. */
    private static boolean neighbours(List<Integer> params, int a, int b) {
        int i = params.indexOf(a), j = params.indexOf(b);
        return i < 0 || j < 0 || Math.abs(i - j) <= 1;
    }

    private void collectNamed(Expr e, Set<Expr> into) {
        ArrayDeque<Expr> stack = new ArrayDeque<>();
        stack.push(e);
        List<Expr> found = new ArrayList<>();
        while (!stack.isEmpty()) {
            Expr x = stack.pop();
            if (x instanceof Expr.Partial p && defs.containsKey(Shapes.stripDirect(p))) found.add(Shapes.stripDirect(p));
            else if (x instanceof Expr.Product p) for (int i = p.factors().size() - 1; i >= 0; i--) stack.push(p.factors().get(i));
            else if (x instanceof Expr.Sum s) for (int i = s.terms().size() - 1; i >= 0; i--) stack.push(s.terms().get(i));
        }
        into.addAll(found);
    }

    // ---- definitions ----

    private void define(LinkedHashSet<Expr> firstNamed, List<Symbolic.Case> cases, List<Row> plain) {
        ArrayDeque<Expr> queue = new ArrayDeque<>(firstNamed);
        Set<Expr> covered = new HashSet<>();
        while (!queue.isEmpty()) {
            Expr.Partial p = (Expr.Partial) queue.poll();
            if (!covered.add(p)) continue;
            Family f = familyOf(p);
            if (f == null) {
                // A recurrence along the numerator (∂h_t/∂W for every t): unrolled into Σ and ∏, guarded there.
                Unroll.Found u = Unroll.along(g, defs, binding, m, p);
                if (u != null) {
                    for (long k = u.lo(); k <= u.hi(); k++) covered.add(Unroll.at(p, k));
                    cases.add(u.general());
                    continue;
                }
            }
            Row.Equation source;
            if (f != null) {
                for (long k = f.lo; k <= f.hi; k++) {
                    if (f.lo2 == null) covered.add(at(p, f.axis, k));
                    else for (long t = f.lo2; t <= f.hi2; t++) covered.add(at2(p, k, t));
                }
                cases.add(f.general);
                source = defs.get(f.lo2 == null ? at(p, f.axis, f.rep) : at2(p, f.rep, f.rep2));
            } else {
                Row.Equation d = defs.get(p);
                plain.add(new Row.Equation(Folder.lift(d.lhs(), m),
                        d.rhs().stream().map(x -> Folder.lift(x, m)).toList(), ""));
                source = d;
            }
            LinkedHashSet<Expr> inner = new LinkedHashSet<>();
            source.rhs().forEach(x -> collectNamed(x, inner));
            for (Expr x : inner) if (!covered.contains(x)) queue.add(x);
        }
    }

    /**
     * A case: values {@code lo..hi} of the denominator's subscript {@code axis}; for a rectangle of a name with two
     * subscripts ({@code ∂L/∂h_{k,t}} for a range of layers and of steps), {@code lo..hi} of the first and
     * {@code lo2..hi2} of the second.
     */
    private record Family(int axis, long lo, long hi, long rep, Long lo2, Long hi2, long rep2, Symbolic.Case general) {
        Family(int axis, long lo, long hi, long rep, Symbolic.Case general) { this(axis, lo, hi, rep, null, null, 0, general); }
    }

    /** The case covering {@code p}: its own stretch if that is of symbolic length, else a neighbour's. */
    private Family familyOf(Expr.Partial p) {
        long[] idx = Folder.indices(p.denominator());
        if (idx.length == 2) return family2(p);
        Long k = varying(p);
        if (k == null) return null;
        return along(p, 0);
    }

    /** The case along subscript {@code axis} (the others fixed) covering {@code p}, its own or a neighbour's. */
    private Family along(Expr.Partial p, int axis) {
        long k = Folder.indices(p.denominator())[axis];
        long[] own = stretch(p, axis);
        if (symbolic(p, axis, own[0], own[1])) return generalize(p, axis, own[0], own[1]);
        for (long n : new long[] {k + 1, k - 1}) {
            Expr.Partial q = at(p, axis, n);
            if (q == null || !defs.containsKey(q)) continue;
            long[] s = stretch(q, axis);
            if (!symbolic(q, axis, s[0], s[1])) continue;
            Family f = generalize(q, axis, s[0], s[1]);
            if (f.lo <= k && k <= f.hi) return f;
        }
        return null;
    }

    /**
     * A name with two subscripts (layer, step): a rectangle of both, of symbolic size each, whose definitions all
     * have one shape, found from the middle of the stretches through {@code p} (so a corner that differs, such as
     * the last step of the layer a backward skip leaves, does not break the rectangle of the others); else a case
     * along the step with the layer fixed; else none.
     */
    private Family family2(Expr.Partial p) {
        long[] idx = Folder.indices(p.denominator());
        long[] st = stretch(p, 1);
        long[] sn = stretch(p, 0);
        if (symbolic(p, 1, st[0], st[1]) && symbolic(p, 0, sn[0], sn[1])) {
            Expr.Partial mid = at2(p, idx[0], st[0] + (st[1] - st[0]) / 2);
            long[] n2 = stretch(mid, 0);
            Expr.Partial mid2 = at2(p, n2[0] + (n2[1] - n2[0]) / 2, Folder.indices(mid.denominator())[1]);
            long[] t2 = stretch(mid2, 1);
            boolean inside = n2[0] <= idx[0] && idx[0] <= n2[1] && t2[0] <= idx[1] && idx[1] <= t2[1];
            if (inside && symbolic(p, 0, n2[0], n2[1]) && symbolic(p, 1, t2[0], t2[1])) {
                Family f = rectangle(p, n2, t2);
                if (f != null) return f;
            }
        }
        if (symbolic(p, 1, st[0], st[1])) return along(p, 1);
        return null;
    }

    private Family rectangle(Expr.Partial p, long[] n, long[] t) {
        String s = shape(at2(p, n[0], t[0]));
        for (long a = n[0]; a <= n[1]; a++) {
            for (long b = t[0]; b <= t[1]; b++) {
                Expr.Partial c = at2(p, a, b);
                if (c == null || !defs.containsKey(c) || !shape(c).equals(s)) return null;
            }
        }
        Expr.Var d = p.denominator();
        long rn = awayFromAnchors(d.base(), 0, n[0], n[1]), rt = awayFromAnchors(d.base(), 1, t[0], t[1]);
        String second = second();
        Mapper mk = m.with(free, rn).with(second, rt);
        Expr.Partial pr = at2(p, rn, rt);
        Expr lhs = Folder.lift(pr, mk);
        List<Expr> rhs = defs.get(pr).rhs().stream().map(x -> Folder.lift(x, mk)).toList();
        for (long a = n[0]; a <= n[1]; a++) {
            for (long b = t[0]; b <= t[1]; b++) {
                Map<String, Long> env = new HashMap<>(binding);
                env.put(free, a);
                env.put(second, b);
                if (!matchesAt(lhs, rhs, at2(p, a, b), env)) {
                    throw new Symbolic.CannotGeneralize("the definition of " + describe(at2(p, a, b))
                            + " does not follow the general one for " + describe(pr));
                }
            }
        }
        Symbolic.Case c = new Symbolic.Case(free, range(d.base(), 0, 2, free, n[0], n[1]), lhs, rhs,
                m.map(d.base(), 0, 2, n[0]), m.map(d.base(), 0, 2, n[1]), second,
                range(d.base(), 1, 2, second, t[0], t[1]), m.map(d.base(), 1, 2, t[0]), m.map(d.base(), 1, 2, t[1]));
        return new Family(0, n[0], n[1], rn, t[0], t[1], rt, c);
    }

    /** The second free index of a rectangle: the step, {@code t} as textbooks write it, unless taken. */
    private String second() {
        for (String s : List.of("t", "s", "j", "i", "r")) if (!binding.containsKey(s) && !s.equals(free)) return s;
        return free + "'";
    }

    /**
     * A value of {@code lo..hi} as far as possible from every anchor of the subscript's dimension: the free index
     * is written there, so {@code k-1} must not read as {@code p} when the stretch {@code 1..q-1} has {@code p} at
     * its middle.
     */
    private long awayFromAnchors(String base, int axis, long lo, long hi) {
        long best = lo + (hi - lo) / 2, bestD = -1;
        for (long v = lo; v <= hi; v++) {
            Linear l = m.map(base, axis, 2, v);
            long dist = Math.abs(l.constant());
            if (l.isConstant()) dist = Math.abs(v);
            if (dist > bestD) { bestD = dist; best = v; }
        }
        return best;
    }

    /** The denominator's single index, the one a case varies; null when the factor is not of that form. */
    private static Long varying(Expr.Partial p) {
        long[] idx = Folder.indices(p.denominator());
        return idx.length == 1 ? idx[0] : null;
    }

    /** {@code p} with its denominator's index set to {@code k}; null when no such node exists. */
    private Expr.Partial at(Expr.Partial p, long k) {
        return at(p, 0, k);
    }

    /** {@code p} with its denominator's subscript {@code axis} set to {@code k}; null when no such node exists. */
    private Expr.Partial at(Expr.Partial p, int axis, long k) {
        long[] idx = Folder.indices(p.denominator()).clone();
        idx[axis] = k;
        return withIndices(p, idx);
    }

    private Expr.Partial at2(Expr.Partial p, long a, long b) {
        return withIndices(p, new long[] {a, b});
    }

    private Expr.Partial withIndices(Expr.Partial p, long[] idx) {
        Expr.Var d = p.denominator();
        List<Long> ids = new ArrayList<>();
        List<Linear> ls = new ArrayList<>();
        for (long x : idx) { ids.add(x); ls.add(io.github.gradpath.derive.Exprs.constant(x)); }
        if (g.id(new NodeId(d.base(), ids)) == null) return null;
        return new Expr.Partial(p.numerator(), new Expr.Var(d.base(), ls, d.role()));
    }

    private String shape(Expr p) {
        return shapeCache.computeIfAbsent(p, x -> Shapes.ofDefinition(defs.get(x), defs));
    }

    /** The contiguous values of subscript {@code axis} whose definitions have {@code p}'s shape. */
    private long[] stretch(Expr.Partial p, int axis) {
        long k = Folder.indices(p.denominator())[axis];
        String s = shape(p);
        long lo = k, hi = k;
        while (true) {
            Expr.Partial q = at(p, axis, lo - 1);
            if (q == null || !defs.containsKey(q) || !shape(q).equals(s)) break;
            lo--;
        }
        while (true) {
            Expr.Partial q = at(p, axis, hi + 1);
            if (q == null || !defs.containsKey(q) || !shape(q).equals(s)) break;
            hi++;
        }
        return new long[] {lo, hi};
    }

    private boolean symbolic(Expr.Partial p, int axis, long lo, long hi) {
        String b = p.denominator().base();
        int n = Folder.indices(p.denominator()).length;
        return !m.map(b, axis, n, hi).plus(m.map(b, axis, n, lo), -1).isConstant();
    }

    private Family generalize(Expr.Partial p, int axis, long lo, long hi) {
        int arity = Folder.indices(p.denominator()).length;
        String base = p.denominator().base();
        long rep = arity == 1 ? lo + (hi - lo) / 2 : awayFromAnchors(base, axis, lo, hi);
        Mapper mk = m.with(free, rep);
        Expr.Partial pr = at(p, axis, rep);
        Expr lhs = Folder.lift(pr, mk);
        List<Expr> rhs = defs.get(pr).rhs().stream().map(x -> Folder.lift(x, mk)).toList();
        for (long k = lo; k <= hi; k++) {
            if (!matches(lhs, rhs, at(p, axis, k), k)) {
                throw new Symbolic.CannotGeneralize("the definition of " + describe(at(p, axis, k))
                        + " does not follow the general one for " + describe(pr));
            }
        }
        // Neighbours whose own stretch is a single value may be the formula's degenerate case.
        while (absorbable(p, axis, lo - 1, -1) && matches(lhs, rhs, at(p, axis, lo - 1), lo - 1)) lo--;
        while (absorbable(p, axis, hi + 1, +1) && matches(lhs, rhs, at(p, axis, hi + 1), hi + 1)) hi++;
        Symbolic.Case c = new Symbolic.Case(free, range(base, axis, arity, free, lo, hi), lhs,
                rhs, m.map(base, axis, arity, lo), m.map(base, axis, arity, hi));
        return new Family(axis, lo, hi, rep, c);
    }

    private boolean absorbable(Expr.Partial p, int axis, long k, int dir) {
        Expr.Partial q = at(p, axis, k);
        if (q == null) return false;
        if (!defs.containsKey(q)) return isEdge(q);
        Expr.Partial beyond = at(p, axis, k + dir);
        return beyond == null || !defs.containsKey(beyond) || !shape(beyond).equals(shape(q));
    }

    private boolean isEdge(Expr.Partial q) {
        Integer a = g.id(nodeOf(q.numerator())), b = g.id(nodeOf(q.denominator()));
        return a != null && b != null && g.hasEdge(a, b);
    }

    private static NodeId nodeOf(Expr.Var v) {
        List<Long> idx = new ArrayList<>();
        for (long x : Folder.indices(v)) idx.add(x);
        return new NodeId(v.base(), idx);
    }

    /** Whether the general formula at {@code k} is exactly what the core wrote for {@code concrete}. */
    private boolean matches(Expr lhs, List<Expr> rhs, Expr.Partial concrete, long k) {
        try {
            return matchesOrThrow(lhs, rhs, concrete, k);
        } catch (Folder.NoReading e) {
            return false;
        }
    }

    private boolean matchesOrThrow(Expr lhs, List<Expr> rhs, Expr.Partial concrete, long k) {
        Map<String, Long> env = new HashMap<>(binding);
        env.put(free, k);
        return matchesEnv(lhs, rhs, concrete, env);
    }

    private boolean matchesAt(Expr lhs, List<Expr> rhs, Expr.Partial concrete, Map<String, Long> env) {
        try {
            return matchesEnv(lhs, rhs, concrete, env);
        } catch (Folder.NoReading e) {
            return false;
        }
    }

    private boolean matchesEnv(Expr lhs, List<Expr> rhs, Expr.Partial concrete, Map<String, Long> env) {
        // Compared as written: roles other than the loss (input x_0 vs node x_1) do not change the text.
        String l = Latex.expr(Folder.eval(lhs, env));
        if (!l.equals(Latex.expr(concrete))) return false;
        List<String> got = new ArrayList<>();
        for (Expr r : rhs) {
            String x = Latex.expr(Folder.eval(r, env));
            if (!x.equals(l) && !got.contains(x)) got.add(x);
        }
        Row.Equation d = defs.get(concrete);
        List<String> want = d == null ? List.of() : d.rhs().stream().map(Latex::expr).toList();
        return got.equals(want);
    }

    private String range(String base, int axis, int arity, String variable, long lo, long hi) {
        String a = Mapper.tex(m.map(base, axis, arity, lo)), b = Mapper.tex(m.map(base, axis, arity, lo + 1));
        String z = Mapper.tex(m.map(base, axis, arity, hi));
        return variable + "=" + a + ", " + b + ", \\cdots, " + z;
    }

    private String describe(Expr.Partial p) {
        Expr r = Folder.lift(p, m);
        return Latex.expr(Objects.requireNonNull(r));
    }
}
