package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.parser.GradpathLexer;
import io.github.gradpath.dsl.parser.GradpathParser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parse tree to syntax records; loops, not recursion, over statements so file length never grows the stack. */
final class AstBuilder {
    private final Source source;
    private final Diagnostics diags;
    /** Nested index groups would report one overflow once per enclosing level. */
    private boolean overflowReported;

    AstBuilder(Source source, Diagnostics diags) {
        this.source = source;
        this.diags = diags;
        String text = source.text();
        // Token indices count code points; they are char indices of the text only when no character is a pair.
        this.chars = text.codePointCount(0, text.length()) == text.length() ? text : null;
    }

    /** The source text when token indices are indices into it (see the constructor), else null. */
    private final String chars;

    /**
     * Positions and base names are most of what a 100,000-layer file's syntax records hold (and so most of
     * what the collector copies): a token's position is made once (a rule, its target and its first factor
     * start at one token), and a base name ({@code h}, {@code w}) is one string however often it is written.
     */
    private final Pos[] posOf = new Pos[256];
    private final int[] posToken = new int[256];
    private final java.util.HashMap<String, String> names = new java.util.HashMap<>();

    {
        java.util.Arrays.fill(posToken, -1);
    }

    Pos pos(Token t) {
        int i = t.getTokenIndex();
        if (i < 0) return new Pos(t.getLine(), t.getCharPositionInLine() + 1);
        int k = i & (posOf.length - 1);
        if (posToken[k] != i) {
            posToken[k] = i;
            posOf[k] = new Pos(t.getLine(), t.getCharPositionInLine() + 1);
        }
        return posOf[k];
    }

    private String base(String text) {
        String known = names.putIfAbsent(text, text);
        return known == null ? text : known;
    }

    /**
     * A base name's text, one string per name however often it is written, read from the source without the
     * string ANTLR's {@code getText} makes per token (a 100,000-layer file writes 430,000 names): an
     * open-addressed table of the names met, found by comparing the token's characters in place.
     */
    private String base(Token t) { return base(t, t.getStartIndex(), t.getStopIndex() + 1); }

    /** Characters {@code [from, to)} of the source, inside token {@code t}, as {@link #base(Token)} gives them. */
    private String base(Token t, int from, int to) {
        if (chars == null || from < 0 || to > chars.length() || to <= from) return base(part(t, from, to));
        int h = 0;
        for (int i = from; i < to; i++) h = 31 * h + chars.charAt(i);
        int mask = table.length - 1;
        for (int k = (h ^ (h >>> 16)) & mask; ; k = (k + 1) & mask) {
            String s = table[k];
            if (s == null) {
                String name = base(chars.substring(from, to));
                table[k] = name;
                if (++tableSize * 2 > table.length) grow();
                return name;
            }
            if (s.length() == to - from && chars.regionMatches(from, s, 0, s.length())) return s;
        }
    }

    private String[] table = new String[64];
    private int tableSize;

    private void grow() {
        String[] old = table;
        table = new String[old.length * 2];
        int mask = table.length - 1;
        for (String s : old) {
            if (s == null) continue;
            int h = s.hashCode(); // the same sum as above: String.hashCode is 31·h + c over its chars
            int k = (h ^ (h >>> 16)) & mask;
            while (table[k] != null) k = (k + 1) & mask;
            table[k] = s;
        }
    }

    Pos pos(ParserRuleContext c) { return pos(c.getStart()); }

    private final List<NetworkSpec.IndexDecl> indices = new ArrayList<>();
    private final List<NameRef> inputs = new ArrayList<>();
    private final List<NameRef> params = new ArrayList<>();
    private final List<NetworkSpec.Rule> rules = new ArrayList<>();
    private NetworkSpec.LossDecl loss;
    private NetworkSpec.ShowDecl show;
    private final List<NetworkSpec.LeafLoop> leafLoops = new ArrayList<>();
    private final List<NameRef> scalars = new ArrayList<>();

    NetworkSpec network(GradpathParser.NetworkContext n) {
        for (GradpathParser.StatementContext s : n.statement()) statement(s);
        return finish(n);
    }

