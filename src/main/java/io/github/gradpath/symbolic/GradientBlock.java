package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Row;
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
            Row.Equation source;
            if (f != null) {
                for (long k = f.lo; k <= f.hi; k++) covered.add(at(p, k));
                cases.add(f.general);
                source = defs.get(at(p, f.rep));
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

    private record Family(long lo, long hi, long rep, Symbolic.Case general) {}

    /** The case covering {@code p}: its own stretch if that is of symbolic length, else a neighbour's. */
    private Family familyOf(Expr.Partial p) {
        Long k = varying(p);
        if (k == null) return null;
        long[] own = stretch(p);
        if (symbolic(own[0], own[1])) return generalize(p, own[0], own[1]);
        for (long n : new long[] {k + 1, k - 1}) {
            Expr.Partial q = at(p, n);
            if (q == null || !defs.containsKey(q)) continue;
            long[] s = stretch(q);
            if (!symbolic(s[0], s[1])) continue;
            Family f = generalize(q, s[0], s[1]);
            if (f.lo <= k && k <= f.hi) return f;
        }
        return null;
    }

    /** The denominator's single index, the one a case varies; null when the factor is not of that form. */
    private static Long varying(Expr.Partial p) {
        long[] idx = Folder.indices(p.denominator());
        return idx.length == 1 ? idx[0] : null;
    }

    /** {@code p} with its denominator's index set to {@code k}; null when no such node exists. */
    private Expr.Partial at(Expr.Partial p, long k) {
        Expr.Var d = p.denominator();
        if (g.id(NodeId.of(d.base(), k)) == null) return null;
        return new Expr.Partial(p.numerator(), new Expr.Var(d.base(), Long.toString(k), d.role()));
    }

    private String shape(Expr p) {
        return shapeCache.computeIfAbsent(p, x -> Shapes.ofDefinition(defs.get(x), defs));
    }

    /** The contiguous values of {@code k} whose definitions have {@code p}'s shape. */
    private long[] stretch(Expr.Partial p) {
        long k = varying(p);
        String s = shape(p);
        long lo = k, hi = k;
        while (true) {
            Expr.Partial q = at(p, lo - 1);
            if (q == null || !defs.containsKey(q) || !shape(q).equals(s)) break;
            lo--;
        }
        while (true) {
            Expr.Partial q = at(p, hi + 1);
            if (q == null || !defs.containsKey(q) || !shape(q).equals(s)) break;
            hi++;
        }
        return new long[] {lo, hi};
    }

    private boolean symbolic(long lo, long hi) {
        return !m.map(hi).plus(m.map(lo), -1).isConstant();
    }

    private Family generalize(Expr.Partial p, long lo, long hi) {
        long rep = lo + (hi - lo) / 2;
        Mapper mk = m.with(free, rep);
        Expr.Partial pr = at(p, rep);
        Expr lhs = Folder.lift(pr, mk);
        List<Expr> rhs = defs.get(pr).rhs().stream().map(x -> Folder.lift(x, mk)).toList();
        for (long k = lo; k <= hi; k++) {
            if (!matches(lhs, rhs, at(p, k), k)) {
                throw new Symbolic.CannotGeneralize("the definition of " + describe(at(p, k))
                        + " does not follow the general one for " + describe(pr));
            }
        }
        // Neighbours whose own stretch is a single value may be the formula's degenerate case.
        while (absorbable(p, lo - 1, -1) && matches(lhs, rhs, at(p, lo - 1), lo - 1)) lo--;
        while (absorbable(p, hi + 1, +1) && matches(lhs, rhs, at(p, hi + 1), hi + 1)) hi++;
        Symbolic.Case c = new Symbolic.Case(free, range(lo, hi), lhs,
                rhs, m.map(lo), m.map(hi));
        return new Family(lo, hi, rep, c);
    }

    private boolean absorbable(Expr.Partial p, long k, int dir) {
        Expr.Partial q = at(p, k);
        if (q == null) return false;
        if (!defs.containsKey(q)) return isEdge(q);
        Expr.Partial beyond = at(p, k + dir);
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

    private String range(long lo, long hi) {
        String a = Mapper.tex(m.map(lo)), b = Mapper.tex(m.map(lo + 1)), z = Mapper.tex(m.map(hi));
        return free + "=" + a + ", " + b + ", \\cdots, " + z;
    }

    private String describe(Expr.Partial p) {
        Expr r = Folder.lift(p, m);
        return Latex.expr(Objects.requireNonNull(r));
    }
}
