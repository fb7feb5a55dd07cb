package io.github.gradpath.check;

import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Single changes to a written side with explicit values, each with the words that say it, for a side already found
 * wrong: the group of factors before or after a {@code \cdots} run a layer off ("the run ends at `w_{q+1}`; the
 * derivation's ends at `w_q` (one layer early)"), every weight of a run transposed or none, a ∏ whose factors multiply
 * in the other order (each factor transposed where the product should be), a bound of a ∏ or Σ off by one, a
 * bracketed product or ∏ transposed where it should not be, or not where it should. These are proposals only, made
 * on the written side so that a run is read again from the changed factors; {@link #first} names one only when the
 * changed side, resolved and evaluated, is right.
 */
final class Repairs {
    private Repairs() {}

    record Repair(Written side, String says) {}

    /** The longest group of factors next to a {@code \cdots} that is shifted as a whole. */
    private static final int MAX_GROUP = 6;

    /**
     * The most repairs made and tried for one side: each rebuilds and evaluates the side, and a side with hundreds of
     * {@code \cdots} must not take minutes to be called wrong (it is still called wrong, only less precisely).
     */
    static final int MAX_REPAIRS = 200;

    /**
     * What the first repair that makes the side right says, or null. {@code resolve} binds a changed side (null when
     * it cannot), {@code right} says whether a bound side has the left side's value.
     */
    static String first(Written side, Predicate<Written.Var> weight, boolean climbing, Function<Written, Resolved> resolve,
                        Predicate<Resolved> right) {
        for (Repair r : of(side, weight, climbing)) {
            Resolved x;
            try {
                x = resolve.apply(r.side());
            } catch (RuntimeException e) {
                continue; // the changed side cannot be read or names no node: not the repair
            }
            if (x != null && right.test(x)) return r.says();
        }
        return null;
    }

    /** Every repair of {@code side}, runs first, in a fixed order (smallest change first). */
    static List<Repair> of(Written side, Predicate<Written.Var> weight, boolean climbing) {
        Map<Written, Written> parent = new IdentityHashMap<>();
        List<Written> nodes = new ArrayList<>();
        java.util.ArrayDeque<Written> stack = new java.util.ArrayDeque<>();
        stack.push(side);
        while (!stack.isEmpty()) {
            Written x = stack.pop();
            nodes.add(x);
            List<Written> kids = kids(x);
            for (int k = kids.size() - 1; k >= 0; k--) {
                parent.put(kids.get(k), x);
                stack.push(kids.get(k));
            }
        }
        List<Repair> runs = new ArrayList<>(), bigs = new ArrayList<>();
        for (Written x : nodes) {
            if (runs.size() >= MAX_REPAIRS) break;
            if (x instanceof Written.Prod p) runs(side, p, weight, climbing, runs);
        }
        for (Written x : nodes) {
            if (runs.size() + bigs.size() >= MAX_REPAIRS) break;
            Written up = parent.get(x);
            if (x instanceof Written.Big b) big(side, b, up instanceof Written.Trans, bigs);
            if (x instanceof Written.Trans t && (t.operand() instanceof Written.Big || t.operand() instanceof Written.Prod)) {
                bigs.add(new Repair(replace(side, t, t.operand()), "right without the transpose of `"
                        + bracket(t.operand()) + "`"));
            }
            if (x instanceof Written.Prod p && up instanceof Written.Prod) {
                bigs.add(new Repair(replace(side, p, new Written.Trans(p, p.offset())), "right with `" + bracket(p)
                        + "` transposed: `" + bracket(p) + "^\\top`"));
            }
        }
        runs.addAll(bigs);
        return runs.size() > MAX_REPAIRS ? runs.subList(0, MAX_REPAIRS) : runs;
    }

    /** The groups before and after each {@code \cdots} of {@code p} shifted, and the run's weights transposed or not. */
    private static void runs(Written side, Written.Prod p, Predicate<Written.Var> weight, boolean climbing, List<Repair> out) {
        List<Written> fs = p.factors();
        for (int i = 1; i + 1 < fs.size() && out.size() < MAX_REPAIRS; i++) {
            if (!(fs.get(i) instanceof Written.Dots)) continue;
            if (!Written.explicit(fs.get(i - 1)) && !Written.explicit(fs.get(i + 1))) continue;
            int lo = i - 1, hi = i + 1;
            while (lo > 0 && !(fs.get(lo - 1) instanceof Written.Dots)) lo--;
            while (hi < fs.size() && !(fs.get(hi) instanceof Written.Dots)) hi++;
            for (int s : new int[] {1, -1, 2, -2}) {
                // after the run first: a run that stops short or goes too far is the commoner slip
                for (int k = 1; k <= Math.min(hi - i - 1, MAX_GROUP); k++) {
                    boolean early = climbing ? s > 0 : s < 0;
                    out.add(shifted(side, p, i + 1, i + 1 + k, s, "ends", early ? "early" : "late"));
                }
                for (int k = 1; k <= Math.min(i - lo, MAX_GROUP); k++) {
                    boolean late = climbing ? s < 0 : s > 0;
                    out.add(shifted(side, p, i - k, i, s, "starts", late ? "late" : "early"));
                }
            }
            List<Written.Var> plain = new ArrayList<>(), transposed = new ArrayList<>();
            for (int k = lo; k < hi; k++) {
                Written f = fs.get(k);
                if (f instanceof Written.Value v && weight.test(v.var())) plain.add(v.var());
                if (f instanceof Written.Trans t && t.operand() instanceof Written.Value v && weight.test(v.var())) {
                    transposed.add(v.var());
                }
            }
            if (plain.isEmpty() == transposed.isEmpty()) continue; // none, or some of each: no one change says it
            boolean all = plain.isEmpty();
            List<Written> flipped = new ArrayList<>(fs);
            for (int k = lo; k < hi; k++) {
                Written f = flipped.get(k);
                if (all && f instanceof Written.Trans t && t.operand() instanceof Written.Value v && weight.test(v.var())) {
                    flipped.set(k, v);
                } else if (!all && f instanceof Written.Value v && weight.test(v.var())) {
                    flipped.set(k, new Written.Trans(v, v.offset()));
                }
            }
            List<Written.Var> ws = all ? transposed : plain;
            String span = ws.stream().map(Written.Var::display).distinct().count() == 1 ? "`" + ws.get(0).display() + "`"
                    : "`" + ws.get(0).display() + "` to `" + ws.get(ws.size() - 1).display() + "`";
            out.add(new Repair(replace(side, p, new Written.Prod(flipped, p.offset())), all
                    ? "every weight in the run is transposed (" + span + "); the derivation's are not"
                    : "no weight in the run is transposed (" + span + "); the derivation's all are"));
        }
    }

    /** Factors {@code from..to-1} of {@code p} with every subscript {@code s} higher. */
    private static Repair shifted(Written side, Written.Prod p, int from, int to, int s, String verb, String how) {
        List<Written> fs = new ArrayList<>(p.factors());
        for (int k = from; k < to; k++) fs.set(k, shift(fs.get(k), s));
        String layers = (Math.abs(s) == 1 ? "one layer " : "two layers ") + how;
        // named by the factor at the run's side of the group: the last before the run, the first after it
        int at = verb.equals("ends") ? from : to - 1;
        String was = name(p.factors(), at, verb.equals("ends") ? 1 : -1, from, to), is = name(fs, at, verb.equals("ends") ? 1 : -1, from, to);
        return new Repair(replace(side, p, new Written.Prod(fs, p.offset())), "the run " + verb + " at `" + was
                + "`; the derivation's " + verb + " at `" + is + "` (" + layers + ")");
    }

    /** The group's weight nearest the run (else its factor next to the run), for messages. */
    private static String name(List<Written> fs, int at, int step, int from, int to) {
        for (int k = at; k >= from && k < to; k += step) {
            Written f = fs.get(k);
            if (f instanceof Written.Trans t) f = t.operand();
            if (f instanceof Written.Value v && !v.var().subs().isEmpty()) return v.var().display();
        }
        // no indexed weight in the group: its factor next to the run, a diag by what it holds
        Written f = fs.get(at);
        return show(f instanceof Written.DiagOf d && d.operand() instanceof Written.Prime ? d.operand() : f);
    }

    /** A ∏ in the other order, its bounds one off, transposed (when nothing transposes it already). */
    private static void big(Written side, Written.Big b, boolean transposed, List<Repair> out) {
        String op = b.product() ? "∏" : "Σ";
        String text = head(b);
        if (b.product() && b.lo() != null && b.hi() != null) {
            // j -> lo + hi - j: the same factors, multiplied in the other order
            Linear ends = b.lo().plus(b.hi(), 1);
            Written body = substitute(b.body(), b.symbol(), ends);
            String why = transposes(b.body())
                    ? " (the transpose of a product reverses its factors: `\\left(\\prod_j A_j\\right)^\\top`, not `\\prod_j A_j^\\top`)"
                    : "";
            out.add(new Repair(replace(side, b, new Written.Big(true, b.symbol(), b.lo(), b.hi(), body, b.offset())),
                    "right with the factors of `" + text + "` in the other order" + why));
        }
        if (b.lo() != null) {
            for (int s : new int[] {1, -1}) {
                Linear lo = b.lo().plus(Linear.constant(s, b.lo().pos()), 1);
                out.add(new Repair(replace(side, b, new Written.Big(b.product(), b.symbol(), lo, b.hi(), b.body(), b.offset())),
                        "the " + op + " over " + b.symbol() + " starts at `" + sub(b.lo()) + "`; the derivation's starts at `"
                                + sub(lo) + "` (one " + (b.product() ? "factor" : "term") + " too " + (s > 0 ? "many" : "few") + ")"));
            }
        }
        if (b.hi() != null) {
            for (int s : new int[] {-1, 1}) {
                Linear hi = b.hi().plus(Linear.constant(s, b.hi().pos()), 1);
                out.add(new Repair(replace(side, b, new Written.Big(b.product(), b.symbol(), b.lo(), hi, b.body(), b.offset())),
                        "the " + op + " over " + b.symbol() + " ends at `" + sub(b.hi()) + "`; the derivation's ends at `"
                                + sub(hi) + "` (one " + (b.product() ? "factor" : "term") + " too " + (s < 0 ? "many" : "few") + ")"));
            }
        }
        if (b.product() && !transposed) {
            out.add(new Repair(replace(side, b, new Written.Trans(b, b.offset())), "right with `" + text
                    + "` transposed as a whole: `\\left(" + text + " \\ldots\\right)^\\top`"));
        }
    }

    private static boolean transposes(Written w) {
        if (w instanceof Written.Trans) return true;
        for (Written k : kids(w)) if (transposes(k)) return true;
        return false;
    }

    private static String head(Written.Big b) {
        String s = (b.product() ? "\\prod" : "\\sum") + "_{" + b.symbol();
        if (b.lo() == null) return s + "}";
        return s + "=" + sub(b.lo()) + "}" + (b.hi() == null ? "" : "^{" + sub(b.hi()) + "}");
    }

    private static String bracket(Written w) {
        if (w instanceof Written.Big b) return "\\left(" + head(b) + " \\ldots\\right)";
        return "\\left(" + show(w) + "\\right)";
    }

    /** A compact reading of a factor, for messages. */
    static String show(Written w) {
        if (w instanceof Written.Value v) return v.var().display();
        if (w instanceof Written.Trans t) return show(t.operand()) + "^\\top";
        if (w instanceof Written.DiagOf d) return "\\operatorname{diag}(" + show(d.operand()) + ")";
        if (w instanceof Written.Prime p) return fn(p.function()) + "'(" + p.arg().display() + ")";
        if (w instanceof Written.Part p) return "∂" + p.num().display() + "/∂" + p.den().display();
        if (w instanceof Written.Big b) return head(b) + " \\ldots";
        if (w instanceof Written.Prod p) {
            StringBuilder sb = new StringBuilder();
            for (Written f : p.factors()) sb.append(sb.length() > 0 ? " " : "").append(f instanceof Written.Dots ? "\\cdots" : show(f));
            return sb.toString();
        }
        return "\\ldots";
    }

    /** A function's name as LaTeX writes it: {@code \\tanh}, {@code \\sigma}, else as read. */
    private static String fn(Written.Var f) {
        return java.util.Set.of("tanh", "sigma", "phi", "exp", "log").contains(f.base()) && f.subs().isEmpty() && f.text().isEmpty()
                ? "\\" + f.base() : f.display();
    }

    private static String sub(Linear l) { return l.toString().replace("*", ""); }

    /** The children of a node, in the written order. */
    private static List<Written> kids(Written w) {
        if (w instanceof Written.Prod p) return p.factors();
        if (w instanceof Written.Sum s) return s.terms();
        if (w instanceof Written.Big b) return List.of(b.body());
        if (w instanceof Written.Either e) return List.of(e.a(), e.b());
        return Written.children(w);
    }

    /**
     * The other reading of an unbracketed ∏ body ({@link Written.Big#open}): the body running over every factor after
     * it in its product ({@code \\prod_j \\operatorname{diag}(a'(z_j)) W} as {@code \\prod_j (\\operatorname{diag}(a'(z_j)) W)}),
     * with the words that say it; null when the side has no such ∏. Every such ∏ of the side is extended.
     */
    static Repair extended(Written side) {
        List<String> says = new ArrayList<>();
        Written alt = map(side, x -> {
            if (!(x instanceof Written.Prod p)) return null;
            List<Written> fs = p.factors();
            for (int k = 0; k + 1 < fs.size(); k++) {
                if (!(fs.get(k) instanceof Written.Big b) || !b.open()) continue;
                List<Written> body = new ArrayList<>();
                if (b.body() instanceof Written.Prod q) body.addAll(q.factors()); else body.add(b.body());
                body.addAll(fs.subList(k + 1, fs.size()));
                says.add("`" + head(b) + "` read with its body running to `" + show(fs.get(fs.size() - 1)) + "`");
                List<Written> out = new ArrayList<>(fs.subList(0, k));
                out.add(new Written.Big(true, b.symbol(), b.lo(), b.hi(), new Written.Prod(body, b.offset()), b.offset()));
                return out.size() == 1 ? out.get(0) : new Written.Prod(out, p.offset());
            }
            return null;
        });
        return says.isEmpty() ? null : new Repair(alt, String.join(", ", says));
    }

    /** {@code root} with the node {@code target} (by identity) replaced by {@code with}. */
    static Written replace(Written root, Written target, Written with) {
        return map(root, x -> x == target ? with : null);
    }

    /** {@code w} with every subscript {@code d} higher (exponents are no subscripts: left as written). */
    static Written shift(Written w, long d) {
        return linears(w, l -> l.plus(Linear.constant(d, l.pos()), 1), null);
    }

    /** {@code w} with the free index {@code symbol} replaced by {@code ends - symbol}, in subscripts and exponents. */
    private static Written substitute(Written w, String symbol, Linear ends) {
        return linears(w, l -> {
            Long c = l.coeffs().get(symbol);
            if (c == null) return l;
            // c·j -> c·(ends - j): add c·ends, take 2c·j away
            return l.plus(ends.times(c), 1).plus(Linear.symbol(symbol, l.pos()).times(2 * c), -1);
        }, symbol);
    }

    /**
     * Every index expression of {@code w} mapped by {@code f}: subscripts, and when {@code bound} is not null the
     * exponents too, except under a sum or product that binds {@code bound} again.
     */
    private static Written linears(Written w, Function<Linear, Linear> f, String bound) {
        java.util.function.UnaryOperator<Written.Var> v = x -> {
            if (x.subs().isEmpty()) return x; // a label (z_{h_{3,1}}) or a plain name
            List<Linear> subs = x.subs().stream().map(f).toList();
            StringBuilder text = new StringBuilder();
            for (Linear l : subs) text.append(text.length() > 0 ? "," : "").append(sub(l));
            return new Written.Var(x.base(), subs, text.toString(), x.offset());
        };
        return map(w, x -> {
            if (x instanceof Written.Big b && b.symbol().equals(bound)) return x;
            if (x instanceof Written.Power p && bound != null) {
                return new Written.Power(linears(p.base(), f, bound), f.apply(p.exponent()), p.offset());
            }
            if (x instanceof Written.Part p) return new Written.Part(v.apply(p.num()), v.apply(p.den()), p.direct(), p.offset());
            if (x instanceof Written.Value u) return new Written.Value(v.apply(u.var()), u.offset());
            if (x instanceof Written.Prime p) return new Written.Prime(v.apply(p.function()), v.apply(p.arg()), p.offset());
            if (x instanceof Written.Call c) {
                return new Written.Call(v.apply(c.function()), c.args().stream().map(v).toList(), v.apply(c.den()), c.offset());
            }
            return null;
        });
    }

    /**
     * {@code w} rebuilt bottom-up, each node replaced by {@code f}'s answer when not null. Recursion follows the
     * nesting of one written expression, which the parser bounds ({@code TokenCursor}'s depth limit).
     */
    private static Written map(Written w, Function<Written, Written> f) {
        Written r = f.apply(w);
        if (r != null) return r;
        if (w instanceof Written.Prod p) return new Written.Prod(p.factors().stream().map(x -> map(x, f)).toList(), p.offset());
        if (w instanceof Written.Sum s) return new Written.Sum(s.terms().stream().map(x -> map(x, f)).toList(), s.offset());
        if (w instanceof Written.Big b) return new Written.Big(b.product(), b.symbol(), b.lo(), b.hi(), map(b.body(), f), b.offset());
        if (w instanceof Written.Either e) return new Written.Either(map(e.a(), f), map(e.b(), f), e.offset());
        if (w instanceof Written.Trans t) return new Written.Trans(map(t.operand(), f), t.offset());
        if (w instanceof Written.DiagOf d) return new Written.DiagOf(map(d.operand(), f), d.offset());
        if (w instanceof Written.Neg n) return new Written.Neg(map(n.operand(), f), n.offset());
        if (w instanceof Written.Power p) return new Written.Power(map(p.base(), f), p.exponent(), p.offset());
        if (w instanceof Written.Had h) return new Written.Had(h.factors().stream().map(x -> map(x, f)).toList(), h.offset());
        if (w instanceof Written.Block b) {
            return new Written.Block(b.cells().stream().map(row -> row.stream().map(x -> map(x, f)).toList()).toList(), b.text(), b.offset());
        }
        return w;
    }
}
