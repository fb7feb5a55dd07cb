package io.github.gradpath.check;

import io.github.gradpath.dsl.Formula;

import java.util.ArrayList;
import java.util.List;

/**
 * Nielsen's and Goodfellow's δ: {@code δ_n = ∂L/∂z_n}, the loss's gradient by the pre-activation {@code z_n} of a
 * layer {@code u = a(z_n)} whose pre-activation is no node of the network ({@code derive --expand} names it in its
 * block, {@code z_6 = w_6 h_6}). Written {@code \delta_6}, {@code {\bm \delta}_{f_2}}, {@code \boldsymbol\delta^l},
 * {@code \delta^{(l)}}; a document that defines δ itself ({@code \delta^l_j = \frac{\partial C}{\partial z^l_j}})
 * uses {@link Definitions} instead, and {@code ∂L/∂z_n} written out is read the same way. The layer is found as
 * {@link Primes} finds a pre-activation: the function with the same subscript ({@code a_6}), else the node the
 * label names ({@code f_2}), else the one node with that subscript whose formula is a function's application.
 */
final class Deltas {
    private Deltas() {}

    static boolean isDelta(Written.Var v) {
        return v.base().equals("delta") && (!v.subs().isEmpty() || !v.text().isEmpty());
    }

    static boolean isPre(Written.Var v) { return v.base().equals("z") || v.base().equals("zeta"); }

    /** A left side {@code δ_n}: a derivative record whose two sides are the δ itself (no node has that name). */
    static Written.Part left(Written.Var v) { return new Written.Part(v, v, false, v.offset()); }

    static boolean isLeft(Written.Part p) { return p.num() == p.den() && isDelta(p.num()); }

    static String display(Written.Part p) { return isLeft(p) ? "δ" + p.num().display().substring(5) : p.display(); }

    /** Whether {@code w} names a δ or a {@code ∂L/∂z} of a network without such nodes (judged with matrices). */
    static boolean mentions(Networks.Instance inst, Written w) {
        java.util.ArrayDeque<Written> stack = new java.util.ArrayDeque<>();
        stack.push(w);
        while (!stack.isEmpty()) {
            Written x = stack.pop();
            if (x instanceof Written.Value v && isDelta(v.var()) && absent(inst, "delta")) return true;
            if (x instanceof Written.Part p && isPre(p.den()) && absent(inst, p.den().base())) return true;
            if (x instanceof Written.Prod p) p.factors().forEach(stack::push);
            else if (x instanceof Written.Sum s) s.terms().forEach(stack::push);
            else if (x instanceof Written.Big b) stack.push(b.body());
            else Written.children(x).forEach(stack::push);
        }
        return false;
    }

    /** Whether the tokens write a δ with an index ({@code \delta_5}, {@code {\bm \delta}_{f_2}}, {@code \delta^l}). */
    static boolean mentions(List<List<Tex.Tok>> sides) {
        for (List<Tex.Tok> ts : sides) {
            for (int k = 0; k + 1 < ts.size(); k++) {
                if (!ts.get(k).is("\\delta")) continue;
                int n = k + 1;
                while (n < ts.size() && ts.get(n).kind() == Tex.Kind.RBRACE) n++;
                if (n < ts.size() && (ts.get(n).is("_") || ts.get(n).is("^"))) return true;
            }
        }
        return false;
    }

    private static boolean absent(Networks.Instance inst, String base) {
        return inst.graph().nodes().stream().noneMatch(n -> n.name().base().equals(base));
    }

    /** The node {@code u = a(z)} whose pre-activation {@code label} names; {@link Resolver.Wrong} when none or several. */
    static int owner(Resolver r, Written.Var label, long shift) { return owner(r, label, shift, null); }

    /** As {@link #owner(Resolver, Written.Var, long)}, among the applications of {@code function} only (when not null). */
    static int owner(Resolver r, Written.Var label, long shift, String function) {
        var g = r.inst.graph();
        String key = r.key(label, shift);
        List<Integer> found = new ArrayList<>();
        for (var n : g.nodes()) {
            if (n.local() instanceof Formula.Apply a && !key.isEmpty() && a.function().subscript().equals(key)
                    && (function == null || a.function().base().equals(function))) found.add(n.id());
        }
        if (found.size() != 1 && !label.text().isEmpty()) {
            String t = label.text();
            int u = t.indexOf('_');
            Integer id = u < 0 ? r.inst.node(t, "") : r.inst.node(t.substring(0, u), t.substring(u + 1).replace("{", "").replace("}", ""));
            if (id != null && g.node(id).local() instanceof Formula.Apply) found = List.of(id);
        }
        if (found.size() != 1) {
            found = new ArrayList<>();
            for (var n : g.nodes()) {
                if (n.local() instanceof Formula.Apply a && (function == null || a.function().base().equals(function))
                        && !key.isEmpty() && Integer.valueOf(n.id()).equals(r.inst.node(n.name().base(), key))) {
                    found.add(n.id());
                }
            }
        }
        if (found.size() != 1) {
            throw new Resolver.Wrong("`" + label.display() + "` names no layer's pre-activation: "
                    + (found.isEmpty() ? "no node applies a function to a pre-activation of that name"
                    : found.size() + " nodes would fit") + " (δ_n is ∂L/∂z_n for u = a_n(z_n))", label.offset());
        }
        return found.get(0);
    }
}