    /** One statement into the records collected so far. */
    void statement(GradpathParser.StatementContext s) {
        lastRule = null;
        // Nearly every statement is a definition; the accessors below each scan the children with an iterator.
        if (s.getChildCount() == 1 && s.getChild(0) instanceof GradpathParser.DefinitionContext d) {
            lastRule = rule(d);
            if (keepRules) rules.add(lastRule);
            return;
        }
        if (s.indexDecl() != null || s.inputDecl() != null || s.paramDecl() != null || s.scalarDecl() != null) {
            declarations++;
        }
        if (s.indexDecl() != null) indices.add(indexDecl(s.indexDecl()));
        else if (s.inputDecl() != null) {
            var d = s.inputDecl();
            if (d.forClause().isEmpty()) d.name().forEach(x -> inputs.add(name(x)));
            else leafLoops.add(new NetworkSpec.LeafLoop(d.name().stream().map(this::name).toList(), true,
                    d.forClause().stream().map(this::forClause).toList(), pos(d)));
        } else if (s.paramDecl() != null) {
            var d = s.paramDecl();
            if (d.forClause().isEmpty()) d.name().forEach(x -> params.add(name(x)));
            else leafLoops.add(new NetworkSpec.LeafLoop(d.name().stream().map(this::name).toList(), false,
                    d.forClause().stream().map(this::forClause).toList(), pos(d)));
        }
        else if (s.lossDecl() != null) {
            var l = s.lossDecl();
            if (loss != null) {
                diags.error(source, pos(l), "a second loss; the network already has `loss "
                        + loss.name() + "` at line " + loss.pos().line());
                return;
            }
            loss = new NetworkSpec.LossDecl(name(l.name()), expr(l.expr()), pos(l), l.getChild(2).getText().equals("="));
        } else if (s.showDecl() != null) {
            var sd = s.showDecl();
            show = new NetworkSpec.ShowDecl(sd.name().stream().map(this::name).toList(),
                    sd.ELLIPSIS() != null, pos(sd));
        } else if (s.definition() != null) {
            lastRule = rule(s.definition());
            if (keepRules) rules.add(lastRule);
        }
        else if (s.scalarDecl() != null) {
            s.scalarDecl().ID().forEach(t -> scalars.add(new NameRef(t.getText(), List.of(), pos(t.getSymbol()))));
        }
    }

    /** The rule the last statement made, or null (for {@link Prebinder}, as are the three below). */
    NetworkSpec.Rule lastRule() { return lastRule; }

    /** How many index, input, parameter and scalar statements there have been. */
    int declarations() { return declarations; }

    boolean hasIndices() { return !indices.isEmpty(); }

    /** The declarations so far, copied. */
    Prebinder.Prefix prefix() {
        return new Prebinder.Prefix(List.copyOf(scalars), List.copyOf(inputs), List.copyOf(params), List.copyOf(leafLoops));
    }

    /**
     * From here on the rules go to {@link Prebinder} only, and the spec has none: kept, a 100,000-layer file's
     * rules are 2.6 million records (70 MB) that the collector copies, for nothing once the network is bound.
     */
    void dropRules() {
        keepRules = false;
        rules.clear();
    }

    private boolean keepRules = true;
    private NetworkSpec.Rule lastRule;
    private int declarations;

    NetworkSpec finish(GradpathParser.NetworkContext n) {
        return new NetworkSpec(source, n.ID().getText(), pos(n.ID().getSymbol()), indices, inputs, params, rules,
                Optional.ofNullable(loss), Optional.ofNullable(show), leafLoops, scalars);
    }

    NetworkSpec.IndexDecl indexDecl(GradpathParser.IndexDeclContext c) {
        List<NameRef> syms = c.ID().stream()
                .map(t -> new NameRef(t.getText(), List.of(), pos(t.getSymbol()))).toList();
        List<NetworkSpec.Constraint> cons = new ArrayList<>();
        for (var k : c.constraint()) {
            cons.add(new NetworkSpec.Constraint(k.index().stream().map(this::index).toList(),
                    k.relOp().stream().map(ParserRuleContext::getText).toList(), pos(k)));
        }
        return new NetworkSpec.IndexDecl(syms, cons, pos(c));
    }

