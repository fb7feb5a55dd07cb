package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Exprs;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.render.Latex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A named factor whose numerator moves along a recurrence, {@code ∂h_t/∂W} for {@code t = 1..T}: the core defines
 * each by the one before ({@code ∂h_t/∂W = ∂h_t/∂W|direct + ∂h_t/∂h_{t-1} × ∂h_{t-1}/∂W}), a chain whose length
 * grows with {@code T}, so its rows cannot be written one by one at symbolic length. Here the chain is unrolled
 * (every named factor of it substituted, products distributed over sums) and folded as d2l §9.7 writes it:
 * {@code ∂h_t/∂W = ∂h_t/∂W|direct + \sum_{i=1}^{t-1} (\prod_{j=i+1}^{t} ∂h_j/∂h_{j-1}) ∂h_i/∂W|direct}, one case
 * for every {@code t}.
 *
 * <p>Guard, as for every fold: the general formula, expanded at every {@code t} of its range (each Σ and ∏ at
 * every value of its bound index), must give exactly the core's unrolled definition at that {@code t}, term for
 * term (a sum's terms commute, a product's factors do not, so terms are compared as a multiset of products in
 * their written order). Anything else (a second recurrence in a term, a named factor left after unrolling, a
 * chain that is not single steps) is not folded here, and the caller goes on as before.
 *
 * <p>Recursion follows the nesting of one definition; the chain itself is walked in loops.
 */
final class Unroll {

    /** The case, and the numerator indices {@code lo..hi} it covers. */
    record Found(Symbolic.Case general, long lo, long hi) {}

    /** Unrolled definitions with more terms than this are not folded (the chain is then far from a textbook's). */
    private static final int MAX_TERMS = 20_000;

    private final ComputationGraph g;
    private final Map<Expr, Row.Equation> defs;
    private final Map<String, Long> binding;
    private final Mapper m;
    private final Expr.Partial p;
    private final String base;

    private Unroll(ComputationGraph g, Map<Expr, Row.Equation> defs, Map<String, Long> binding, Mapper m,
                   Expr.Partial p) {
        this.g = g;
        this.defs = defs;
        this.binding = binding;
        this.m = m;
        this.p = p;
        this.base = p.numerator().base();
    }

    /**
     * The case along {@code p}'s numerator, or null when {@code p} is not a recurrence of symbolic length that folds
     * (then nothing changes).
     */
    static Found along(ComputationGraph g, Map<Expr, Row.Equation> defs, Map<String, Long> binding, Mapper m,
                       Expr.Partial p) {
        if (p.direct() || Folder.indices(p.numerator()).length != 1 || !defs.containsKey(p)) return null;
        return new Unroll(g, defs, binding, m, p).find();
    }

    /** {@code p} with its numerator's index set to {@code k}. */
    static Expr.Partial at(Expr.Partial p, long k) {
        Expr.Var n = p.numerator();
        return new Expr.Partial(new Expr.Var(n.base(), List.of(Exprs.constant(k)), n.label(), n.role()),
                p.denominator());
    }

    private Found find() {
        long k = Folder.indices(p.numerator())[0];
        long lo = k, hi = k;
        while (member(lo - 1)) lo--;
        while (member(hi + 1)) hi++;
        if (m.map(base, 0, 1, hi).plus(m.map(base, 0, 1, lo), -1).isConstant()) return null;
        long rep = lo + (hi - lo) / 2;
        String t = pick(List.of("t", "s", "k", "r"), List.of());
        String i = pick(List.of("i", "m", "u"), List.of(t));
        String j = pick(List.of("j", "l", "v"), List.of(t, i));
        Mapper mt = m.with(t, rep);
        List<List<Expr>> terms = terms(rep);
        if (terms == null) return null;
        Expr general = fold(terms, rep, mt, i, j);
        if (general == null) return null;
        for (long x = lo; x <= hi; x++) {
            Map<String, Long> env = new HashMap<>(binding);
            env.put(t, x);
            if (!expandsTo(general, env, terms(x))) return null;
        }
        Expr lhs = Folder.lift(at(p, rep), mt);
        String range = t + "=" + Mapper.tex(m.map(base, 0, 1, lo)) + ", " + Mapper.tex(m.map(base, 0, 1, lo + 1))
                + ", \\cdots, " + Mapper.tex(m.map(base, 0, 1, hi));
        return new Found(new Symbolic.Case(t, range, lhs, List.of(general), m.map(base, 0, 1, lo),
                m.map(base, 0, 1, hi)), lo, hi);
    }

