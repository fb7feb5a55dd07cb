package io.github.gradpath.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shape comparison of the factors around {@code \cdots} ({@link Resolver}, {@link Runs}). */
final class RunShape {
    private RunShape() {}

    /** The common difference {@code before - after} of all subscripts, when the shapes agree. */
    static Optional<Long> shift(Written before, Written after, Map<String, Long> env) {
        long[] d = {Long.MIN_VALUE};
        return same(before, after, env, d) && d[0] != Long.MIN_VALUE ? Optional.of(d[0]) : Optional.empty();
    }

    /** Whether the two are the same factor with no index at all ({@code W^\top} of a shared weight): equal in every copy. */
    static boolean constant(Written before, Written after, Map<String, Long> env) {
        long[] d = {Long.MIN_VALUE};
        return same(before, after, env, d) && d[0] == Long.MIN_VALUE;
    }

    private static boolean same(Written x, Written y, Map<String, Long> env, long[] d) {
        if (x instanceof Written.Part a && y instanceof Written.Part b) {
            return a.direct() == b.direct() && var(a.num(), b.num(), env, d) && var(a.den(), b.den(), env, d);
        }
        if (x instanceof Written.Num a && y instanceof Written.Num b) return a.value() == b.value();
        if (x instanceof Written.Coef a && y instanceof Written.Coef b) {
            return a.numerator() == b.numerator() && a.denominator() == b.denominator() && a.symbol().equals(b.symbol());
        }
        if (x instanceof Written.Sum a && y instanceof Written.Sum b) return all(a.terms(), b.terms(), env, d);
        if (x instanceof Written.Prod a && y instanceof Written.Prod b) return all(a.factors(), b.factors(), env, d);
        // explicit values (runs of them are read by Runs)
        if (x instanceof Written.Value a && y instanceof Written.Value b) return var(a.var(), b.var(), env, d);
        if (x instanceof Written.Trans a && y instanceof Written.Trans b) return same(a.operand(), b.operand(), env, d);
        if (x instanceof Written.DiagOf a && y instanceof Written.DiagOf b) return same(a.operand(), b.operand(), env, d);
        if (x instanceof Written.Neg a && y instanceof Written.Neg b) return same(a.operand(), b.operand(), env, d);
        if (x instanceof Written.Had a && y instanceof Written.Had b) return all(a.factors(), b.factors(), env, d);
        if (x instanceof Written.Prime a && y instanceof Written.Prime b) {
            return var(a.function(), b.function(), env, d) && var(a.arg(), b.arg(), env, d);
        }
        return false;
    }

    private static boolean all(List<Written> xs, List<Written> ys, Map<String, Long> env, long[] d) {
        if (xs.size() != ys.size()) return false;
        for (int i = 0; i < xs.size(); i++) if (!same(xs.get(i), ys.get(i), env, d)) return false;
        return true;
    }

    private static boolean var(Written.Var a, Written.Var b, Map<String, Long> env, long[] d) {
        if (!a.base().equals(b.base()) || a.subs().size() != b.subs().size()) return false;
        for (int i = 0; i < a.subs().size(); i++) {
            Long x = a.subs().get(i).eval(env), y = b.subs().get(i).eval(env);
            if (x == null || y == null) {
                if (x != null || y != null || !a.subs().get(i).toString().equals(b.subs().get(i).toString())) return false;
                continue;
            }
            long diff = x - y;
            if (d[0] == Long.MIN_VALUE) d[0] = diff;
            else if (d[0] != diff) return false;
        }
        return true;
    }
}
