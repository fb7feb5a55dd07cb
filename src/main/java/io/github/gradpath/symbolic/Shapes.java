package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Row;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The shape of a row: what it says with every subscript erased and every run of like factors counted once, so
 * {@code ∂h_N/∂h_{N-1} × ⋯ × ∂h_{q+1}/∂w_q} and the row below it have the same shape, while the row that first
 * meets {@code s_q} does not. A named factor's shape includes its definition's: {@code ∂s_q/∂h_{p+1}} (a chain)
 * and {@code ∂s_q/∂h_{p-1}} (through the skip) differ although they are written alike.
 */
final class Shapes {
    private Shapes() {}

    static String of(Expr e, Map<Expr, Row.Equation> defs) {
        return token(e, defs, true);
    }

    /** The shape of a definition: its right-hand sides, with named factors inside only marked as named. */
    static String ofDefinition(Row.Equation def, Map<Expr, Row.Equation> defs) {
        List<String> parts = new ArrayList<>();
        for (Expr r : def.rhs()) parts.add(token(r, defs, false));
        return String.join(" = ", parts);
    }

    private static String token(Expr e, Map<Expr, Row.Equation> defs, boolean openDefinitions) {
        if (e instanceof Expr.Partial p) {
            String t = p.numerator().base() + "/" + p.denominator().base() + (p.direct() ? "!" : "");
            Row.Equation def = defs.get(stripDirect(p));
            if (def == null) return t;
            return t + (openDefinitions ? "#{" + ofDefinition(def, defs) + "}" : "#");
        }
        if (e instanceof Expr.Product p) {
            List<String> out = new ArrayList<>();
            for (Expr f : p.factors()) {
                String t = token(f, defs, openDefinitions);
                if (out.isEmpty() || !out.get(out.size() - 1).equals(t)) out.add(t);
            }
            return String.join(" * ", out);
        }
        if (e instanceof Expr.Sum s) {
            List<String> out = new ArrayList<>();
            for (Expr t : s.terms()) out.add(token(t, defs, openDefinitions));
            return "(" + String.join(" + ", out) + ")";
        }
        if (e instanceof Expr.Var v) return v.base();
        if (e instanceof Expr.One) return "1";
        if (e instanceof Expr.Zero) return "0";
        return e.getClass().getSimpleName();
    }

    static Expr stripDirect(Expr.Partial p) {
        return p.direct() ? new Expr.Partial(p.numerator(), p.denominator()) : p;
    }

    /**
     * Default rows: the first row, the last two (where the chain closes at the input), every row whose shape
     * occurs once, and the last row of each repeated shape (the one nearest the input, which shows the most of
     * its pattern). Returns indices in order.
     */
    static List<Integer> select(List<String> shapes) {
        int n = shapes.size();
        TreeSet<Integer> out = new TreeSet<>();
        if (n == 0) return List.of();
        out.add(0);
        out.add(n - 1);
        if (n >= 2) out.add(n - 2);
        Map<String, Integer> count = new HashMap<>(), last = new HashMap<>();
        for (int i = 0; i < n; i++) {
            count.merge(shapes.get(i), 1, Integer::sum);
            last.put(shapes.get(i), i);
        }
        for (int i = 0; i < n; i++) if (count.get(shapes.get(i)) == 1) out.add(i);
        out.addAll(last.values());
        return new ArrayList<>(out);
    }
}
