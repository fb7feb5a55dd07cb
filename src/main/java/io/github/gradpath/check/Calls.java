package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.List;

/** Binds a function-call numerator ({@code ∂f(x_t, h_{t-1}, w_h)/∂w_h}, {@code ∂_w l(y_t, o_t)}) for {@link Resolver}. */
final class Calls {
    private Calls() {}

    /**
     * {@code ∂f(x_t, h_{t-1}, w_h)/∂w_h}: the single edge from the node that {@code f} defines, the one node
     * that uses every argument the network has, to the argument {@code w_h}.
     */
    static Resolved resolve(Resolver r, Written.Call c, long shift) {
        Integer byBase = null;
        try {
            r.node(c.den(), shift);
        } catch (Resolver.Wrong e) {
            // d2l's ∂_h f(x_t, h_{t-1}, w): the argument whose base the denominator names.
            for (Written.Var a : c.args()) {
                if (a.base().equals(c.den().base()) && c.den().subs().isEmpty()) {
                    if (byBase != null) throw e;
                    byBase = r.node(a, shift);
                }
            }
            if (byBase == null) throw e;
        }
        int den = byBase != null ? byBase : r.node(c.den(), shift);
        java.util.List<Integer> args = new ArrayList<>();
        boolean denIsArg = false;
        for (Written.Var a : c.args()) {
            Integer id;
            try {
                id = r.node(a, shift);
            } catch (Resolver.Wrong | Written.Unreadable e) {
                continue; // a label such as y_t, the target, is an argument of the loss but no node
            }
            args.add(id);
            if (id == den) denIsArg = true;
        }
        List<Integer> users = new ArrayList<>();
        if (!denIsArg) {
            // ∂_w l(y_t, o_t) with w no argument: the total derivative of the node the call defines.
            if (args.isEmpty()) {
                throw new Resolver.Wrong("`" + c.display() + "`: " + c.den().display() + " is not one of the arguments of "
                        + c.function().display() + ", and none of them is a node", c.offset());
            }
            for (int u : r.inst.graph().parents(args.get(0))) {
                boolean all = true;
                for (int a : args) all &= r.inst.graph().hasEdge(u, a);
                if (all && !users.contains(u)) users.add(u);
            }
            users = byFunction(r, users, c);
            if (users.size() != 1) {
                throw new Written.Unreadable("`" + c.display() + "`: " + (users.isEmpty() ? "no node" : users.size()
                        + " nodes") + " of the network use all of its arguments directly", c.offset());
            }
            int u = users.get(0);
            return new Resolved.Total(u, den, "∂" + r.inst.name(u) + "/∂" + r.inst.name(den), 0);
        }
        for (int u : r.inst.graph().parents(den)) {
            boolean all = true;
            for (int a : args) all &= r.inst.graph().hasEdge(u, a);
            if (all && !users.contains(u)) users.add(u);
        }
        users = byFunction(r, users, c);
        if (users.size() != 1) {
            throw new Written.Unreadable("`" + c.display() + "`: " + (users.isEmpty() ? "no node" : users.size() + " nodes")
                    + " of the network use" + (users.isEmpty() ? "s" : "") + " all of its arguments directly", c.offset());
        }
        int u = users.get(0);
        return new Resolved.Direct(u, den, "∂" + r.inst.name(u) + "/∂" + r.inst.name(den), 0);
    }

    /** Of several nodes that use the arguments, those the network defines with the call's function, if any. */
    private static List<Integer> byFunction(Resolver r, List<Integer> users, Written.Call c) {
        if (users.size() < 2) return users;
        List<Integer> named = new ArrayList<>();
        for (int u : users) {
            if (r.inst.graph().node(u).local() instanceof io.github.gradpath.dsl.Formula.Apply a
                    && a.function().base().equals(c.function().base())) named.add(u);
        }
        return named.isEmpty() ? users : named;
    }
}
