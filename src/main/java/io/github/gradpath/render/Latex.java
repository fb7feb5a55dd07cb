package io.github.gradpath.render;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Exprs;
import io.github.gradpath.derive.Row;
import io.github.gradpath.dsl.Linear;

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
        String name = GREEK.contains(v.base()) ? "\\" + v.base() : v.base();
        String base = v.role() == Expr.Role.LOSS ? name : bold(name, style);
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

    /** {@link #partial} appended to {@code sb}: the hot factor of every row, written with no string between. */
    private static void partial(Expr.Partial p, StringBuilder sb, Style style) {
        if (p.direct()) sb.append("\\left.");
        sb.append("\\frac{\\partial ");
        var(p.numerator(), sb, style);
        sb.append("}{\\partial ");
        var(p.denominator(), sb, style);
        sb.append('}');
        if (p.direct()) sb.append("\\right|_{\\mathrm{direct}}");
    }

    /**
     * {@link #var} appended to {@code sb}. A derivation shares one Var per graph node across its rows (a
     * 1,000-layer factored block writes each node up to a thousand times), so the text is remembered per Var
     * instance and style in a small per-thread table; a clash just writes the text again.
     */
    private static void var(Expr.Var v, StringBuilder sb, Style style) {
        Memo m = MEMO.get();
        int slot = System.identityHashCode(v) & (Memo.SIZE - 1);
        if (m.vars[slot] != v || m.styles[slot] != style) {
            m.vars[slot] = v;
            m.styles[slot] = style;
            m.texts[slot] = var(v, style);
        }
        sb.append(m.texts[slot]);
    }

    private static final class Memo {
        static final int SIZE = 8192; // more than a 1,000-layer row names: a smaller table thrashes row after row
        final Expr.Var[] vars = new Expr.Var[SIZE];
        final Style[] styles = new Style[SIZE];
        final String[] texts = new String[SIZE];
    }

    private static final ThreadLocal<Memo> MEMO = ThreadLocal.withInitial(Memo::new);

    private static void write(Expr e, StringBuilder sb, boolean inProduct, Style style) {
        if (e instanceof Expr.Var v) var(v, sb, style);
        else if (e instanceof Expr.Partial p) partial(p, sb, style);
        else if (e instanceof Expr.One) sb.append('1');
        else if (e instanceof Expr.Zero) sb.append('0');
        else if (e instanceof Expr.Cdots) sb.append(style.cdotsSpace() ? "\\cdots " : "\\cdots");
        else if (e instanceof Expr.Product p) product(p.factors(), sb, style);
        else if (e instanceof Expr.Run r) product(List.of(r), sb, style);
        else if (e instanceof Expr.Sum s) {
            if (inProduct) sb.append("\\left(");
            List<Expr> ts = ordered(s.terms(), style);
            for (int i = 0; i < ts.size(); i++) {
                Expr t = ts.get(i);
                // A term led by a negative coefficient reads `a - \frac{1}{2} b`, not `a + -\frac{1}{2} b`.
                Expr flipped = i > 0 ? withoutLeadingMinus(t) : null;
                boolean minus = i > 0 && (t instanceof Expr.Negate || flipped != null);
                if (i > 0) sb.append(minus ? " - " : " + ");
                write(flipped != null ? flipped : minus ? ((Expr.Negate) t).operand() : t, sb, minus, style);
            }
            if (inProduct) sb.append("\\right)");
        } else if (e instanceof Expr.Apply a) {
            sb.append(function(a.function())).append('(');
            write(a.argument(), sb, false, style);
            sb.append(')');
        } else if (e instanceof Expr.Derivative a) {
            sb.append(function(a.function())).append("'(");
            write(a.argument(), sb, false, style);
            sb.append(')');
        } else if (e instanceof Expr.Juxtapose j) {
            for (Expr f : j.factors()) {
                int at = sb.length();
                write(f, sb, true, style);
                separate(sb, at);
            }
        } else if (e instanceof Expr.SumOver s) {
            big("\\sum", s.index(), s.from(), s.to(), s.body(), sb, inProduct, style);
        } else if (e instanceof Expr.ProductOver p) {
            big("\\prod", p.index(), p.from(), p.to(), p.body(), sb, inProduct, style);
        } else if (e instanceof Expr.Constant c) {
            constant(c, sb);
        } else if (e instanceof Expr.Symbol s) {
            sb.append(GREEK.contains(s.name()) ? "\\" + s.name() : s.name());
        } else if (e instanceof Expr.Transpose t) {
            boolean atom = atom(t.operand());
            sb.append(atom ? "" : "\\left(");
            write(t.operand(), sb, false, style);
            sb.append(atom ? "" : "\\right)").append("^\\top");
        } else if (e instanceof Expr.Diag d) {
            sb.append("\\operatorname{diag}\\left(");
            write(d.operand(), sb, false, style);
            sb.append("\\right)");
        } else if (e instanceof Expr.Hadamard h) {
            if (inProduct) sb.append("\\left(");
            for (int i = 0; i < h.factors().size(); i++) {
                if (i > 0) sb.append(" \\odot ");
                write(h.factors().get(i), sb, true, style);
            }
            if (inProduct) sb.append("\\right)");
        } else if (e instanceof Expr.Concat c) {
            sb.append("\\begin{bmatrix}");
            for (int i = 0; i < c.parts().size(); i++) {
                sb.append(i > 0 ? " \\\\ " : " ");
                write(c.parts().get(i), sb, false, style);
            }
            sb.append(" \\end{bmatrix}");
        } else if (e instanceof Expr.Negate n) {
            if (inProduct) sb.append("\\left(");
            sb.append('-');
            write(n.operand(), sb, true, style);
            if (inProduct) sb.append("\\right)");
        } else {
            throw new IllegalStateException("no LaTeX for " + e.getClass().getSimpleName());
        }
    }

    private static boolean negativeConstant(Expr e) {
        return e instanceof Expr.Constant c && c.numerator().isConstant() && c.denominator().isConstant()
                && c.numerator().constant() < 0;
    }

    /** {@code t} with its leading negative coefficient made positive, or null when it has none. */
    private static Expr withoutLeadingMinus(Expr t) {
        if (negativeConstant(t)) {
            Expr.Constant c = (Expr.Constant) t;
            return Expr.Constant.of(-c.numerator().constant(), c.denominator().constant());
        }
        if (t instanceof Expr.Product p && !p.factors().isEmpty() && negativeConstant(p.factors().get(0))) {
            Expr.Constant c = (Expr.Constant) p.factors().get(0);
            List<Expr> fs = new java.util.ArrayList<>(p.factors());
            if (c.numerator().constant() == -1 && c.denominator().constant() == 1 && fs.size() > 1) fs.remove(0);
            else fs.set(0, Expr.Constant.of(-c.numerator().constant(), c.denominator().constant()));
            return fs.size() == 1 ? fs.get(0) : new Expr.Product(fs);
        }
        return null;
    }

    private static final java.util.Set<String> GREEK = java.util.Set.of("alpha", "beta", "gamma", "delta",
            "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau",
            "upsilon", "phi", "chi", "psi", "omega");

    private static String function(Expr.Var f) {
        return name(f.base()) + subscript(f.subscript());
    }

    /** Written without brackets as an operand of a postfix operator. */
    private static boolean atom(Expr e) {
        return e instanceof Expr.Var || e instanceof Expr.Symbol || e instanceof Expr.One || e instanceof Expr.Zero;
    }

    /**
     * {@code \sum_{t=1}^{T} body}: the body runs to the end of the term, so a sum body is bracketed, and so is
     * the whole where a factor follows it in a product (the caller brackets it: {@code inProduct}).
     */
    private static void big(String op, String index, Linear from, Linear to, Expr body, StringBuilder sb,
                            boolean bracket, Style style) {
        if (bracket) sb.append("\\left(");
        sb.append(op).append("_{").append(index).append('=').append(Exprs.tex(from)).append("}^{")
                .append(Exprs.tex(to)).append("} ");
        boolean group = body instanceof Expr.Sum || (op.equals("\\prod") && (body instanceof Expr.Product
                || body instanceof Expr.Run));
        if (group) sb.append("\\left(");
        write(body, sb, false, style);
        if (group) sb.append("\\right)");
        if (bracket) sb.append("\\right)");
    }

    private static void constant(Expr.Constant c, StringBuilder sb) {
        String n = Exprs.tex(c.numerator()), d = Exprs.tex(c.denominator());
        if (d.equals("1")) sb.append(n);
        else if (n.startsWith("-")) sb.append("-\\frac{").append(n.substring(1)).append("}{").append(d).append('}');
        else sb.append("\\frac{").append(n).append("}{").append(d).append('}');
    }

    /** Runs are written out inline: {@code first \times \cdots \times last}. */
    /**
     * A control word followed by a letter would read as one longer word ({@code \lambda} then an unbolded
     * {@code x}: {@code \lambdax}); a space at {@code at}, where the two were joined, keeps them apart.
     */
    private static void separate(StringBuilder sb, int at) {
        if (at == 0 || at >= sb.length() || !Character.isLetter(sb.charAt(at)) || !Character.isLetter(sb.charAt(at - 1))) {
            return;
        }
        int i = at - 1;
        while (i >= 0 && Character.isLetter(sb.charAt(i))) i--;
        if (i >= 0 && sb.charAt(i) == '\\') sb.insert(at, ' ');
    }

    private static void product(List<Expr> given, StringBuilder sb, Style style) {
        String op = switch (style.product()) {
            case TIMES -> "\\times ";
            case CDOT -> "\\cdot ";
            case JUXTAPOSE -> " ";
        };
        List<Expr> fs = new java.util.ArrayList<>(given.size() + 2);
        for (Expr f : given) {
            if (f instanceof Expr.Run r) {
                fs.add(r.first());
                fs.add(new Expr.Cdots());
                if (r.showLast()) fs.add(Exprs.runLast(r));
            } else {
                fs.add(f);
            }
        }
        for (int i = 0; i < fs.size(); i++) {
            if (i > 0) sb.append(scalar(fs.get(i - 1)) ? " " : op);
            Expr f = fs.get(i);
            if (i > 0 && negativeConstant(f)) {
                // `a \times -\frac{1}{2}` would read as a subtraction: the coefficient is bracketed.
                sb.append("\\left(");
                constant((Expr.Constant) f, sb);
                sb.append("\\right)");
                continue;
            }
            // A Σ or ∏ runs to the end of its term: bracketed only where a factor follows it.
            boolean big = f instanceof Expr.SumOver || f instanceof Expr.ProductOver;
            write(f, sb, !big || i < fs.size() - 1, style);
        }
    }

    /** A scalar coefficient is juxtaposed with what it multiplies ({@code \frac{1}{T} \sum ...}). */
    private static boolean scalar(Expr e) {
        return e instanceof Expr.Constant || e instanceof Expr.Symbol;
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