    private String pick(List<String> wanted, List<String> taken) {
        for (String s : wanted) if (!binding.containsKey(s) && !taken.contains(s)) return s;
        return wanted.get(0) + "'";
    }

    /** {@code ∂h_k/∂W} is defined, or is a single edge (the chain's start, {@code ∂h_1/∂W}). */
    private boolean member(long k) {
        Expr.Partial q = at(p, k);
        return g.id(new NodeId(base, List.of(k))) != null && (defs.containsKey(q) || leafEdge(q));
    }

    /**
     * {@code q} is not defined and is one edge, the only route from its numerator to its denominator: its total is
     * that edge's Jacobian, so it may be written {@code |direct}. (A factor the core leaves undefined is not always
     * one route: it may be substituted inline in a longer form of the definition that uses it.)
     */
    private boolean leafEdge(Expr.Partial q) {
        if (q.direct() || defs.containsKey(q)) return false;
        Integer a = g.id(node(q.numerator())), b = g.id(node(q.denominator()));
        if (a == null || b == null || !g.hasEdge(a, b)) return false;
        for (int c : g.children(a)) if (c != b && reaches(c, b)) return false;
        return true;
    }

    /** Whether {@code from} uses {@code to}, directly or through other nodes (a walk with a stack, no recursion). */
    private boolean reaches(int from, int to) {
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        stack.push(from);
        while (!stack.isEmpty()) {
            int x = stack.pop();
            if (x == to) return true;
            if (!seen.add(x)) continue;
            for (int c : g.children(x)) stack.push(c);
        }
        return false;
    }

    private static NodeId node(Expr.Var v) {
        List<Long> idx = new ArrayList<>();
        for (long x : Folder.indices(v)) idx.add(x);
        return new NodeId(v.base(), idx, v.label());
    }

    /**
     * The definition of {@code ∂h_k/∂W} unrolled: a sum of products, with every named factor into the same weight
     * ({@code ∂h_m/∂W}, {@code ∂z_m/∂W}) substituted by its definition (its last form). The graph has no cycle, so
     * this ends. A factor the core writes without a definition and that is a
     * single edge is written {@code |direct}: with no other path its total is that edge's Jacobian, and so the chain's
     * start reads like every other step. Null when a named factor of another kind is left, or when too big.
     */
    private List<List<Expr>> terms(long k) {
        Expr.Partial start = at(p, k);
        if (!defs.containsKey(start)) return leafEdge(start) ? List.of(List.of(direct(start))) : null;
        List<List<Expr>> out = new ArrayList<>();
        ArrayDeque<List<Expr>> work = new ArrayDeque<>();
        work.push(List.of(start));
        while (!work.isEmpty()) {
            List<Expr> term = work.pop();
            int at = -1;
            for (int x = 0; x < term.size() && at < 0; x++) if (chainNamed(term.get(x))) at = x;
            if (at < 0) {
                List<Expr> done = new ArrayList<>(term.size());
                for (Expr f : term) {
                    if (f instanceof Expr.Partial q && defs.containsKey(q)) return null;
                    done.add(f instanceof Expr.Partial q && q.denominator().equals(p.denominator()) && leafEdge(q)
                            ? direct(q) : f);
                }
                out.add(done);
                if (out.size() > MAX_TERMS) return null;
                continue;
            }
            // The last form: the core's most substituted one, every factor it uses either named or a single edge.
            List<Expr> forms = defs.get(term.get(at)).rhs();
            List<List<Expr>> inner = flatten(forms.get(forms.size() - 1));
            if (inner == null || work.size() + inner.size() > MAX_TERMS) return null;
            for (int x = inner.size() - 1; x >= 0; x--) {
                List<Expr> next = new ArrayList<>(term.subList(0, at));
                next.addAll(inner.get(x));
                next.addAll(term.subList(at + 1, term.size()));
                work.push(next);
            }
        }
        return out;
    }

