package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the sides of a row name, read before they are judged ({@link UnitChecker}): their variables (those a value
 * of an index must make nodes of the network), the index symbols free in them, the ranges stated for those,
 * literal labels, δ rows, weights.
 */
final class SideNames {
    private SideNames() {}

    static boolean weight(Networks.Instance inst, Written.Var v) {
        return inst.graph().nodes().stream().anyMatch(n -> n.kind() == io.github.gradpath.graph.ComputationGraph.Kind.PARAM
                && n.name().base().equals(v.base()));
    }

    /**
     * Whether a row without ∂ is a δ statement: {@code δ_4 = diag(a_4'(z_4)) w_5^T δ_5}, or the continuation
     * {@code &= ...} of a row whose left side is a δ or a derivative (whatever it holds: {@code &= W^\top
     * \operatorname{diag}(\tanh'(z_t))} states the derivative above, and passing it with a note would pass it silently).
     */
    static boolean deltaRow(RowParser.Row row, Written.Part prev) {
        if (row.sides().size() < 2) return false;
        List<Tex.Tok> left = row.sides().get(0);
        if (left.isEmpty()) return prev != null;
        if (!plainVariable(left)) return false;
        try {
            return Deltas.isDelta(ExprParser.var(left, 0, left.size()));
        } catch (Written.Unreadable e) {
            return false;
        }
    }

    static boolean plainVariable(List<Tex.Tok> left) {
        try {
            ExprParser.var(left, 0, left.size());
            return true;
        } catch (Written.Unreadable e) {
            return false;
        }
    }

    /** Whether every node the right sides name exists at this value. */
    static boolean names(Resolver r, List<Written> rhs) {
        List<Written.Var> vars = new ArrayList<>();
        for (Written w : rhs) vars(w, vars);
        for (Written w : rhs) calls(w, vars);
        for (Written.Var v : vars) {
            try {
                if (Deltas.isDelta(v) && r.inst.graph().nodes().stream().noneMatch(n -> n.name().base().equals("delta"))) {
                    Deltas.owner(r, v, 0);
                    continue;
                }
                r.node(v, 0);
            } catch (Resolver.Wrong | Written.Unreadable e) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is used as a literal label ({@code w_h} with a node {@code w_h}) rather than an index. */
    static boolean label(String s, List<Written.Var> vars, Networks.Instance inst) {
        for (Written.Var v : vars) {
            if (v.subs().size() == 1 && v.text().equals(s) && inst.node(v.base(), s) != null) return true;
            // z_t, z_h of an expanded derivation: the label is a node's name (the gate t), no index
            if (v.subs().size() == 1 && v.text().equals(s) && inst.node(v.base(), s) == null && inst.node(s, "") != null
                    && inst.graph().nodes().stream().noneMatch(n -> n.name().base().equals(v.base()))) return true;
        }
        return false;
    }

    /** Removes the arguments of calls: {@code y_t} in {@code l(o_t, y_t)} is a target, no node. */
    static void calls(Written w, List<Written.Var> out) {
        if (w instanceof Written.Call c) {
            out.removeAll(c.args());
            if (c.den().subs().isEmpty()) out.remove(c.den()); // ∂_h f(x, h_{t-1}): h names an argument
        }
        else if (w instanceof Written.Big b) calls(b.body(), out);
        else if (w instanceof Written.Either e) { calls(e.a(), out); calls(e.b(), out); }
        else if (w instanceof Written.Prod p) p.factors().forEach(f -> calls(f, out));
        else if (w instanceof Written.Sum x) x.terms().forEach(f -> calls(f, out));
        else Written.children(w).forEach(f -> calls(f, out));
    }

    /** Explicit values' names, also inside sums and products over an index: {@code (W_{hh}^\top)^{T-i}} names W_hh. */
    static void deep(Written w, List<Written.Var> out) {
        if (w instanceof Written.Value v) out.add(v.var());
        else if (w instanceof Written.Prime p) out.add(p.arg());
        else if (w instanceof Written.Big b) deep(b.body(), out);
        else if (w instanceof Written.Prod p) p.factors().forEach(f -> deep(f, out));
        else if (w instanceof Written.Sum x) x.terms().forEach(f -> deep(f, out));
        else if (w instanceof Written.Either e) { deep(e.a(), out); deep(e.b(), out); }
        else Written.children(w).forEach(f -> deep(f, out));
    }

    static void vars(Written w, List<Written.Var> out) {
        if (w instanceof Written.Part p) {
            out.add(p.num());
            out.add(p.den());
        } else if (w instanceof Written.Call c) {
            out.addAll(c.args());
            out.add(c.den());
        } else if (w instanceof Written.Either e) {
            vars(e.a(), out);
            vars(e.b(), out);
        } else if (w instanceof Written.Prod p) {
            p.factors().forEach(f -> vars(f, out));
        } else if (w instanceof Written.Sum x) {
            x.terms().forEach(f -> vars(f, out));
        } else if (w instanceof Written.Value v) {
            out.add(v.var());
        } else if (!(w instanceof Written.Prime)) {
            // a derivative's argument may be a pre-activation (z_6) that is no node: its resolution reports it
            Written.children(w).forEach(f -> vars(f, out));
        }
    }

    static Range rangeFor(String s, RowParser.Row row, MathUnit unit) {
        Optional<Range> own = Range.find(row.condition());
        if (own.isPresent() && own.get().symbol().equals(s)) return own.get();
        for (Range r : unit.before()) if (r.symbol().equals(s)) return r;
        for (Range r : unit.after()) if (r.symbol().equals(s)) return r;
        return null;
    }

    static void symbols(Written w, Set<String> out) {
        if (w instanceof Written.Part p) {
            for (var l : p.num().subs()) out.addAll(l.coeffs().keySet());
            for (var l : p.den().subs()) out.addAll(l.coeffs().keySet());
        } else if (w instanceof Written.Big b) {
            Set<String> inner = new LinkedHashSet<>();
            symbols(b.body(), inner);
            inner.remove(b.symbol());
            out.addAll(inner);
            if (b.lo() != null) out.addAll(b.lo().coeffs().keySet());
            if (b.hi() != null) out.addAll(b.hi().coeffs().keySet());
        } else if (w instanceof Written.Either e) {
            symbols(e.a(), out);
            symbols(e.b(), out);
        } else if (w instanceof Written.Call c) {
            for (var v : c.args()) for (var l : v.subs()) out.addAll(l.coeffs().keySet());
            for (var l : c.den().subs()) out.addAll(l.coeffs().keySet());
        } else if (w instanceof Written.Prod p) {
            p.factors().forEach(f -> symbols(f, out));
        } else if (w instanceof Written.Sum s) {
            s.terms().forEach(f -> symbols(f, out));
        } else if (w instanceof Written.Value v) {
            for (var l : v.var().subs()) out.addAll(l.coeffs().keySet());
        } else if (w instanceof Written.Prime p) {
            for (var l : p.arg().subs()) out.addAll(l.coeffs().keySet());
        } else {
            if (w instanceof Written.Power p) out.addAll(p.exponent().coeffs().keySet());
            if (w instanceof Written.Ratio q) { out.addAll(q.numerator().coeffs().keySet()); out.addAll(q.denominator().coeffs().keySet()); }
            Written.children(w).forEach(f -> symbols(f, out));
        }
    }
}
