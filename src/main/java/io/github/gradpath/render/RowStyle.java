package io.github.gradpath.render;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The row-level choices of a {@link Style}, applied to one network's block before it is rendered. Both leave the
 * mathematics as it was: a {@code \vdots} row states nothing, and a factor kept inside a {@code \cdots} is one of
 * the steps the dots stand for ({@code ∂h_N/∂h_{N-1} × ⋯ × ∂h_{q+1}/∂h_q × ⋯ × ∂h_{p+1}/∂w_p}); that a kept factor
 * really lies inside the run is what the tests check with {@code gradpath check} on the styled output.
 */
public final class RowStyle {
    private RowStyle() {}

    public static List<Row> apply(Style style, String network, List<Row> rows) {
        Set<String> before = style.vdotsBefore().getOrDefault(network, Set.of());
        Map<String, List<String>> keep = style.keep().getOrDefault(network, Map.of());
        if (before.isEmpty() && keep.isEmpty()) return rows;
        Set<String> wanted = new java.util.HashSet<>();
        for (String b : before) wanted.add(normal(b));
        Map<String, List<String>> keepBy = new java.util.HashMap<>();
        keep.forEach((k, v) -> keepBy.put(normal(k), v));
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (r instanceof Row.Equation eq) {
                String name = name(eq.lhs());
                if (name != null && wanted.contains(name) && !out.isEmpty() && !(out.get(out.size() - 1) instanceof Row.Vdots)) {
                    out.add(new Row.Vdots());
                }
                List<String> kept = name == null ? null : keepBy.get(name);
                if (kept != null) r = keep(eq, kept, network, name);
            }
            out.add(r);
        }
        return out;
    }

    /** A row's name: the node of {@code ∂L/∂w_p} it is the gradient with respect to, or a forward row's node. */
    static String name(Expr lhs) {
        if (lhs instanceof Expr.Partial p) return normal(p.denominator().base() + "_" + p.denominator().subscript());
        if (lhs instanceof Expr.Var v) return normal(v.base() + "_" + v.subscript());
        return null;
    }

    /** {@code w_{p-1}}, {@code w_p-1} and {@code w_{ p - 1 }} are one name; {@code w_} is {@code w}. */
    static String normal(String name) {
        String s = name.replace("{", "").replace("}", "").replace(" ", "");
        return s.endsWith("_") ? s.substring(0, s.length() - 1) : s;
    }

    /** {@code h_{q+1}/h_q} as the total derivative {@code ∂h_{q+1}/∂h_q}. */
    static Expr.Partial parseFactor(String text) {
        int slash = -1, depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') depth++;
            else if (c == '}') depth--;
            else if (c == '/' && depth == 0) slash = i;
        }
        if (slash < 0) throw new IllegalArgumentException("expected a factor NUM/DEN such as h_{q+1}/h_q, not `" + text + "`");
        return new Expr.Partial(var(text.substring(0, slash)), var(text.substring(slash + 1)));
    }

    private static Expr.Var var(String text) {
        String t = text.strip();
        if (!t.matches("[A-Za-z][A-Za-z0-9]*(_(\\{[^{}]+\\}|[A-Za-z0-9]))?")) {
            throw new IllegalArgumentException("expected a name such as h_{q+1}, not `" + t + "`");
        }
        int u = t.indexOf('_');
        if (u < 0) return new Expr.Var(t, "", Expr.Role.NODE);
        String sub = t.substring(u + 1);
        if (sub.startsWith("{")) sub = sub.substring(1, sub.length() - 1).replace(" ", "");
        return new Expr.Var(t.substring(0, u), sub, Expr.Role.NODE);
    }

    /**
     * Writes each kept factor after the next {@code \cdots} of the row's product, followed by another
     * {@code \cdots} unless it joins the factor after the dots ({@code ⋯ × ∂h_2/∂h_1 × ∂h_1/∂w_0}). The factor
     * must step between the same kinds of node as the one before the dots, or it could not be one of its steps.
     */
    private static Row keep(Row.Equation eq, List<String> kept, String network, String row) {
        List<Expr> rhs = new ArrayList<>(eq.rhs());
        int which = rhs.size() - 1;
        if (!(rhs.get(which) instanceof Expr.Product prod)) throw noDots(network, row, kept.get(0));
        // Runs are written first \cdots last: keep factors inside those dots as well as inside literal ones.
        List<Expr> fs = new ArrayList<>();
        for (Expr f : prod.factors()) {
            if (f instanceof Expr.Run r) {
                fs.add(r.first());
                fs.add(new Expr.Cdots());
                if (r.showLast()) fs.add(io.github.gradpath.derive.Exprs.runLast(r));
            } else {
                fs.add(f);
            }
        }
        int from = 0;
        for (String k : kept) {
            Expr.Partial w = parseFactor(k);
            int i = from;
            while (i < fs.size() && !(fs.get(i) instanceof Expr.Cdots)) i++;
            if (i == 0 || i >= fs.size() - 1 || !(fs.get(i - 1) instanceof Expr.Partial a)
                    || !(fs.get(i + 1) instanceof Expr.Partial b)) throw noDots(network, row, k);
            if (!a.numerator().base().equals(w.numerator().base()) || !a.denominator().base().equals(w.denominator().base())) {
                throw fail("style keeps " + k + " in row " + row + " of " + network
                        + ", but the \\cdots there steps from " + a.numerator().base() + " to " + a.denominator().base());
            }
            Expr.Var aNum = a.numerator();
            Expr.Partial kept1 = new Expr.Partial(new Expr.Var(w.numerator().base(), w.numerator().subscript(), aNum.role()),
                    new Expr.Var(w.denominator().base(), w.denominator().subscript(), a.denominator().role()));
            boolean joins = w.denominator().base().equals(b.numerator().base())
                    && w.denominator().subscript().equals(b.numerator().subscript());
            List<Expr> insert = joins ? List.of(kept1) : List.of(kept1, new Expr.Cdots());
            fs.addAll(i + 1, insert);
            from = i + 1 + insert.size() - (joins ? 0 : 1);
        }
        rhs.set(which, new Expr.Product(fs));
        return new Row.Equation(eq.lhs(), rhs, eq.condition());
    }

    private static io.github.gradpath.diag.InputException fail(String message) {
        io.github.gradpath.diag.Diagnostics d = new io.github.gradpath.diag.Diagnostics();
        d.error(null, io.github.gradpath.diag.Pos.NONE, message);
        return new io.github.gradpath.diag.InputException(d);
    }

    private static io.github.gradpath.diag.InputException noDots(String network, String row, String k) {
        return fail("style keeps " + k + " in row " + row + " of " + network
                + ", but that row has no \\cdots between two derivatives to keep it in");
    }
}