    private boolean chainNamed(Expr f) {
        // Any named factor into the same weight: a step may pass through other nodes (z_t, then h_t).
        return f instanceof Expr.Partial q && !q.direct() && q.denominator().equals(p.denominator())
                && defs.containsKey(q);
    }

    private static Expr.Partial direct(Expr.Partial q) {
        return new Expr.Partial(q.numerator(), q.denominator(), true);
    }

    /** A sum of products of factors, products distributed over sums; null for a node that is neither. */
    private static List<List<Expr>> flatten(Expr e) {
        if (e instanceof Expr.Sum s) {
            List<List<Expr>> out = new ArrayList<>();
            for (Expr t : s.terms()) {
                List<List<Expr>> x = flatten(t);
                if (x == null) return null;
                out.addAll(x);
            }
            return out;
        }
        if (e instanceof Expr.Product pr) {
            List<List<Expr>> out = new ArrayList<>();
            out.add(List.of());
            for (Expr f : pr.factors()) {
                List<List<Expr>> x = flatten(f);
                if (x == null) return null;
                List<List<Expr>> next = new ArrayList<>();
                for (List<Expr> a : out) {
                    for (List<Expr> b : x) {
                        List<Expr> c = new ArrayList<>(a);
                        c.addAll(b);
                        next.add(c);
                    }
                }
                out = next;
                if (out.size() > MAX_TERMS) return null;
            }
            return out;
        }
        if (e instanceof Expr.One) return List.of(List.of());
        if (e instanceof Expr.Zero) return List.of();
        if (e instanceof Expr.Partial) return List.of(List.of(e));
        return null;
    }

    /**
     * The unrolled terms at {@code rep} as {@code rest + \sum_i (\prod_j step_j) tail_i}: each term led by a run of
     * steps down from the same top, the rest of it (the tail) moving down by one as the run grows by one step; terms
     * with no step are written out before the Σ. A step is a block of factors that recurs shifted by one
     * ({@code ∂h_j/∂h_{j-1}}, or {@code ∂h_j/∂z_j × ∂z_j/∂h_{j-1}} when a step has two nodes), found from the
     * longest term. Null when the terms are not of that form.
     */
    private Expr fold(List<List<Expr>> terms, long rep, Mapper mt, String i, String j) {
        List<Expr> longest = terms.get(0);
        for (List<Expr> t : terms) if (t.size() > longest.size()) longest = t;
        int width = block(longest);
        if (width == 0) return null;
        List<Expr> top = longest.subList(0, width);
        List<Expr> outside = new ArrayList<>();
        Map<Integer, Expr> tails = new HashMap<>();
        for (List<Expr> term : terms) {
            int len = steps(term, top);
            if (len == 0) {
                outside.add(Folder.lift(product(term), mt));
                continue;
            }
            if (len * width == term.size()) return null;
            if (tails.put(len, product(term.subList(len * width, term.size()))) != null) return null;
        }
        int n = tails.size();
        if (n < 2) return null;
        for (int len = 1; len <= n; len++) if (!tails.containsKey(len)) return null;
        long[] d = Folder.moves(tails.get(1), tails.get(2));
        if (d == null) return null;
        for (long x : d) if (x > 0) return null;
        for (int len = 2; len < n; len++) {
            if (!java.util.Arrays.equals(Folder.moves(tails.get(len), tails.get(len + 1)), d)) return null;
        }
        int moving = 0;
        while (d[moving] == 0) moving++;
        long high = Folder.values(tails.get(1)).get(moving), low = Folder.values(tails.get(n)).get(moving);
        Folder.Slot slot = Folder.slots(tails.get(1)).get(moving);
        long topIndex = Folder.indices(((Expr.Partial) top.get(0)).numerator())[0];
        Expr step = product(top);
        long[] all = new long[Folder.values(step).size()];
        java.util.Arrays.fill(all, 1);
        Expr body = Folder.relative(step, j, topIndex, all, mt);
        Expr.ProductOver chain = new Expr.ProductOver(j, new Linear(topIndex - high, Map.of(i, 1L), Pos.NONE),
                mt.map(base, 0, 1, topIndex), body);
        Expr tail = Folder.relative(tails.get(1), i, high, d, mt);
        List<Expr> fs = new ArrayList<>();
        fs.add(chain);
        if (tail instanceof Expr.Product tp) fs.addAll(tp.factors());
        else fs.add(tail);
        Expr sum = new Expr.SumOver(i, mt.map(slot.base(), slot.position(), slot.arity(), low),
                mt.map(slot.base(), slot.position(), slot.arity(), high), new Expr.Product(fs));
        if (outside.isEmpty()) return sum;
        List<Expr> out = new ArrayList<>(outside);
        out.add(sum);
        return new Expr.Sum(out);
    }

