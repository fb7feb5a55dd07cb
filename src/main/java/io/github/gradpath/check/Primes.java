package io.github.gradpath.check;

import java.util.List;

/** Binds a written derivative of a function ({@code σ'(x_k)}, {@code a_n'(z_n)}) to the application it means. */
final class Primes {
    private Primes() {}

    /**
     * {@code σ'(x_k)} at a node, else an expanded derivation's pre-activation ({@code z_n}, {@code z_{f_2}}, {@code z_t},
     * defined in its block as {@code z_n = w_n h_n}): the application of the function {@code a_n} with the same
     * subscript, else the one defining the node {@code z}'s label names, else the only application of that function.
     */
    static Resolved resolve(Resolver r, Written.Prime p, long shift) {
        String fn = p.function().display();
        try {
            return new Resolved.Prime(fn, r.node(p.arg(), shift), -1);
        } catch (Resolver.Wrong | Written.Unreadable e) {
            // not a node: a pre-activation named after its function or node
        }
        var g = r.inst.graph();
        List<Integer> found = new java.util.ArrayList<>();
        String base = r.conv.alias(p.function()).base();
        String fkey = p.function().subs().isEmpty() && p.function().text().isEmpty() ? null : r.key(p.function(), shift);
        for (var n : g.nodes()) {
            if (n.local() instanceof io.github.gradpath.dsl.Formula.Apply a && a.function().base().equals(base)
                    && (fkey == null || a.function().subscript().equals(fkey))) found.add(n.id());
        }
        if (found.size() != 1 && !p.arg().text().isEmpty()) {
            String t = p.arg().text();
            int u = t.indexOf('_');
            Integer id = u < 0 ? r.inst.node(t, "") : r.inst.node(t.substring(0, u), t.substring(u + 1).replace("{", "").replace("}", ""));
            if (id != null && g.node(id).local() instanceof io.github.gradpath.dsl.Formula.Apply a && a.function().base().equals(base)
                    && (fkey == null || a.function().subscript().equals(fkey))) {
                found = List.of(id);
            }
        }
        if (found.size() > 1 && Deltas.isPre(p.arg()) && fkey != null) found = indexed(r, p, shift, fkey, found);
        if (found.size() != 1 && Deltas.isPre(p.arg())) {
            // Nielsen's σ'(z^l): the pre-activation of the layer with the same index, a^l = σ(z^l).
            try {
                int o = Deltas.owner(r, p.arg(), shift, base);
                if (g.node(o).local() instanceof io.github.gradpath.dsl.Formula.Apply a && a.function().base().equals(base)) {
                    found = List.of(o);
                }
            } catch (Resolver.Wrong | Written.Unreadable e) {
                // no such layer: reported below
            }
        }
        if (found.size() != 1 && !Resolver.symbolsOf(p.arg()).isEmpty() && !r.env.keySet().containsAll(Resolver.symbolsOf(p.arg()))) {
            throw new Resolver.Outside("`" + p.arg().display() + "` has no value here", p.offset());
        }
        if (found.size() != 1) {
            throw new Written.Unreadable("`" + fn + "'(" + p.arg().display() + ")`: " + p.arg().display() + " is no node,"
                    + (found.isEmpty() ? " and the network applies no " + fn : " and " + fn + " is applied " + found.size()
                    + " times") + " (name the pre-activation after its function, `a_n'(z_n)`, or its node, `z_{f_2}`)",
                    p.offset());
        }
        return new Resolved.Prime(fn, -1, found.get(0));
    }

    /**
     * derive --expand's indexed naming ({@code Expander.indexed}): {@code a_N'(z_{N,t})} names the pre-activation
     * of the application of {@code a_N} whose node's last subscripts are the ones after the function's ({@code y_t}
     * for {@code y_t = a_N(w_N h_{N,t})}, not {@code h_{N,t}}); {@code found} unchanged when that picks none.
     */
    private static List<Integer> indexed(Resolver r, Written.Prime p, long shift, String fkey, List<Integer> found) {
        int f = p.function().subs().size(), k = p.arg().subs().size();
        if (f == 0 || k <= f) return found;
        String[] arg;
        try {
            arg = r.key(p.arg(), shift).split(",");
        } catch (Written.Unreadable e) {
            return found;
        }
        if (arg.length != k || !String.join(",", java.util.Arrays.asList(arg).subList(0, f)).equals(fkey)) return found;
        List<Integer> out = new java.util.ArrayList<>();
        for (int id : found) {
            List<Long> own = r.inst.graph().node(id).name().indices();
            if (own.size() < k - f) continue;
            boolean same = true;
            for (int j = 0; j < k - f && same; j++) {
                same = String.valueOf(own.get(own.size() - (k - f) + j)).equals(arg[f + j]);
            }
            if (same) out.add(id);
        }
        return out.size() == 1 ? out : found;
    }
}
