package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.MatrixForm;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Row;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.render.Latex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named weight factor {@code ∂h_T/∂W} (a vector's derivative by a matrix: a tensor, no matrix) replaced by its
 * definition, so that the weight gradient it stands in can be written as matrices, one term per use of W.
 *
 * <p>Where: the factored form of a recurrence whose loss sits at the last step ({@code ∂L/∂W = ∂L/∂h_T ×
 * ∂h_T/∂W}, the case {@code ∂h_t/∂W = ∂h_t/∂W|direct + Σ_{i=1}^{t-1} (∏_{j=i+1}^{t} ∂h_j/∂h_{j-1}) ×
 * ∂h_i/∂W|direct}). {@link #general} substitutes the case at {@code t = T} and distributes the prefix over its
 * terms and into the Σ body, which gives d2l §9.7's
 * {@code ∂L/∂h_T × ∂h_T/∂W|direct + Σ_{i=1}^{T-1} ∂L/∂h_T × (∏ ...) × ∂h_i/∂W|direct}; the expander then writes
 * each {@code ∂h_i/∂W|direct} as its use. {@link #concrete} does the same to a concrete derivation (the guard's
 * reference), from its own definition rows, without any Σ or ∏.
 */
final class WeightInline {
    private WeightInline() {}

    /** At most this many terms in a concrete row inlined (the guard's witnesses need far fewer). */
    private static final int MAX_TERMS = 1_000_000;

    /**
     * {@code rhs} with every term {@code prefix × ∂u/∂W} whose factor has a definition row in {@code rows}
     * ({@code ∂z_T/∂W = ∂z_T/∂W|direct + ∂z_T/∂h_{T-1} × ∂h_{T-1}/∂W}, a two-node step) or a case of one index
     * ({@code ∂h_t/∂W}, t in range at {@code env}) replaced by that row or the case at that index, distributed,
     * until no term ends in one (a worklist, no recursion; each row is substituted at most once per chain, so a
     * row naming itself is refused, not looped); null when no term has one.
     */
    static Expr general(Expr rhs, List<Symbolic.Case> cases, List<Row> rows, Map<String, Long> env) {
        Map<Expr, Expr> defs = new HashMap<>();
        for (Row r : rows) {
            if (r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Partial p && !p.direct()
                    && p.denominator().role() == Expr.Role.PARAM) defs.put(p, eq.rhs().get(eq.rhs().size() - 1));
        }
        ArrayDeque<Pending> todo = new ArrayDeque<>();
        for (Expr t : rhs instanceof Expr.Sum s ? s.terms() : List.of(rhs)) todo.addLast(new Pending(factors(t), Set.of()));
        List<Expr> out = new ArrayList<>();
        boolean any = false;
        while (!todo.isEmpty()) {
            Pending t = todo.pollFirst();
            List<Expr> fs = t.factors();
            Expr last = fs.get(fs.size() - 1);
            Expr row = fs.size() < 2 ? null : defs.get(last);
            if (row != null) {
                if (t.used().contains(last)) throw new SymbolicExpander.CannotExpand("`" + Latex.expr(last) + "` is defined through itself");
                any = true;
                Set<Expr> used = new HashSet<>(t.used());
                used.add(last);
                List<Expr> ts = row instanceof Expr.Sum s ? s.terms() : List.of(row);
                for (int i = ts.size() - 1; i >= 0; i--) {
                    List<Expr> next = new ArrayList<>(fs.subList(0, fs.size() - 1));
                    next.addAll(factors(ts.get(i)));
                    todo.addFirst(new Pending(next, Set.copyOf(used)));
                }
                continue;
            }
            Expr def = fs.size() < 2 ? null : definition(last, cases, env);
            if (def == null) {
                out.add(fs.size() == 1 ? fs.get(0) : new Expr.Product(fs));
                continue;
            }
            any = true;
            List<Expr> prefix = fs.subList(0, fs.size() - 1);
            Set<String> free = new HashSet<>();
            for (Expr f : prefix) indices(f, free);
            for (Expr d : def instanceof Expr.Sum s ? s.terms() : List.of(def)) {
                if (d instanceof Expr.SumOver so) {
                    if (free.contains(so.index())) {
                        throw new SymbolicExpander.CannotExpand("the index `" + so.index() + "` of a \\sum is used before it");
                    }
                    out.add(new Expr.SumOver(so.index(), so.from(), so.to(), times(prefix, so.body())));
                } else {
                    out.add(times(prefix, d));
                }
            }
        }
        if (!any) return null;
        return out.size() == 1 ? out.get(0) : new Expr.Sum(out);
    }

    /** A term's factors still to substitute, and the definition rows already substituted on its way. */
    private record Pending(List<Expr> factors, Set<Expr> used) {}

    private static Expr times(List<Expr> prefix, Expr last) {
        List<Expr> fs = new ArrayList<>(prefix);
        fs.add(last);
        return MatrixForm.times(fs);
    }

    /** The case defining {@code f} (a total {@code ∂h_T/∂W}), at f's index; null if none. */
    private static Expr definition(Expr f, List<Symbolic.Case> cases, Map<String, Long> env) {
        if (!(f instanceof Expr.Partial p) || p.direct() || p.denominator().role() != Expr.Role.PARAM
                || p.numerator().indices().size() != 1) return null;
        Linear at = p.numerator().indices().get(0);
        Long value = at.eval(env);
        if (value == null) return null;
        for (Symbolic.Case c : cases) {
            if (c.variable2() != null || !(c.lhs() instanceof Expr.Partial q) || q.direct()
                    || !q.denominator().equals(p.denominator()) || !q.numerator().base().equals(p.numerator().base())
                    || !q.numerator().label().equals(p.numerator().label()) || q.numerator().indices().size() != 1
                    || !q.numerator().indices().get(0).equals(Linear.symbol(c.variable(), Pos.NONE))) continue;
            Long lo = c.from().eval(env), hi = c.to().eval(env);
            if (lo == null || hi == null || value < lo || value > hi) continue;
            Expr rhs = c.rhs().get(c.rhs().size() - 1);
            // `at` naming a Σ's or ∏'s own index (a network index called i) would be captured by it: not written
            for (String bound : bound(rhs)) {
                if (at.coeffs().containsKey(bound)) throw new SymbolicExpander.CannotExpand("the index `" + bound + "` is bound inside the case of `" + Latex.expr(q) + "`");
            }
            return substitute(rhs, c.variable(), at);
        }
        return null;
    }

    /** The indices bound by a Σ or ∏ in {@code e}. */
    private static Set<String> bound(Expr e) {
        Set<String> out = new HashSet<>();
        ArrayDeque<Expr> stack = new ArrayDeque<>();
        stack.push(e);
        while (!stack.isEmpty()) {
            Expr x = stack.pop();
            if (x instanceof Expr.SumOver so) { out.add(so.index()); stack.push(so.body()); }
            else if (x instanceof Expr.ProductOver po) { out.add(po.index()); stack.push(po.body()); }
            else if (x instanceof Expr.Sum s) s.terms().forEach(stack::push);
            else if (x instanceof Expr.Product p) p.factors().forEach(stack::push);
        }
        return out;
    }

    /** Every symbol in the subscripts of {@code e}'s variables. */
    private static void indices(Expr e, Set<String> out) {
        SymbolicExpander.mapVars(e, v -> {
            for (Linear l : v.indices()) out.addAll(l.coeffs().keySet());
            return v;
        });
    }

    /** {@code e} with {@code var} replaced by {@code by}, in subscripts and in the bounds of Σ, ∏ and runs. */
    static Expr substitute(Expr e, String var, Linear by) {
        if (e instanceof Expr.SumOver s) {
            return new Expr.SumOver(s.index(), sub(s.from(), var, by), sub(s.to(), var, by), substitute(s.body(), var, by));
        }
        if (e instanceof Expr.ProductOver s) {
            return new Expr.ProductOver(s.index(), sub(s.from(), var, by), sub(s.to(), var, by), substitute(s.body(), var, by));
        }
        if (e instanceof Expr.Run r) {
            return new Expr.Run(substitute(r.first(), var, by), r.step(), sub(r.count(), var, by), r.showLast());
        }
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(t -> substitute(t, var, by)).toList());
        if (e instanceof Expr.Product p) return new Expr.Product(p.factors().stream().map(t -> substitute(t, var, by)).toList());
        return SymbolicExpander.substitute(e, var, by);
    }

    private static Linear sub(Linear l, String var, Linear by) {
        Long c = l.coeffs().get(var);
        return c == null ? l : l.plus(Linear.symbol(var, Pos.NONE), -c).plus(by.times(c), 1);
    }

    /**
     * The guard's reference: every gradient row's term {@code prefix × ∂u/∂W} whose factor has a definition row
     * in {@code d} replaced by that definition (its last right-hand side), distributed, until none is left. Term
     * order: each definition's terms in place of the factor, in their order.
     */
    static Derivation concrete(Derivation d) {
        Map<Expr, Expr> defs = new HashMap<>();
        for (Row r : d.definitions()) {
            if (r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Partial p && p.denominator().role() == Expr.Role.PARAM) {
                defs.put(p, eq.rhs().get(eq.rhs().size() - 1));
            }
        }
        if (defs.isEmpty()) return d;
        List<Row> rows = new ArrayList<>();
        for (Row r : d.gradients()) {
            if (!(r instanceof Row.Equation eq)) { rows.add(r); continue; }
            rows.add(new Row.Equation(eq.lhs(), eq.rhs().stream().map(e -> inline(e, defs)).toList(), eq.condition()));
        }
        return new Derivation(d.network(), d.form(), rows, d.definitions());
    }

    private static Expr inline(Expr e, Map<Expr, Expr> defs) {
        ArrayDeque<List<Expr>> todo = new ArrayDeque<>();
        for (Expr t : e instanceof Expr.Sum s ? s.terms() : List.of(e)) todo.addLast(factors(t));
        List<Expr> out = new ArrayList<>();
        boolean any = false;
        while (!todo.isEmpty()) {
            List<Expr> fs = todo.pollFirst();
            Expr def = fs.size() < 2 ? null : defs.get(fs.get(fs.size() - 1));
            if (def == null) {
                out.add(fs.size() == 1 ? fs.get(0) : new Expr.Product(fs));
                if (out.size() > MAX_TERMS) throw new SymbolicExpander.CannotExpand("a weight gradient of more than " + MAX_TERMS + " terms");
                continue;
            }
            any = true;
            List<Expr> ts = def instanceof Expr.Sum s ? s.terms() : List.of(def);
            for (int i = ts.size() - 1; i >= 0; i--) {
                List<Expr> next = new ArrayList<>(fs.subList(0, fs.size() - 1));
                next.addAll(factors(ts.get(i)));
                todo.addFirst(next);
            }
        }
        if (!any) return e;
        return out.size() == 1 ? out.get(0) : new Expr.Sum(out);
    }

    private static List<Expr> factors(Expr t) {
        return t instanceof Expr.Product p ? p.factors() : List.of(t);
    }
}
