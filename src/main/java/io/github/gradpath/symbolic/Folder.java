package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Exprs;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Between concrete expressions (from the core {@code Deriver} at a witness) and symbolic ones: {@link #lift} maps
 * subscripts back to symbols and folds runs of factors that differ only by a uniform index shift (the renderer
 * writes a run as {@code first \times \cdots \times last}); {@link #eval} expands a symbolic expression at a binding,
 * which is how a general formula is checked against every concrete instance it claims to stand for.
 *
 * <p>Recursion here follows the nesting of one expression (a product of sums of products), never the length of a
 * product, which is walked in a loop.
 */
final class Folder {
    private Folder() {}

    // ---- concrete -> symbolic ----

    static Expr lift(Expr e, Mapper m) {
        if (e instanceof Expr.Var v) return var(v, m);
        if (e instanceof Expr.Partial p) return new Expr.Partial(var(p.numerator(), m), var(p.denominator(), m), p.direct());
        if (e instanceof Expr.Product p) {
            List<Expr> fs = product(p.factors(), m);
            return fs.size() == 1 ? fs.get(0) : new Expr.Product(fs);
        }
        if (e instanceof Expr.Sum s) {
            List<Expr> ts = sum(s.terms(), m);
            return ts.size() == 1 && ts.get(0) instanceof Expr.SumOver ? ts.get(0) : new Expr.Sum(ts);
        }
        if (e instanceof Expr.Zero) return new Expr.Zero();
        if (e instanceof Expr.Apply a) return new Expr.Apply(var(a.function(), m), lift(a.argument(), m));
        if (e instanceof Expr.Juxtapose j) return new Expr.Juxtapose(j.factors().stream().map(t -> lift(t, m)).toList());
        return new Expr.One();
    }

    static Expr.Var var(Expr.Var v, Mapper m) {
        List<Linear> idx = new ArrayList<>();
        long[] xs = indices(v);
        for (int i = 0; i < xs.length; i++) idx.add(m.map(v.base(), i, xs.length, xs[i]));
        return new Expr.Var(v.base(), idx, v.label(), v.role());
    }

    /**
     * A stretch of terms each equal to the one before with some subscripts shifted by +1 (or each by -1) and the
     * others fixed, the same ones from term to term, becomes {@code \sum_{t=a}^{b}} of the lowest term with its
     * moving subscripts written from {@code t}, when its length is symbolic; a stretch of fixed length is written
     * out, as a person would. Which subscripts move may differ within a name: in {@code ∂L/∂h_{n,t} ×
     * ∂h_{n,t}/∂w_{n-1}} the step moves and the layer stays.
     */
    private static List<Expr> sum(List<Expr> ts, Mapper m) {
        List<Expr> out = new ArrayList<>();
        int n = ts.size();
        int i = 0;
        while (i < n) {
            long[] d = i + 1 < n ? moves(ts.get(i), ts.get(i + 1)) : null;
            int j = i;
            if (d != null) {
                j = i + 1;
                while (j + 1 < n && java.util.Arrays.equals(moves(ts.get(j), ts.get(j + 1)), d)) j++;
            }
            if (j > i) {
                int at = firstMoving(d);
                boolean up = d[at] > 0;
                Expr low = up ? ts.get(i) : ts.get(j), high = up ? ts.get(j) : ts.get(i);
                Slot slot = slots(low).get(at);
                long lo = values(low).get(at), hi = values(high).get(at);
                Linear from = m.map(slot.base, slot.position, slot.arity, lo);
                Linear to = m.map(slot.base, slot.position, slot.arity, hi);
                if (!to.plus(from, -1).isConstant()) {
                    String t = m.boundName();
                    out.add(new Expr.SumOver(t, from, to, relative(low, t, lo, d, m)));
                    i = j + 1;
                    continue;
                }
            }
            for (int x = i; x <= j; x++) out.add(lift(ts.get(x), m));
            i = j + 1;
        }
        return out;
    }

    /**
     * How each subscript of {@code b} differs from {@code a}'s, when they differ only so: every difference 0 or
     * one common step of +1 or -1, at least one not 0; else null.
     */
    static long[] moves(Expr a, Expr b) {
        StringBuilder sa = new StringBuilder(), sb = new StringBuilder();
        List<Long> ia = new ArrayList<>(), ib = new ArrayList<>();
        signature(a, sa, ia);
        signature(b, sb, ib);
        if (!sa.toString().equals(sb.toString()) || ia.isEmpty() || ia.size() != ib.size()) return null;
        long[] d = new long[ia.size()];
        long step = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = ib.get(i) - ia.get(i);
            if (d[i] == 0) continue;
            if (Math.abs(d[i]) != 1 || step != 0 && d[i] != step) return null;
            step = d[i];
        }
        return step == 0 ? null : d;
    }

    private static int firstMoving(long[] d) {
        for (int i = 0; i < d.length; i++) if (d[i] != 0) return i;
        throw new IllegalArgumentException("no subscript moves");
    }

    /** Where a subscript sits: its name, its position among the name's subscripts, and how many there are. */
    record Slot(String base, int position, int arity) {}

    static List<Slot> slots(Expr e) {
        List<Slot> out = new ArrayList<>();
        walkVars(e, v -> {
            int k = indices(v).length;
            for (int i = 0; i < k; i++) out.add(new Slot(v.base(), i, k));
        });
        return out;
    }

    static List<Long> values(Expr e) {
        List<Long> out = new ArrayList<>();
        signature(e, new StringBuilder(), out);
        return out;
    }

    /** The variables of {@code e} in the order {@link #signature} lists their subscripts. */
    private static void walkVars(Expr e, java.util.function.Consumer<Expr.Var> f) {
        if (e instanceof Expr.Var v) f.accept(v);
        else if (e instanceof Expr.Partial p) { walkVars(p.numerator(), f); walkVars(p.denominator(), f); }
        else if (e instanceof Expr.Product p) for (Expr x : p.factors()) walkVars(x, f);
        else if (e instanceof Expr.Sum s) for (Expr x : s.terms()) walkVars(x, f);
    }

    /**
     * {@code e} (the lowest term) with every moving subscript {@code v} written {@code t + (v - base)}, the fixed
     * ones mapped to symbols: a summand over {@code t}.
     */
    static Expr relative(Expr e, String t, long base, long[] d, Mapper m) {
        List<Slot> slots = slots(e);
        int[] k = {0};
        java.util.function.LongFunction<Linear> f = v -> {
            int at = k[0]++;
            Slot s = slots.get(at);
            if (d[at] == 0) return m.map(s.base, s.position, s.arity, v);
            // Moving subscripts move together: each is the bound index plus its offset from the first one.
            return new Linear(v - base, java.util.Map.of(t, 1L), Pos.NONE);
        };
        return mapIndices(e, f);
    }

    private static Expr mapIndices(Expr e, java.util.function.LongFunction<Linear> f) {
        if (e instanceof Expr.Var v) return mapVar(v, f);
        if (e instanceof Expr.Partial p) return new Expr.Partial(mapVar(p.numerator(), f), mapVar(p.denominator(), f), p.direct());
        if (e instanceof Expr.Product p) return new Expr.Product(p.factors().stream().map(x -> mapIndices(x, f)).toList());
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(x -> mapIndices(x, f)).toList());
        return e;
    }

    private static Expr.Var mapVar(Expr.Var v, java.util.function.LongFunction<Linear> f) {
        List<Linear> idx = new ArrayList<>();
        for (long x : indices(v)) idx.add(f.apply(x));
        return new Expr.Var(v.base(), idx, v.label(), v.role());
    }

    /**
     * A run is a maximal stretch of factors each equal to the one before with every subscript shifted by the same
     * step (+1 or -1). It is folded only when its length is symbolic (its ends map to different anchors): a run of
     * fixed length is written out, as a person would.
     */
    private static List<Expr> product(List<Expr> fs, Mapper m) {
        List<Expr> out = new ArrayList<>();
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
                    out.add(new Expr.Run(lift(fs.get(i), m), d, count, !continued));
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
            sb.append(v.base()).append(v.role() == Expr.Role.LOSS ? "/L" : "").append('~').append(v.label()).append('[')
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

    /** The constant indices of a concrete variable (none for a label). */
    static long[] indices(Expr.Var v) {
        List<Linear> idx = v.indices();
        long[] out = new long[idx.size()];
        for (int i = 0; i < out.length; i++) out[i] = idx.get(i).constant();
        return out;
    }

    // ---- symbolic -> concrete, at a binding ----

    /**
     * The concrete expression a symbolic one stands for under {@code env} ({@link Exprs#at}): runs expanded (an
     * empty run vanishes), an identity Jacobian {@code ∂h_p/∂h_p} dropped from its product, exactly as the core
     * writes a product ({@code a} alone when one factor is left, {@code 1} when none).
     */
    static Expr eval(Expr e, Map<String, Long> env) {
        try {
            return Exprs.at(e, env);
        } catch (Exprs.NoReading x) {
            throw new NoReading();
        }
    }

    /** The expression has no meaning at the binding (a run of negative length). */
    static final class NoReading extends RuntimeException {
        NoReading() { super(null, null, false, false); }
    }
}
