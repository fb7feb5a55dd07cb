package io.github.gradpath.check;

import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a written side to one network instance under an index environment (the network's binding plus a
 * stated range variable such as {@code k}). {@code \cdots} becomes what it stands for:
 * <ul>
 * <li>between two factors of the same shape whose subscripts all differ by the same {@code d}
 * ({@code ∂h_q/∂h_{q-1} × ⋯ × ∂h_{k+1}/∂h_k}), the run of that shape stepping down one at a time; for
 * {@code d = 0} the run is one factor and for {@code d = -1} it is empty (the usual reading of
 * {@code a_1 × ⋯ × a_n} for n = 1 and n = 0);</li>
 * <li>otherwise, the longest path from the denominator of the factor before down to the numerator of the factor
 * after, which must be unique.</li>
 * </ul>
 */
final class Resolver {
    final Networks.Instance inst;
    private final Regions regions;
    final Map<String, Long> env;

    final Conventions conv;

    Resolver(Networks.Instance inst, Regions regions, Map<String, Long> env) {
        this(inst, regions, env, Conventions.DEFAULT);
    }

    Resolver(Networks.Instance inst, Regions regions, Map<String, Long> env, Conventions conv) {
        this(inst, regions, env, conv, new long[1]);
    }

    /**
     * Terms expanded so far by every {@code \sum} and {@code \prod} of the side being resolved, shared with the
     * resolvers of nested bodies: nested products multiply their sizes, and 28 nested {@code \prod_{k=p}^{q}}
     * (found by src/bench/campaign.sh) ran for minutes, each level within {@link #MAX_TERMS} on its own.
     */
    private final long[] terms;

    private Resolver(Networks.Instance inst, Regions regions, Map<String, Long> env, Conventions conv, long[] terms) {
        this.inst = inst;
        this.regions = regions;
        this.env = env;
        this.conv = conv;
        this.terms = terms;
    }

    Resolved resolve(Written w) {
        terms[0] = 0;
        return resolve(w, 0, true);
    }

    /** A derivative's two nodes. */
    int[] nodes(Written.Part p) {
        return new int[] {node(p.num(), 0), node(p.den(), 0)};
    }

    /** A factor with every subscript {@code shift} higher (a copy of a {@code \\cdots} run, {@link Runs}). */
    Resolved resolveAt(Written w, long shift) {
        return resolve(w, shift, false);
    }