    NetworkSpec.Rule rule(GradpathParser.DefinitionContext r) {
        List<NetworkSpec.ForClause> loops = new ArrayList<>();
        // `name = expr forClause* ;`: four children when there is no for-clause (the usual case).
        for (var f : r.getChildCount() == 4 ? List.<GradpathParser.ForClauseContext>of() : r.forClause()) {
            NetworkSpec.ForClause c = forClause(f);
            for (NetworkSpec.ForClause prev : loops) {
                if (prev.variable().equals(c.variable())) {
                    diags.error(source, c.variablePos(), "`" + c.variable() + "` already has a for-clause here");
                }
            }
            loops.add(c);
        }
        return new NetworkSpec.Rule(name((GradpathParser.NameContext) r.getChild(0)),
                expr((GradpathParser.ExprContext) r.getChild(2)), loops, pos(r));
    }

    NetworkSpec.ForClause forClause(GradpathParser.ForClauseContext f) {
        List<Linear> excluded = new ArrayList<>();
        List<GradpathParser.IndexContext> idx = f.index();
        for (int i = 2; i < idx.size(); i++) excluded.add(index(idx.get(i)));
        List<org.antlr.v4.runtime.tree.TerminalNode> ids = f.ID();
        for (int i = 1; i < ids.size(); i++) {
            if (!ids.get(i).getText().equals(ids.get(0).getText())) {
                diags.error(source, pos(ids.get(i).getSymbol()), "an exclusion must name the loop variable `"
                        + ids.get(0).getText() + "`, not `" + ids.get(i).getText() + "`");
            }
        }
        return new NetworkSpec.ForClause(f.ID(0).getText(), pos(f.ID(0).getSymbol()),
                index(f.index(0)), index(f.index(1)), excluded, pos(f));
    }

    /** A subtraction is a sum with a negated term: {@code 1 - t} is {@code 1 + (-t)}. */
    Term expr(GradpathParser.ExprContext e) {
        // Most expressions are one unsigned term (every argument `w_k h_k`): no list for them.
        if (e.getChildCount() == 1 && e.getChild(0) instanceof GradpathParser.HadamardContext only) return hadamard(only);
        List<Term> terms = new ArrayList<>(4);
        // The children themselves, by index: ANTLR's hadamard(i) scans them per call (in a loop that made a
        // 100,000-term sum quadratic: src/bench/hardening.sh), hadamard() copies them, an iterator is garbage.
        int i = 0;
        for (int k = 0; k < e.getChildCount(); k++) {
            if (!(e.getChild(k) instanceof GradpathParser.HadamardContext h)) continue;
            Term t = hadamard(h);
            Token sign = i == 0 ? e.lead : e.addOp.get(i - 1);
            if (sign != null && sign.getText().equals("-")) t = new Term.Negate(t, pos(sign));
            terms.add(t);
            i++;
        }
        return terms.size() == 1 ? terms.get(0) : new Term.Sum(terms, pos(e));
    }

    Term hadamard(GradpathParser.HadamardContext h) {
        if (h.getChildCount() == 1 && h.getChild(0) instanceof GradpathParser.ProductContext only) return product(only);
        List<Term> fs = new ArrayList<>(4);
        for (int k = 0; k < h.getChildCount(); k++) {
            if (h.getChild(k) instanceof GradpathParser.ProductContext p) fs.add(product(p));
        }
        return fs.size() == 1 ? fs.get(0) : new Term.Hadamard(fs, pos(h));
    }

    Term product(GradpathParser.ProductContext p) {
        int n = p.getChildCount();
        if (n == 1) return factor((GradpathParser.FactorContext) p.getChild(0));
        if (n == 2) { // `w_k h_k`, the usual product: straight into an immutable pair, no list to copy
            return new Term.Product(List.of(factor((GradpathParser.FactorContext) p.getChild(0)),
                    factor((GradpathParser.FactorContext) p.getChild(1))), pos(p));
        }
        List<Term> fs = new ArrayList<>(n);
        for (int k = 0; k < p.getChildCount(); k++) {
            if (p.getChild(k) instanceof GradpathParser.FactorContext f) fs.add(factor(f));
        }
        return fs.size() == 1 ? fs.get(0) : new Term.Product(fs, pos(p));
    }

