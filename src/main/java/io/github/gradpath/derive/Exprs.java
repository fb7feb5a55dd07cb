package io.github.gradpath.derive;

import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations on {@link Expr} every stage needs: index text, shifting a factor along a run, and expanding a
 * symbolic expression at a binding into the concrete expression it stands for. Recursion follows the nesting of
 * one expression, never the length of a product, a sum or a range, which are walked in loops.
 */
public final class Exprs {
    private Exprs() {}

    private static final Linear[] SMALL = new Linear[1024];

    static {
        for (int i = 0; i < SMALL.length; i++) SMALL[i] = Linear.constant(i, Pos.NONE);
    }

    /** A constant index without a source position (shared for small values: concrete names make millions). */
    public static Linear constant(long v) {
        return v >= 0 && v < SMALL.length ? SMALL[(int) v] : Linear.constant(v, Pos.NONE);
    }

    static Linear noPos(Linear l) {
        if (l.pos() == Pos.NONE) return l;
        if (l.isConstant()) return constant(l.constant());
        return new Linear(l.constant(), l.coeffs(), Pos.NONE);
    }

    /** LaTeX text of an index: {@code q+1}, {@code 2k-1} (no {@code *}). */
    public static String tex(Linear l) {
        if (l.isConstant()) return Long.toString(l.constant());
        return l.toString().replace("*", "");
    }

    /** The expression has no reading at the binding: a run of negative length. */
    public static final class NoReading extends RuntimeException {
        public NoReading(String message) { super(message, null, false, false); }
    }

    /** An index the binding gives no value. */
    public static final class Unbound extends RuntimeException {
        public Unbound(String message) { super(message, null, false, false); }
    }

    /** {@code 1/2}, {@code λ}, {@code -λ}: an exact constant times the scalars, as one factor or a product. */
    public static Expr coefficient(io.github.gradpath.dsl.Formula.Coefficient c) {
        List<Expr> fs = new ArrayList<>();
        if (!(c.numerator() == 1 && c.denominator() == 1) || c.scalars().isEmpty()) {
            fs.add(Expr.Constant.of(c.numerator(), c.denominator()));
        }
        for (String s : c.scalars()) fs.add(new Expr.Symbol(s));
        return fs.size() == 1 ? fs.get(0) : new Expr.Product(fs);
    }