    private Resolved resolve(Written w, long shift, boolean top) {
        if (w instanceof Written.Part p && Deltas.isPre(p.den()) && inst.node(p.den().base(), keyOrNull(p.den(), shift)) == null) {
            // ∂L/∂z_n of a pre-activation that is no node: δ_n.
            int a = node(p.num(), shift);
            if (a != inst.graph().loss()) {
                throw new Written.Unreadable("`" + p.display() + "`: a derivative by a pre-activation is read from the loss only",
                        p.offset());
            }
            return new Resolved.Delta(Deltas.owner(this, p.den(), shift));
        }
        if (w instanceof Written.Part p) {
            int a = node(p.num(), shift), b = node(p.den(), shift);
            String text = shift == 0 ? p.display() : "∂" + inst.name(a) + "/∂" + inst.name(b);
            if (p.direct()) {
                if (!inst.graph().hasEdge(a, b)) {
                    throw new Wrong("`" + p.display() + "|direct` names no edge: " + inst.name(a) + " does not use "
                            + inst.name(b) + " directly", p.offset());
                }
                return new Resolved.Direct(a, b, text, 0);
            }
            // partials=immediate: a plain ∂u/∂v between neighbours is the single edge (d2l, Pascanu et al.).
            if (conv.immediate() && a != b && inst.graph().hasEdge(a, b)) return new Resolved.Direct(a, b, text, 0);
            return new Resolved.Total(a, b, text, 0);
        }
        if (w instanceof Written.Call c) return Calls.resolve(this, c, shift);
        if (w instanceof Written.Big b) return big(b, shift);
        if (w instanceof Written.Either e) {
            Resolved a = resolve(e.a(), shift, false), b = resolve(e.b(), shift, false);
            int ea = end(a), sb = start(b);
            if (ea >= 0 && sb >= 0 && !regions.identityJoined(ea, sb) && end(b) >= 0 && start(a) >= 0
                    && regions.identityJoined(end(b), start(a))) {
                return new Resolved.Prod(List.of(b, a));
            }
            return new Resolved.Prod(List.of(a, b));
        }
        if (w instanceof Written.Value v && Deltas.isDelta(conv.alias(v.var()))
                && inst.graph().nodes().stream().noneMatch(n -> n.name().base().equals("delta"))) {
            return new Resolved.Delta(Deltas.owner(this, conv.alias(v.var()), shift));
        }
        if (w instanceof Written.Value v) return new Resolved.Value(valueNode(v.var(), shift));
        if (w instanceof Written.Trans t) return new Resolved.Trans(resolve(t.operand(), shift, false));
        if (w instanceof Written.DiagOf d) return new Resolved.Diag(resolve(d.operand(), shift, false));
        if (w instanceof Written.Neg n) return new Resolved.Neg(resolve(n.operand(), shift, false));
        if (w instanceof Written.Block b) {
            List<List<Resolved>> rows = new ArrayList<>();
            for (List<Written> row : b.cells()) {
                List<Resolved> r = new ArrayList<>();
                for (Written c : row) r.add(resolve(c, shift, false));
                rows.add(r);
            }
            return new Resolved.Block(rows, b.text());
        }
        if (w instanceof Written.Prime p) return Primes.resolve(this, p, shift);
        if (w instanceof Written.Had h) {
            List<Resolved> fs = new ArrayList<>();
            for (Written f : h.factors()) fs.add(resolve(f, shift, false));
            return new Resolved.Had(fs);
        }
        if (w instanceof Written.Power p) {
            Long n = p.exponent().eval(env);
            if (n == null) throw new Written.Unreadable("the power has no value here", p.offset());
            if (n < 0 || n > 10_000) throw new Written.Unreadable("a power of " + n + " is not read", p.offset());
            Resolved b = resolve(p.base(), shift, false);
            List<Resolved> fs = new ArrayList<>();
            for (long k = 0; k < n; k++) fs.add(b);
            return fs.isEmpty() ? new Resolved.Num(1) : new Resolved.Prod(fs);
        }
        if (w instanceof Written.Num n) return new Resolved.Num(n.value());
        if (w instanceof Written.Ratio q) {
            Long n = q.numerator().eval(env), d = q.denominator().eval(env);
            if (n == null || d == null) throw new Written.Unreadable("the fraction has no value here", q.offset());
            if (d == 0) throw new Written.Unreadable("a fraction with denominator 0 here", q.offset());
            return new Resolved.Coef(n, d, "");
        }
        if (w instanceof Written.Coef c) return new Resolved.Coef(c.numerator(), c.denominator(), c.symbol());
        if (w instanceof Written.Sum s) {
            List<Resolved> ts = new ArrayList<>();
            for (Written t : s.terms()) ts.add(resolve(t, shift, false));
            return new Resolved.Sum(ts);
        }
        if (w instanceof Written.Dots d) {
            throw new Written.Unreadable("`\\cdots` must stand between two factors of a product", d.offset());
        }
        return product((Written.Prod) w, shift, top);
    }

    private static final int MAX_TERMS = 100_000;

