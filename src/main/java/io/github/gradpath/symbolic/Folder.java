package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Between concrete expressions (from the core {@code Deriver} at a witness) and symbolic ones: {@link #lift} maps
 * subscripts back to symbols and folds runs of factors that differ only by a uniform index shift; {@link #render}
 * writes runs as {@code first \times \cdots \times last}; {@link #eval} expands a symbolic expression at a binding,
 * which is how a general formula is checked against every concrete instance it claims to stand for.
 *
 * <p>Recursion here follows the nesting of one expression (a product of sums of products), never the length of a
 * product, which is walked in a loop.
 */
final class Folder {
    private Folder() {}

    // ---- concrete -> symbolic ----

    static SymExpr lift(Expr e, Mapper m) {
        if (e instanceof Expr.Var v) return var(v, m);
        if (e instanceof Expr.Partial p) return new SymExpr.D(var(p.numerator(), m), var(p.denominator(), m), p.direct());
        if (e instanceof Expr.Product p) return new SymExpr.Prod(product(p.factors(), m));
        if (e instanceof Expr.Sum s) return new SymExpr.Add(s.terms().stream().map(t -> lift(t, m)).toList());
        if (e instanceof Expr.Zero) return new SymExpr.Zero();
        if (e instanceof Expr.Apply a) return new SymExpr.Ap(var(a.function(), m), lift(a.argument(), m));
        if (e instanceof Expr.Juxtapose j) return new SymExpr.Jx(j.factors().stream().map(t -> lift(t, m)).toList());
        return new SymExpr.One();
    }

    static SymExpr.V var(Expr.Var v, Mapper m) {
        List<Linear> idx = new ArrayList<>();
        for (long x : indices(v)) idx.add(m.map(x));
        return new SymExpr.V(v.base(), idx, v.role());
    }

    /**
     * A run is a maximal stretch of factors each equal to the one before with every subscript shifted by the same
     * step (+1 or -1). It is folded only when its length is symbolic (its ends map to different anchors): a run of
     * fixed length is written out, as a person would.
     */
    private static List<SymExpr> product(List<Expr> fs, Mapper m) {
        List<SymExpr> out = new ArrayList<>();
        int n = fs.size();
        int i = 0;
        while (i < n) {
            Long d = i + 1 < n ? shift(fs.get(i), fs.get(i + 1)) : null;
            int j = i;
            if (d != null && Math.abs(d) == 1) {
                j = i + 1;
                while (j + 1 < n && Objects.equals(shift(fs.get(j), fs.get(j + 1)), d)) j++;
            }
            if (j > i) {
                Linear first = m.map(firstIndex(fs.get(i))), last = m.map(firstIndex(fs.get(j)));
                Linear count = last.plus(first, -1).times(d).plus(Linear.constant(1, Pos.NONE), 1);
                if (!count.isConstant()) {
                    boolean continued = j + 1 < n && continues(fs.get(j), fs.get(j + 1), d);
                    out.add(new SymExpr.Run(lift(fs.get(i), m), d, count, !continued));
                    i = j + 1;
                    continue;
                }
            }
            for (int x = i; x <= j; x++) out.add(lift(fs.get(x), m));
            i = j + 1;
        }
        return out;
    }

    /**
     * The factor after a run continues it when its numerator is the next in the run's numerator sequence
     * ({@code ∂h_{q+2}/∂h_{q+1}} then {@code ∂h_{q+1}/∂w_q}): the eye follows the chain across the dots, so the
     * run's last factor is left inside them, as the chapter writes.
     */
    private static boolean continues(Expr last, Expr next, long d) {
        if (!(last instanceof Expr.Partial a) || !(next instanceof Expr.Partial b)) return false;
        if (!a.numerator().base().equals(b.numerator().base())) return false;
        long[] x = indices(a.numerator()), y = indices(b.numerator());
        if (x.length == 0 || x.length != y.length) return false;
        for (int i = 0; i < x.length; i++) if (y[i] != x[i] + d) return false;
        return true;
    }

    /** The uniform index shift taking {@code a} to {@code b}, or null when they differ otherwise. */
    static Long shift(Expr a, Expr b) {
        StringBuilder sa = new StringBuilder(), sb = new StringBuilder();
        List<Long> ia = new ArrayList<>(), ib = new ArrayList<>();
        signature(a, sa, ia);
        signature(b, sb, ib);
        if (!sa.toString().equals(sb.toString()) || ia.isEmpty() || ia.size() != ib.size()) return null;
        long d = ib.get(0) - ia.get(0);
        if (d == 0) return null;
        for (int i = 1; i < ia.size(); i++) if (ib.get(i) - ia.get(i) != d) return null;
        return d;
    }

    private static void signature(Expr e, StringBuilder sb, List<Long> idx) {
        if (e instanceof Expr.Var v) {
            // Only the loss is written differently (not bold); an input x_0 continues a run of nodes x_l.
            sb.append(v.base()).append(v.role() == Expr.Role.LOSS ? "/L" : "").append('[')
                    .append(indices(v).length).append(']');
            for (long x : indices(v)) idx.add(x);
        } else if (e instanceof Expr.Partial p) {
            sb.append(p.direct() ? "D(" : "d(");
            signature(p.numerator(), sb, idx);
            sb.append(',');
            signature(p.denominator(), sb, idx);
            sb.append(')');
        } else if (e instanceof Expr.Product p) {
            sb.append("*(");
            for (Expr f : p.factors()) { signature(f, sb, idx); sb.append(','); }
            sb.append(')');
        } else if (e instanceof Expr.Sum s) {
            sb.append("+(");
            for (Expr f : s.terms()) { signature(f, sb, idx); sb.append(','); }
            sb.append(')');
        } else {
            sb.append(e.getClass().getSimpleName()).append(e.hashCode());
        }
    }

    private static long firstIndex(Expr e) {
        List<Long> idx = new ArrayList<>();
        signature(e, new StringBuilder(), idx);
        return idx.get(0);
    }

    static long[] indices(Expr.Var v) {
        if (v.subscript().isEmpty()) return new long[0];
        String[] parts = v.subscript().split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                // A label subscript (`w_hh`): folding maps indices to symbols and has no place for a label yet.
                // Said as such rather than exit 3 (found by src/bench/fuzz.sh, issue 13).
                throw new Symbolic.CannotGeneralize("the label `" + v.base() + "_" + v.subscript() + "` in a network"
                        + " with symbolic indices is not supported yet; give it a numeric index or derive a concrete"
                        + " network");
            }
        }
        return out;
    }

    // ---- symbolic -> LaTeX-ready Expr ----

    static Expr render(SymExpr e) {
        if (e instanceof SymExpr.V v) return renderVar(v);
        if (e instanceof SymExpr.D d) return new Expr.Partial(renderVar(d.num()), renderVar(d.den()), d.direct());
        if (e instanceof SymExpr.Prod p) {
            List<Expr> fs = new ArrayList<>();
            for (SymExpr f : p.factors()) {
                if (f instanceof SymExpr.Run r) runFactors(r, fs);
                else fs.add(render(f));
            }
            return fs.size() == 1 ? fs.get(0) : new Expr.Product(fs);
        }
        if (e instanceof SymExpr.Run r) {
            List<Expr> fs = new ArrayList<>();
            runFactors(r, fs);
            return new Expr.Product(fs);
        }
        if (e instanceof SymExpr.Add s) return new Expr.Sum(s.terms().stream().map(Folder::render).toList());
        if (e instanceof SymExpr.Zero) return new Expr.Zero();
        if (e instanceof SymExpr.Ap a) return new Expr.Apply(renderVar(a.function()), render(a.argument()));
        if (e instanceof SymExpr.Jx j) return new Expr.Juxtapose(j.factors().stream().map(Folder::render).toList());
        return new Expr.One();
    }

    private static void runFactors(SymExpr.Run r, List<Expr> out) {
        out.add(render(r.first()));
        out.add(new Expr.Cdots());
        if (r.showLast()) {
            Linear by = r.count().plus(Linear.constant(1, Pos.NONE), -1).times(r.step());
            out.add(render(shift(r.first(), by)));
        }
    }

    static Expr.Var renderVar(SymExpr.V v) {
        StringBuilder sb = new StringBuilder();
        for (Linear l : v.indices()) {
            if (sb.length() > 0) sb.append(',');
            sb.append(Mapper.tex(l));
        }
        return new Expr.Var(v.base(), sb.toString(), v.role());
    }

    /** Every subscript plus {@code by}. */
    private static SymExpr shift(SymExpr e, Linear by) {
        if (e instanceof SymExpr.V v) {
            return new SymExpr.V(v.base(), v.indices().stream().map(l -> l.plus(by, 1)).toList(), v.role());
        }
        if (e instanceof SymExpr.D d) {
            return new SymExpr.D((SymExpr.V) shift(d.num(), by), (SymExpr.V) shift(d.den(), by), d.direct());
        }
        if (e instanceof SymExpr.Prod p) return new SymExpr.Prod(p.factors().stream().map(f -> shift(f, by)).toList());
        if (e instanceof SymExpr.Add s) return new SymExpr.Add(s.terms().stream().map(f -> shift(f, by)).toList());
        if (e instanceof SymExpr.Run r) return new SymExpr.Run(shift(r.first(), by), r.step(), r.count(), r.showLast());
        if (e instanceof SymExpr.Ap a) return new SymExpr.Ap((SymExpr.V) shift(a.function(), by), shift(a.argument(), by));
        if (e instanceof SymExpr.Jx j) return new SymExpr.Jx(j.factors().stream().map(f -> shift(f, by)).toList());
        return e;
    }

    // ---- symbolic -> concrete, at a binding ----

    /**
     * The concrete expression a symbolic one stands for under {@code env}: runs expanded (an empty run vanishes),
     * an identity Jacobian {@code ∂h_p/∂h_p} dropped from its product, exactly as the core writes a product
     * ({@code a} alone when one factor is left, {@code 1} when none).
     */
    static Expr eval(SymExpr e, Map<String, Long> env) {
        if (e instanceof SymExpr.V v) return evalVar(v, env);
        if (e instanceof SymExpr.D d) {
            Expr.Var a = evalVar(d.num(), env), b = evalVar(d.den(), env);
            return a.equals(b) ? new Expr.One() : new Expr.Partial(a, b, d.direct());
        }
        if (e instanceof SymExpr.Prod || e instanceof SymExpr.Run) {
            List<SymExpr> fs = e instanceof SymExpr.Prod p ? p.factors() : List.of(e);
            List<Expr> out = new ArrayList<>();
            for (SymExpr f : fs) {
                if (f instanceof SymExpr.Run r) {
                    long c = Objects.requireNonNull(r.count().eval(env), "unbound count");
                    // A run shorter than empty has no reading: the formula does not hold there.
                    if (c < 0) throw new NoReading();
                    for (long i = 0; i < c; i++) {
                        add(out, eval(shift(r.first(), Linear.constant(i * r.step(), Pos.NONE)), env));
                    }
                } else {
                    add(out, eval(f, env));
                }
            }
            if (out.isEmpty()) return new Expr.One();
            return out.size() == 1 ? out.get(0) : new Expr.Product(out);
        }
        if (e instanceof SymExpr.Add s) return new Expr.Sum(s.terms().stream().map(t -> eval(t, env)).toList());
        if (e instanceof SymExpr.Zero) return new Expr.Zero();
        if (e instanceof SymExpr.Ap a) return new Expr.Apply(evalVar(a.function(), env), eval(a.argument(), env));
        if (e instanceof SymExpr.Jx j) return new Expr.Juxtapose(j.factors().stream().map(t -> eval(t, env)).toList());
        return new Expr.One();
    }

    /** The expression has no meaning at the binding (a run of negative length). */
    static final class NoReading extends RuntimeException {
        NoReading() { super(null, null, false, false); }
    }

    private static void add(List<Expr> out, Expr f) {
        if (!(f instanceof Expr.One)) out.add(f);
    }

    private static Expr.Var evalVar(SymExpr.V v, Map<String, Long> env) {
        StringBuilder sb = new StringBuilder();
        for (Linear l : v.indices()) {
            if (sb.length() > 0) sb.append(',');
            sb.append(Objects.requireNonNull(l.eval(env), "unbound index"));
        }
        return new Expr.Var(v.base(), sb.toString(), v.role());
    }
}