    Term factor(GradpathParser.FactorContext f) {
        if (f instanceof GradpathParser.ApplicationContext a) {
            Token open = ((org.antlr.v4.runtime.tree.TerminalNode) a.getChild(1)).getSymbol();
            if (open.getStartIndex() > ((ParserRuleContext) a.getChild(0)).getStop().getStopIndex() + 1) {
                // `a(w (x + u))` would read as `w` applied to `x + u`, not w times the sum: refused, not guessed.
                diags.error(source, pos(open), "a space before `(`: `" + a.name().getText() + " (...)` would"
                        + " apply `" + a.name().getText() + "` as a function; write `" + a.name().getText()
                        + "(...)` for that, or name the sum on a line of its own (`s = x + u;`) to multiply by it");
            }
            if (a.getChildCount() == 5) { // `name '(' expr forClause ')'`
                if (!a.name().getText().equals("sum")) {
                    diags.error(source, pos(a.forClause()), "a for-clause inside parentheses makes a sum: write `sum("
                            + a.expr().getText() + " for ...)`, not `" + a.name().getText() + "(... for ...)`");
                }
                return new Term.SumOver(expr(a.expr()), forClause(a.forClause()), pos(a));
            }
            // `name '(' expr forClause? ')'`, by child index (a.name(), a.expr() scan the children each).
            return new Term.Apply(name((GradpathParser.NameContext) a.getChild(0)),
                    expr((GradpathParser.ExprContext) a.getChild(2)), pos(a));
        }
        if (f instanceof GradpathParser.CoefficientContext c) {
            Linear num = Linear.constant(number(c.INT().getSymbol()), pos(c.INT().getSymbol()));
            Linear den = c.index() != null ? index(c.index()) : Linear.constant(1, pos(c));
            return new Term.Coefficient(num, den, pos(c));
        }
        if (f instanceof GradpathParser.ReferenceContext r) {
            return new Term.Ref(name((GradpathParser.NameContext) r.getChild(0)), pos(r));
        }
        if (f instanceof GradpathParser.NumeralContext n) return number(n.number());
        if (f instanceof GradpathParser.ConcatenationContext c) {
            List<Term> parts = new ArrayList<>();
            for (var p : c.part()) {
                parts.add(p.ELLIPSIS() != null ? new Term.Ellipsis(pos(p)) : expr(p.expr()));
            }
            return new Term.Concat(parts, pos(c));
        }
        return expr(((GradpathParser.GroupContext) f).expr());
    }

    /** A numeral as an exact fraction: {@code 0.25} is {@code 1/4}. */
    Term number(GradpathParser.NumberContext n) {
        String text = n.getText();
        int dot = text.indexOf('.');
        String digits = dot < 0 ? text : text.substring(0, dot) + text.substring(dot + 1);
        int scale = dot < 0 ? 0 : text.length() - dot - 1;
        if (digits.length() > 18) {
            diags.error(source, pos(n), "number too long for an exact coefficient: " + text);
            return new Term.Number(0, 1, pos(n));
        }
        long den = 1;
        for (int i = 0; i < scale; i++) den *= 10;
        long num = Long.parseLong(digits);
        long g = java.math.BigInteger.valueOf(num).gcd(java.math.BigInteger.valueOf(den)).longValue();
        if (g > 1) { num /= g; den /= g; }
        return new Term.Number(num, den, pos(n));
    }

    /**
     * A NAME token, {@code h_5}, {@code w_y}, {@code W_in}: what {@code ID '_' INT} and {@code ID '_' ID} give,
     * the subscript's position at the character after the underscore (where its own token would start).
     */
    private NameRef simpleName(Token t, Pos pos) {
        int from = t.getStartIndex(), to = t.getStopIndex() + 1;
        String text = chars != null && from >= 0 && to <= chars.length() ? null : t.getText();
        int u = text == null ? chars.indexOf('_', from) : from + text.indexOf('_');
        Pos at = new Pos(t.getLine(), t.getCharPositionInLine() + 2 + (u - from));
        char c = text == null ? chars.charAt(u + 1) : text.charAt(u + 1 - from);
        String base = base(t, from, u);
        if (c >= '0' && c <= '9') {
            return new NameRef(base, List.of(Linear.constant(number(t, u + 1, to, at), at)), pos, false);
        }
        return new NameRef(base, List.of(Linear.symbol(base(t, u + 1, to), at)), pos, true);
    }