    /**
     * A sum or product over its bound index, one term per value. Without bounds, the values are those at which
     * the body names nodes of the network. A product multiplies its factors in the order in which they chain
     * ({@code Π_{t≥i>k} ∂x_i/∂x_{i-1}} from the top down), a sum adds them.
     */
    private Resolved big(Written.Big b, long shift) {
        List<Long> values = new ArrayList<>();
        boolean open = b.lo() == null;
        if (open) {
            long max = 0;
            for (var n : inst.graph().nodes()) for (long x : n.name().indices()) max = Math.max(max, x);
            for (long x = -1; x <= max + 1; x++) values.add(x);
        } else {
            Long lo = b.lo().eval(env), hi = b.hi() == null ? null : b.hi().eval(env);
            if (lo == null || hi == null) {
                throw new Written.Unreadable("the bounds of `" + (b.product() ? "\\prod" : "\\sum") + "` over `"
                        + b.symbol() + "` have no value here" + (b.hi() == null ? " (no upper bound)" : ""), b.offset());
            }
            if (hi - lo + 1 > MAX_TERMS) throw new Written.Unreadable("a sum of more than " + MAX_TERMS + " terms", b.offset());
            for (long x = lo; x <= hi; x++) values.add(x);
        }
        List<Resolved> items = new ArrayList<>();
        for (long v : values) {
            if (++terms[0] > MAX_TERMS) {
                throw new Written.Unreadable("more than " + MAX_TERMS + " terms in all in the sums and products of"
                        + " this side (nested ones multiply)", b.offset());
            }
            Map<String, Long> inner = new java.util.HashMap<>(env);
            inner.put(b.symbol(), v);
            Resolver r = new Resolver(inst, regions, inner, conv, terms);
            try {
                items.add(r.resolve(b.body(), shift, false));
            } catch (Wrong e) {
                if (!open) throw e;
            }
        }
        if (open && items.isEmpty()) {
            throw new Outside("`" + (b.product() ? "\\prod" : "\\sum") + "_" + b.symbol()
                    + "` names no node of the network for any value of " + b.symbol(), b.offset());
        }
        if (!b.product()) return items.isEmpty() ? new Resolved.Num(0) : new Resolved.Sum(items);
        if (items.isEmpty()) return new Resolved.Num(1);
        if (items.size() >= 2) {
            int e0 = end(items.get(0)), s1 = start(items.get(1));
            if (!(e0 >= 0 && s1 >= 0 && regions.identityJoined(e0, s1))) java.util.Collections.reverse(items);
        }
        return new Resolved.Prod(items);
    }

    /** The top node of a factor's chain, or -1. */
    static int start(Resolved r) {
        if (r instanceof Resolved.Total t) return t.a();
        if (r instanceof Resolved.Direct d) return d.a();
        if (r instanceof Resolved.Chain c) return c.path()[0];
        if (r instanceof Resolved.Prod p) {
            for (Resolved f : p.factors()) if (!(f instanceof Resolved.Num || f instanceof Resolved.Coef)) return start(f);
        }
        if (r instanceof Resolved.Sum s) {
            for (Resolved f : s.terms()) if (!(f instanceof Resolved.Num || f instanceof Resolved.Coef)) return start(f);
        }
        return -1;
    }

    /** The bottom node of a factor's chain, or -1. */
    static int end(Resolved r) {
        if (r instanceof Resolved.Total t) return t.b();
        if (r instanceof Resolved.Direct d) return d.b();
        if (r instanceof Resolved.Chain c) return c.path()[c.path().length - 1];
        if (r instanceof Resolved.Prod p) {
            for (int i = p.factors().size() - 1; i >= 0; i--) if (!(p.factors().get(i) instanceof Resolved.Num || p.factors().get(i) instanceof Resolved.Coef)) return end(p.factors().get(i));
        }
        if (r instanceof Resolved.Sum s) {
            for (Resolved f : s.terms()) if (!(f instanceof Resolved.Num || f instanceof Resolved.Coef)) return end(f);
        }
        return -1;
    }