    /** Every subscript of every variable plus {@code by} (a run's copies; range bounds are left as they are). */
    public static Expr shift(Expr e, Linear by) {
        if (e instanceof Expr.Var v) return shiftVar(v, by);
        if (e instanceof Expr.Partial d) return new Expr.Partial(shiftVar(d.numerator(), by), shiftVar(d.denominator(), by), d.direct());
        if (e instanceof Expr.Product p) return new Expr.Product(p.factors().stream().map(f -> shift(f, by)).toList());
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(f -> shift(f, by)).toList());
        if (e instanceof Expr.Run r) return new Expr.Run(shift(r.first(), by), r.step(), r.count(), r.showLast());
        if (e instanceof Expr.Apply a) return new Expr.Apply(shiftVar(a.function(), by), shift(a.argument(), by));
        if (e instanceof Expr.Derivative a) return new Expr.Derivative(shiftVar(a.function(), by), shift(a.argument(), by));
        if (e instanceof Expr.Juxtapose j) return new Expr.Juxtapose(j.factors().stream().map(f -> shift(f, by)).toList());
        if (e instanceof Expr.Hadamard h) return new Expr.Hadamard(h.factors().stream().map(f -> shift(f, by)).toList());
        if (e instanceof Expr.SumOver s) return new Expr.SumOver(s.index(), s.from(), s.to(), shift(s.body(), by));
        if (e instanceof Expr.ProductOver s) return new Expr.ProductOver(s.index(), s.from(), s.to(), shift(s.body(), by));
        if (e instanceof Expr.Transpose t) return new Expr.Transpose(shift(t.operand(), by));
        if (e instanceof Expr.Diag t) return new Expr.Diag(shift(t.operand(), by));
        if (e instanceof Expr.Negate t) return new Expr.Negate(shift(t.operand(), by));
        if (e instanceof Expr.Concat c) return new Expr.Concat(c.parts().stream().map(f -> shift(f, by)).toList());
        return e;
    }

    private static Expr.Var shiftVar(Expr.Var v, Linear by) {
        if (v.indices().isEmpty()) return v;
        return new Expr.Var(v.base(), v.indices().stream().map(l -> l.plus(by, 1)).toList(), v.label(), v.role());
    }

    /** The last copy of a run: {@code first} shifted by {@code (count-1)·step}. */
    public static Expr runLast(Expr.Run r) {
        return shift(r.first(), r.count().plus(constant(1), -1).times(r.step()));
    }

    /**
     * The concrete expression {@code e} stands for under {@code env}: runs, Σ and ∏ expanded at every value of
     * their ranges (an empty sum is 0, an empty product or run the identity), an identity Jacobian
     * {@code ∂h_p/∂h_p} dropped from its product, a product written as the core writes one ({@code a} alone when
     * one factor is left, {@code 1} when none), constant coefficients evaluated.
     *
     * @throws NoReading where a run would be of negative length
     * @throws Unbound where an index has no value in {@code env}
     */
    public static Expr at(Expr e, Map<String, Long> env) {
        if (e instanceof Expr.Var v) return varAt(v, env);
        if (e instanceof Expr.Partial d) {
            Expr.Var a = varAt(d.numerator(), env), b = varAt(d.denominator(), env);
            return a.equals(b) ? new Expr.One() : new Expr.Partial(a, b, d.direct());
        }
        if (e instanceof Expr.Product || e instanceof Expr.Run || e instanceof Expr.ProductOver) {
            List<Expr> fs = e instanceof Expr.Product p ? p.factors() : List.of(e);
            List<Expr> out = new ArrayList<>();
            for (Expr f : fs) factorsAt(f, env, out);
            if (out.isEmpty()) return new Expr.One();
            return out.size() == 1 ? out.get(0) : new Expr.Product(out);
        }
        if (e instanceof Expr.Sum || e instanceof Expr.SumOver) {
            List<Expr> ts = e instanceof Expr.Sum s ? s.terms() : List.of(e);
            List<Expr> out = new ArrayList<>();
            for (Expr t : ts) {
                if (t instanceof Expr.SumOver so) termsAt(so, env, out);
                else out.add(at(t, env));
            }
            if (out.isEmpty()) return new Expr.Zero();
            return out.size() == 1 && !(e instanceof Expr.Sum) ? out.get(0) : new Expr.Sum(out);
        }
        if (e instanceof Expr.Constant c) {
            return new Expr.Constant(constant(value(c.numerator(), env)), constant(value(c.denominator(), env)));
        }
        if (e instanceof Expr.Apply a) return new Expr.Apply(varAt(a.function(), env), at(a.argument(), env));
        if (e instanceof Expr.Derivative a) return new Expr.Derivative(varAt(a.function(), env), at(a.argument(), env));
        if (e instanceof Expr.Juxtapose j) return new Expr.Juxtapose(j.factors().stream().map(t -> at(t, env)).toList());
        if (e instanceof Expr.Hadamard h) return new Expr.Hadamard(h.factors().stream().map(t -> at(t, env)).toList());
        if (e instanceof Expr.Transpose t) return new Expr.Transpose(at(t.operand(), env));
        if (e instanceof Expr.Diag t) return new Expr.Diag(at(t.operand(), env));
        if (e instanceof Expr.Negate t) return new Expr.Negate(at(t.operand(), env));
        if (e instanceof Expr.Concat c) return new Expr.Concat(c.parts().stream().map(t -> at(t, env)).toList());
        return e;
    }

    /** The factors {@code f} contributes to a product, in the written (chain) order. */
    private static void factorsAt(Expr f, Map<String, Long> env, List<Expr> out) {
        if (f instanceof Expr.Run r) {
            long c = value(r.count(), env);
            if (c < 0) throw new NoReading("a run of " + c + " factors");
            for (long i = 0; i < c; i++) factorsAt(shift(r.first(), constant(i * r.step())), env, out);
        } else if (f instanceof Expr.ProductOver p) {
            long lo = value(p.from(), env), hi = value(p.to(), env);
            Map<String, Long> inner = new HashMap<>(env);
            for (long j = hi; j >= lo; j--) {
                inner.put(p.index(), j);
                factorsAt(p.body(), inner, out);
            }
        } else {
            Expr x = at(f, env);
            if (x instanceof Expr.Product p) out.addAll(p.factors());
            else if (!(x instanceof Expr.One)) out.add(x);
        }
    }

    private static void termsAt(Expr.SumOver s, Map<String, Long> env, List<Expr> out) {
        long lo = value(s.from(), env), hi = value(s.to(), env);
        Map<String, Long> inner = new HashMap<>(env);
        for (long i = lo; i <= hi; i++) {
            inner.put(s.index(), i);
            if (s.body() instanceof Expr.SumOver nested) termsAt(nested, inner, out);
            else out.add(at(s.body(), inner));
        }
    }

    static long value(Linear l, Map<String, Long> env) {
        Long v = l.eval(env);
        if (v == null) {
            String missing = l.coeffs().keySet().stream().filter(k -> !env.containsKey(k)).findFirst().orElse("?");
            throw new Unbound("the index `" + missing + "` has no value here");
        }
        return v;
    }

    private static Expr.Var varAt(Expr.Var v, Map<String, Long> env) {
        if (v.indices().isEmpty()) return v;
        boolean constant = true;
        for (Linear l : v.indices()) constant &= l.isConstant();
        if (constant) return v;
        List<Linear> idx = new ArrayList<>(v.indices().size());
        for (Linear l : v.indices()) idx.add(constant(value(l, env)));
        return new Expr.Var(v.base(), idx, v.label(), v.role());
    }
}