    NameRef name(GradpathParser.NameContext n) {
        Token first = ((org.antlr.v4.runtime.tree.TerminalNode) n.getChild(0)).getSymbol();
        if (first.getType() == GradpathLexer.NAME) return simpleName(first, pos(n));
        // `name : ID ('_' subscript)?`, read by child index: ID() and subscript() search the children with an
        // iterator each, and names are most of a 100,000-layer file. Only a parsed, error-free tree gets here.
        // One subscript goes straight into an immutable list, which NameRef keeps without copying.
        List<Linear> subs = List.of();
        var s = n.getChildCount() == 3 ? (GradpathParser.SubscriptContext) n.getChild(2) : null;
        boolean bare = s instanceof GradpathParser.IdSubscriptContext;
        if (s instanceof GradpathParser.IntSubscriptContext i) {
            subs = List.of(Linear.constant(number(((org.antlr.v4.runtime.tree.TerminalNode) i.getChild(0)).getSymbol()), pos(i)));
        } else if (s instanceof GradpathParser.IdSubscriptContext i) {
            subs = List.of(Linear.symbol(i.ID() != null ? i.ID().getText() : i.keyword().getText(), pos(i)));
        } else if (s instanceof GradpathParser.BracedSubscriptContext b) {
            subs = new ArrayList<>(1);
            for (var ix : b.index()) subs.add(index(ix));
            // `W_{hh}` reads as `W_hh`: a lone identifier in braces is an index when one is in scope, else a label.
            bare = b.index().size() == 1 && loneId(b.index(0));
        }
        return new NameRef(base(first), subs, pos(n), bare);
    }

    private static boolean loneId(GradpathParser.IndexContext c) {
        if (c.indexTerm().size() != 1) return false;
        var t = c.indexTerm(0);
        return t.ID() != null && t.INT() == null && t.index() == null;
    }

    Linear index(GradpathParser.IndexContext c) {
        try {
            // One list, one accumulator: ANTLR's indexTerm(i) copies the children each call, and Linear.plus
            // copies its map, either of which makes `1+1+...+1` quadratic.
            List<GradpathParser.IndexTermContext> terms = c.indexTerm();
            Linear first = indexTerm(terms.get(0));
            long constant = first.constant();
            java.util.TreeMap<String, Long> coeffs = new java.util.TreeMap<>(first.coeffs());
            for (int i = 1; i < terms.size(); i++) {
                long sign = c.sign.get(i - 1).getText().equals("-") ? -1 : 1;
                Linear t = indexTerm(terms.get(i));
                constant = Linear.add(constant, Linear.mul(sign, t.constant()));
                for (var e : t.coeffs().entrySet()) coeffs.merge(e.getKey(), Linear.mul(sign, e.getValue()), Linear::add);
            }
            return new Linear(constant, coeffs, pos(c));
        } catch (Linear.Overflow e) {
            if (!overflowReported) diags.error(source, pos(c), "`" + c.getText() + "`: " + e.getMessage());
            overflowReported = true;
            return Linear.constant(0, pos(c));
        }
    }

    long number(Token t) { return number(t, t.getStartIndex(), t.getStopIndex() + 1, null); }

    /** Characters {@code [from, to)} of token {@code t}'s text (a NAME token's are ASCII: no pairs to count). */
    private static String part(Token t, int from, int to) {
        String text = t.getText();
        int at = t.getStartIndex();
        return at < 0 ? text : text.substring(from - at, to - at);
    }

    /** The digits {@code [from, to)} inside token {@code t}; an error at {@code at} (t's position when null). */
    private long number(Token t, int from, int to, Pos at) {
        // Up to 18 digits cannot overflow: read from the source, without the string getText makes per token.
        if (chars != null && from >= 0 && to <= chars.length() && to > from && to - from <= 18) {
            long v = 0;
            int i = from;
            for (; i < to; i++) {
                char c = chars.charAt(i);
                if (c < '0' || c > '9') break;
                v = 10 * v + (c - '0');
            }
            if (i == to) return v;
        }
        String digits = part(t, from, to);
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            diags.error(source, at != null ? at : pos(t), "number too large: " + digits
                    + " (indices are 64-bit integers, at most " + Long.MAX_VALUE + ")");
            return 0;
        }
    }

    Linear indexTerm(GradpathParser.IndexTermContext t) {
        if (t.index() != null) return index(t.index());
        if (t.INT() != null) {
            long k = number(t.INT().getSymbol());
            return t.ID() != null ? Linear.symbol(t.ID().getText(), pos(t)).times(k) : Linear.constant(k, pos(t));
        }
        return Linear.symbol(t.ID().getText(), pos(t));
    }
}