    private Resolved product(Written.Prod p, long shift, boolean top) {
        List<Written> fs = p.factors();
        if (conv.inputFirst()) {
            // order=input-first (or layout=denominator): the local derivative is written first; read it reversed.
            fs = new ArrayList<>(fs);
            java.util.Collections.reverse(fs);
        }
        List<Resolved> out = new ArrayList<>();
        int no = 0;
        int i = 0;
        int written = 0;
        for (Written f : fs) if (!(f instanceof Written.Dots)) written++;
        // Why an explicit factor before a run names no node: deferred, as an empty run (G_L ⋯ G_{L-1} at k = L-1)
        // drops it; one left standing is thrown at the end. Kept in step with out (null: resolved).
        List<RuntimeException> pending = new ArrayList<>();
        while (i < fs.size()) {
            while (pending.size() < out.size()) pending.add(null);
            while (pending.size() > out.size()) pending.remove(pending.size() - 1);
            Written f = fs.get(i);
            if (!(f instanceof Written.Dots dots)) {
                no++;
                Resolved rf;
                try {
                    rf = resolve(f, shift, false);
                } catch (Wrong | Written.Unreadable e) {
                    if (!Written.explicit(f) || !fs.subList(i + 1, fs.size()).stream().anyMatch(x -> x instanceof Written.Dots)) {
                        throw e;
                    }
                    out.add(new Resolved.Num(0));
                    pending.add(e);
                    i++;
                    continue;
                }
                out.add(numbered(rf, top ? (conv.inputFirst() ? written + 1 - no : no) : 0));
                pending.add(null);
                i++;
                continue;
            }
            if (i == 0 || i == fs.size() - 1 || fs.get(i - 1) instanceof Written.Dots
                    || fs.get(i + 1) instanceof Written.Dots) {
                throw new Written.Unreadable("`\\cdots` must stand between two factors", dots.offset());
            }
            Written before = fs.get(i - 1), after = fs.get(i + 1);
            if (Written.explicit(before) || Written.explicit(after)) {
                // a run of explicit factors: its period is read from the factors around it (Runs)
                Runs.Reading rd = Runs.read(this, fs, i, shift);
                for (int k = 0; k < rd.drop(); k++) {
                    out.remove(out.size() - 1);
                    pending.remove(pending.size() - 1);
                }
                out.addAll(rd.insert());
                i += 1 + rd.skip();
                continue;
            }
            throwPending(pending);
            Optional<Long> d = RunShape.shift(before, after, env);
            if (d.isPresent()) {
                long k = d.get();
                if (k < -1) {
                    throw new Written.Unreadable("`\\cdots` runs upwards: the factor after it is " + (-k)
                            + " steps above the factor before it", dots.offset());
                }
                if (k == -1) {
                    out.remove(out.size() - 1);
                    i += 2;
                    no++;
                    continue;
                }
                if (k == 0) {
                    i += 2;
                    no++;
                    continue;
                }
                for (long s = k - 1; s >= 1; s--) out.add(resolve(after, shift + s, false));
                i++;
                continue;
            }
            Resolved prev = out.get(out.size() - 1), next = resolve(after, shift, false);
            int from = bottom(prev, dots), to = top(next, dots);
            List<Resolved> steps = steps(before, prev, to, shift);
            if (steps != null) {
                if (steps.isEmpty() && top(prev, dots) == to) out.remove(out.size() - 1);
                out.addAll(steps);
                i++;
                continue;
            }
            Regions.Longest l = regions.longest(from, to);
            if (l.path() == null) {
                throw new Written.Unreadable("`\\cdots` cannot join " + inst.name(from) + " down to " + inst.name(to)
                        + ": " + inst.name(from) + " does not depend on " + inst.name(to), dots.offset());
            }
            if (l.ties() > 1) {
                throw new Written.Unreadable("`\\cdots` from " + inst.name(from) + " down to " + inst.name(to)
                        + " is ambiguous: the longest path between them is not unique", dots.offset());
            }
            if (l.path().length > 1) out.add(new Resolved.Chain(l.path()));
            i++;
        }
        throwPending(pending);
        return out.size() == 1 && !top ? out.get(0) : new Resolved.Prod(out);
    }

    private static void throwPending(List<RuntimeException> pending) {
        for (RuntimeException e : pending) if (e != null) throw e;
    }

    /**
     * The pattern of the factor before {@code \cdots} continued one layer at a time (all its subscripts down by 1,
     * 2, ...) until a step ends at {@code to}, the numerator of the factor after: {@code ∂x_L/∂x_{L-1} × ⋯ ×
     * ∂x_{k+1}/∂F_k} is {@code Π ∂x_{j+1}/∂x_j}, each step a total derivative. Empty when {@code to} is the
     * denominator of the factor before (nothing between) or its numerator (no step at all: the caller drops the
     * factor before). Null when the factor before has no such pattern (no subscript, a step that is no node, or
     * steps that do not chain), or the steps never reach {@code to}.
     */
    private List<Resolved> steps(Written before, Resolved prev, int to, long shift) {
        if (!(before instanceof Written.Part p) || p.direct() || !(prev instanceof Resolved.Total t)) return null;
        if (!hasIndex(p.num()) || !hasIndex(p.den())) return null;
        List<Resolved> out = new ArrayList<>();
        if (t.a() == to) return out;
        int bottom = t.b();
        int limit = inst.graph().size();
        for (int k = 1; bottom != to && k <= limit; k++) {
            int a, b;
            try {
                a = node(p.num(), shift - k);
                b = node(p.den(), shift - k);
            } catch (Wrong | Written.Unreadable e) {
                return null;
            }
            if (a != bottom || !regions.reaches(a, b)) return null;
            out.add(new Resolved.Total(a, b, "∂" + inst.name(a) + "/∂" + inst.name(b), 0));
            bottom = b;
        }
        return bottom == to ? out : null;
    }