    /**
     * The width of the step that leads {@code term}: the least {@code w} such that the factors from {@code w} on
     * repeat the first {@code w} shifted down by one, the first a Jacobian of the recurring node
     * ({@code ∂h_t/∂...}) and the last one into its previous step ({@code ∂.../∂h_{t-1}}); 0 when there is none.
     */
    private int block(List<Expr> term) {
        if (term.isEmpty() || !(term.get(0) instanceof Expr.Partial first) || first.direct()
                || !first.numerator().base().equals(base) || first.numerator().indices().size() != 1) return 0;
        long top = Folder.indices(first.numerator())[0];
        for (int w = 1; 2 * w <= term.size(); w++) {
            if (!(term.get(w - 1) instanceof Expr.Partial last) || last.direct()) continue;
            long[] dn = Folder.indices(last.denominator());
            if (!last.denominator().base().equals(base) || dn.length != 1 || dn[0] != top - 1) continue;
            boolean repeats = true;
            for (int x = 0; x < w && repeats; x++) {
                repeats = Long.valueOf(-1).equals(Folder.shift(term.get(x), term.get(x + w)));
            }
            if (repeats) return w;
        }
        return 0;
    }

    /** How many whole steps lead {@code term}: the first {@code top}, each next one shifted down by one more. */
    private static int steps(List<Expr> term, List<Expr> top) {
        int w = top.size(), len = 0;
        while ((len + 1) * w <= term.size()) {
            boolean same = true;
            for (int x = 0; x < w && same; x++) {
                Expr f = term.get(len * w + x);
                same = len == 0 ? f.equals(top.get(x)) : Long.valueOf(-len).equals(Folder.shift(top.get(x), f));
            }
            if (!same) break;
            len++;
        }
        return len;
    }

    private static Expr product(List<Expr> fs) {
        return fs.size() == 1 ? fs.get(0) : new Expr.Product(fs);
    }

    /** The guard: {@code general} at {@code env} is the sum of exactly {@code want}'s products. */
    private static boolean expandsTo(Expr general, Map<String, Long> env, List<List<Expr>> want) {
        if (want == null) return false;
        Expr x;
        try {
            x = Exprs.at(general, env);
        } catch (Exprs.NoReading | Exprs.Unbound e) {
            return false;
        }
        List<Expr> got = x instanceof Expr.Sum s ? s.terms() : x instanceof Expr.Zero ? List.of() : List.of(x);
        List<String> a = new ArrayList<>(), b = new ArrayList<>();
        for (Expr e : got) a.add(Latex.expr(e));
        for (List<Expr> fs : want) b.add(fs.isEmpty() ? "1" : Latex.expr(product(fs)));
        a.sort(null);
        b.sort(null);
        return a.equals(b);
    }
}
