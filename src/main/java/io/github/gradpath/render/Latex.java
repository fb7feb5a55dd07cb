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

    /** Known function names, written as operators rather than as products of italic letters. */
    private static final java.util.Map<String, String> OPERATORS = java.util.Map.ofEntries(
            java.util.Map.entry("tanh", "\\tanh"), java.util.Map.entry("sigma", "\\sigma"),
            java.util.Map.entry("sigmoid", "\\sigma"), java.util.Map.entry("exp", "\\exp"),
            java.util.Map.entry("log", "\\log"), java.util.Map.entry("softmax", "\\operatorname{softmax}"),
            java.util.Map.entry("relu", "\\operatorname{relu}"), java.util.Map.entry("softplus", "\\operatorname{softplus}"),
            java.util.Map.entry("identity", "\\operatorname{id}"));

    public static String expr(Expr e) { return expr(e, Style.DEFAULT); }

    public static String expr(Expr e, Style style) {
        StringBuilder sb = new StringBuilder();
        write(e, sb, false, style);
        return sb.toString();
    }

    public static String var(Expr.Var v) { return var(v, Style.DEFAULT); }

    public static String var(Expr.Var v, Style style) {
        String base = v.role() == Expr.Role.LOSS ? v.base() : bold(v.base(), style);
        return base + subscript(v.subscript());
    }

    private static String bold(String base, Style style) {
        return switch (style.bold()) {
            case BM -> "{\\bm " + base + "}";
            case BOLDSYMBOL -> "{\\boldsymbol " + base + "}";
            case MATHBF -> "{\\mathbf " + base + "}";
            case NONE -> base;
        };
    }

    /** A function's name: {@code \tanh}, {@code \operatorname{relu}}, or the letters as written. */
    static String name(String base) {
        return OPERATORS.getOrDefault(base, base);
    }

    static String subscript(String s) {
        if (s.isEmpty()) return "";
        return "_" + (s.length() == 1 ? s : "{" + s + "}");
    }

    public static String partial(Expr.Partial p) { return partial(p, Style.DEFAULT); }

    public static String partial(Expr.Partial p, Style style) {
        String f = "\\frac{\\partial " + var(p.numerator(), style) + "}{\\partial " + var(p.denominator(), style) + "}";
        // A lone edge's Jacobian where other paths exist; \partial alone would mean the total derivative.
        return p.direct() ? "\\left." + f + "\\right|_{\\mathrm{direct}}" : f;
    }

    private static void write(Expr e, StringBuilder sb, boolean inProduct, Style style) {
        if (e instanceof Expr.Var v) sb.append(var(v, style));
        else if (e instanceof Expr.Partial p) sb.append(partial(p, style));
        else if (e instanceof Expr.One) sb.append('1');
        else if (e instanceof Expr.Zero) sb.append('0');
        else if (e instanceof Expr.Cdots) sb.append(style.cdotsSpace() ? "\\cdots " : "\\cdots");
        else if (e instanceof Expr.Product p) product(p.factors(), sb, style);
        else if (e instanceof Expr.Sum s) {
            if (inProduct) sb.append("\\left(");
            List<Expr> ts = ordered(s.terms(), style);
            for (int i = 0; i < ts.size(); i++) {
                if (i > 0) sb.append(" + ");
                write(ts.get(i), sb, false, style);
            }
            if (inProduct) sb.append("\\right)");
        } else if (e instanceof Expr.Apply a) {
            sb.append(name(a.function().base())).append(subscript(a.function().subscript())).append('(');
            write(a.argument(), sb, false, style);
            sb.append(')');
        } else if (e instanceof Expr.Juxtapose j) {
            for (Expr f : j.factors()) write(f, sb, true, style);
        }
    }

    private static void product(List<Expr> fs, StringBuilder sb, Style style) {
        String op = switch (style.product()) {
            case TIMES -> "\\times ";
            case CDOT -> "\\cdot ";
            case JUXTAPOSE -> " ";
        };
        for (int i = 0; i < fs.size(); i++) {
            if (i > 0) sb.append(op);
            write(fs.get(i), sb, true, style);
        }
    }

    /** The terms of a sum with its identity term moved where the style wants it (a sum of Jacobians commutes). */
    static List<Expr> ordered(List<Expr> terms, Style style) {
        if (style.identity() == Style.Identity.SOURCE) return terms;
        List<Expr> ones = new java.util.ArrayList<>(), rest = new java.util.ArrayList<>();
        for (Expr t : terms) (t instanceof Expr.One ? ones : rest).add(t);
        if (ones.isEmpty()) return terms;
        List<Expr> out = new java.util.ArrayList<>();
        if (style.identity() == Style.Identity.FIRST) { out.addAll(ones); out.addAll(rest); }
        else { out.addAll(rest); out.addAll(ones); }
        return out;
    }

    /**
     * Rows of an {@code aligned} environment: {@code lhs &= rhs}, further right-hand sides on rows of their own
     * ({@code &= ...}), {@code \vdots} rows as the chapter writes them. No row is blank: Sphinx would split there.
     */
    public static List<String> alignedRows(List<Row> rows) { return alignedRows(rows, Style.DEFAULT); }

    public static List<String> alignedRows(List<Row> rows, Style style) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (Row r : rows) {
            if (r instanceof Row.Vdots) {
                out.add(style.vdotsSpace() ? "&\\ \\ \\vdots " : "&\\ \\ \\vdots");
                continue;
            }
            Row.Equation eq = (Row.Equation) r;
            String cond = eq.condition().isEmpty() ? "" : ",\\quad " + eq.condition();
            for (int i = 0; i < eq.rhs().size(); i++) {
                String lhs = i == 0 ? expr(eq.lhs(), style) + " " : "";
                String tail = i == eq.rhs().size() - 1 ? cond : "";
                out.add(lhs + "&= " + expr(eq.rhs().get(i), style) + tail);
            }
        }
        return out;
    }
}