    private boolean hasIndex(Written.Var v) {
        for (Linear l : v.subs()) if (l.eval(env) != null) return true;
        return false;
    }

    private static Resolved numbered(Resolved r, int no) {
        if (no == 0) return r;
        if (r instanceof Resolved.Total t) return new Resolved.Total(t.a(), t.b(), t.text(), no);
        if (r instanceof Resolved.Direct t) return new Resolved.Direct(t.a(), t.b(), t.text(), no);
        return r;
    }

    private int bottom(Resolved r, Written.Dots at) {
        if (r instanceof Resolved.Total t) return t.b();
        if (r instanceof Resolved.Direct t) return t.b();
        if (r instanceof Resolved.Chain c) return c.path()[c.path().length - 1];
        throw new Written.Unreadable("`\\cdots` must follow a derivative `\\frac{\\partial A}{\\partial B}`", at.offset());
    }

    private int top(Resolved r, Written.Dots at) {
        if (r instanceof Resolved.Total t) return t.a();
        if (r instanceof Resolved.Direct t) return t.a();
        throw new Written.Unreadable("`\\cdots` must be followed by a derivative `\\frac{\\partial A}{\\partial B}`",
                at.offset());
    }

    /** A value's node; a name that is no node ({@code y} a target) is unreadable, never a wrong row. */
    private int valueNode(Written.Var v, long shift) {
        try {
            return node(v, shift);
        } catch (Wrong e) {
            if (!env.keySet().containsAll(symbolsOf(v))) throw e;
            throw new Written.Unreadable("the value `" + v.display() + "` is no node of the network, so gradpath does"
                    + " not know it", v.offset());
        }
    }

    static java.util.Set<String> symbolsOf(Written.Var v) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Linear l : v.subs()) out.addAll(l.coeffs().keySet());
        return out;
    }

    int node(Written.Var v, long shift) {
        v = conv.alias(v);
        String key = key(v, shift);
        Integer id = inst.node(v.base(), key);
        if (id == null) {
            String shown = shift == 0 ? v.display() : v.base() + "_{" + key + "}";
            String sym = inst.binding().isEmpty() ? "" : " (" + v.base() + "_{" + key + "} at "
                    + bindingText() + ")";
            throw new Wrong("the network has no node " + shown + (shift == 0 ? sym : ""), v.offset());
        }
        return id;
    }

    private String bindingText() {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(inst.binding()).forEach((k, x) -> {
            if (sb.length() > 0) sb.append(", ");
            sb.append(k).append('=').append(x);
        });
        return sb.toString();
    }

    /** The node key of a variable: index values joined by commas, or a literal label ({@code w_y}). */
    private String keyOrNull(Written.Var v, long shift) {
        try {
            return key(v, shift);
        } catch (Written.Unreadable e) {
            return "\u0000";
        }
    }

    String key(Written.Var v, long shift) {
        if (v.subs().isEmpty()) return "";
        StringBuilder sb = new StringBuilder();
        for (Linear l : v.subs()) {
            Long x = l.eval(env);
            if (x == null) {
                if (v.subs().size() == 1 && l.constant() == 0 && l.coeffs().size() == 1
                        && l.coeffs().values().iterator().next() == 1 && shift == 0) {
                    String label = l.coeffs().keySet().iterator().next();
                    if (inst.node(v.base(), label) != null || label.length() > 1) return label;
                }
                String missing = l.coeffs().keySet().stream().filter(s -> !env.containsKey(s)).findFirst().orElse("?");
                throw new Written.Unreadable("index `" + missing + "` has no value here: state its range next to the"
                        + " equation (e.g. `" + missing + " = 1, \\ldots, p`)", v.offset());
            }
            if (sb.length() > 0) sb.append(',');
            sb.append(x + shift);
        }
        return sb.toString();
    }

    /** A row that is readable but names something the network does not have: a wrong row, not an unreadable one. */
    static final class Wrong extends RuntimeException {
        final int offset;

        Wrong(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    /**
     * An open sum ({@code \sum_k}, no bounds) with no term at these index values: outside the row's domain when
     * its indices have no stated range (the last layer for {@code δ^l_j = Σ_k ...}), unreadable otherwise.
     */
    static final class Outside extends Written.Unreadable {
        Outside(String message, int offset) { super(message, offset); }
    }
}
