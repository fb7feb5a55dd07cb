package io.github.gradpath.check;

import io.github.gradpath.dsl.Linear;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names a document defines as derivatives, {@code \delta^l_j = \frac{\partial C}{\partial z^l_j}} (Nielsen's
 * error, Goodfellow's {@code \nabla}), so that later rows written with them are read: {@code \delta^{l+1}_k} is
 * {@code ∂C/∂z^{l+1}_k}. The defining name's subscripts must be bare symbols; a use substitutes its own.
 */
final class Definitions {
    static final Definitions NONE = new Definitions();

    private record Def(Written.Var name, Written.Part value) {}

    private final Map<String, Def> byBase = new HashMap<>();

    boolean isEmpty() { return byBase.isEmpty(); }

    /** Records {@code name := value}; false when the name's subscripts are not bare symbols. */
    boolean define(Written.Var name, Written.Part value) {
        if (this == NONE) return false;
        for (Linear l : name.subs()) {
            if (l.constant() != 0 || l.coeffs().size() != 1 || l.coeffs().values().iterator().next() != 1) return false;
        }
        byBase.put(name.base(), new Def(name, value));
        return true;
    }

    /** The derivative a use of a defined name stands for, or null. */
    Written.Part lookup(Written.Var use) {
        Def d = byBase.get(use.base());
        if (d == null || d.name().subs().size() != use.subs().size()) return null;
        Map<String, Linear> to = new HashMap<>();
        for (int k = 0; k < use.subs().size(); k++) {
            to.put(d.name().subs().get(k).coeffs().keySet().iterator().next(), use.subs().get(k));
        }
        return new Written.Part(subst(d.value().num(), to, use.offset()), subst(d.value().den(), to, use.offset()),
                d.value().direct(), use.offset());
    }

    private static Written.Var subst(Written.Var v, Map<String, Linear> to, int offset) {
        List<Linear> subs = v.subs().stream().map(l -> subst(l, to)).toList();
        StringBuilder text = new StringBuilder();
        for (Linear l : subs) text.append(text.length() > 0 ? "," : "").append(l);
        return new Written.Var(v.base(), subs, subs.isEmpty() ? "" : text.toString(), offset);
    }

    private static Linear subst(Linear l, Map<String, Linear> to) {
        Linear out = Linear.constant(l.constant(), l.pos());
        for (var e : l.coeffs().entrySet()) {
            Linear r = to.getOrDefault(e.getKey(), Linear.symbol(e.getKey(), l.pos()));
            out = out.plus(r.times(e.getValue()), 1);
        }
        return out;
    }
}
