package io.github.gradpath.render;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Row;

import java.util.List;

/**
 * Expression tree to LaTeX, in the chapter's notation: bold vectors ({@code {\bm h}_q}), plain loss and function
 * names ({@code L}, {@code a_n}), {@code \times} between Jacobians. One function per tree shape; no format knows
 * about any other. Iterative over products and sums, so a 100,000-factor product renders without deep recursion.
 */
public final class Latex {
    private Latex() {}

    public static String expr(Expr e) {
        StringBuilder sb = new StringBuilder();
        write(e, sb, false);
        return sb.toString();
    }

    public static String var(Expr.Var v) {
        String base = v.role() == Expr.Role.LOSS ? v.base() : "{\\bm " + v.base() + "}";
        return base + subscript(v.subscript());
    }

    static String subscript(String s) {
        if (s.isEmpty()) return "";
        return "_" + (s.length() == 1 ? s : "{" + s + "}");
    }

    public static String partial(Expr.Partial p) {
        String f = "\\frac{\\partial " + var(p.numerator()) + "}{\\partial " + var(p.denominator()) + "}";
        // A lone edge's Jacobian where other paths exist; \partial alone would mean the total derivative.
        return p.direct() ? "\\left." + f + "\\right|_{\\mathrm{direct}}" : f;
    }

    private static void write(Expr e, StringBuilder sb, boolean inProduct) {
        if (e instanceof Expr.Var v) sb.append(var(v));
        else if (e instanceof Expr.Partial p) sb.append(partial(p));
        else if (e instanceof Expr.One) sb.append('1');
        else if (e instanceof Expr.Zero) sb.append('0');
        else if (e instanceof Expr.Cdots) sb.append("\\cdots");
        else if (e instanceof Expr.Product p) product(p.factors(), sb);
        else if (e instanceof Expr.Sum s) {
            if (inProduct) sb.append("\\left(");
            List<Expr> ts = s.terms();
            for (int i = 0; i < ts.size(); i++) {
                if (i > 0) sb.append(" + ");
                write(ts.get(i), sb, false);
            }
            if (inProduct) sb.append("\\right)");
        } else if (e instanceof Expr.Apply a) {
            sb.append(a.function().base()).append(subscript(a.function().subscript())).append('(');
            write(a.argument(), sb, false);
            sb.append(')');
        } else if (e instanceof Expr.Juxtapose j) {
            for (Expr f : j.factors()) write(f, sb, true);
        }
    }

    private static void product(List<Expr> fs, StringBuilder sb) {
        for (int i = 0; i < fs.size(); i++) {
            if (i > 0) sb.append("\\times ");
            write(fs.get(i), sb, true);
        }
    }

    /**
     * Rows of an {@code aligned} environment: {@code lhs &= rhs}, further right-hand sides on rows of their own
     * ({@code &= ...}), {@code \vdots} rows as the chapter writes them. No row is blank: Sphinx would split there.
     */
    public static List<String> alignedRows(List<Row> rows) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (Row r : rows) {
            if (r instanceof Row.Vdots) {
                out.add("&\\ \\ \\vdots");
                continue;
            }
            Row.Equation eq = (Row.Equation) r;
            String cond = eq.condition().isEmpty() ? "" : ",\\quad " + eq.condition();
            for (int i = 0; i < eq.rhs().size(); i++) {
                String lhs = i == 0 ? expr(eq.lhs()) + " " : "";
                String tail = i == eq.rhs().size() - 1 ? cond : "";
                out.add(lhs + "&= " + expr(eq.rhs().get(i)) + tail);
            }
        }
        return out;
    }
}
