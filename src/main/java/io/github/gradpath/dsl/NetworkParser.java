package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostic;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.parser.GradpathLexer;
import io.github.gradpath.dsl.parser.GradpathParser;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.UnbufferedTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Stage 1: source text to {@link NetworkSpec}. Syntax errors are reported once, at the first bad token. */
public final class NetworkParser {
    private NetworkParser() {}

    public static Optional<NetworkSpec> parse(Source source, Diagnostics diags) {
        if (source.text().isBlank()) {
            diags.error(source, new Pos(1, 1), "empty file: expected a network definition `network NAME { ... }`");
            return Optional.empty();
        }
        NetworkSpec spec = fast(source, diags);
        if (spec == null) {
            // The careful way, for the rare file SLL cannot decide and for every file with a syntax error or
            // brackets too deep: every token first (the depth check), then full LL prediction, ANTLR's error
            // recovery and messages, the whole tree, syntax records only if it parses.
            FirstError listener = new FirstError(source);
            GradpathParser parser = parser(source, listener);
            if (!withinDepth(parser, source, diags)) return Optional.empty();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            GradpathParser.FileContext tree = parser.file();
            if (listener.message != null) {
                diags.error(source, listener.pos, listener.message);
                return Optional.empty();
            }
            spec = new AstBuilder(source, diags).network(tree.network());
        }
        return diags.hasErrors() ? Optional.empty() : Optional.of(spec);
    }

    /**
     * The fast way, right for any file SLL prediction parses: SLL, no error recovery (the first error gives up),
     * and each statement turned into syntax records as soon as it is parsed, then cut from the tree, so the tree
     * never holds more than one statement (a 100,000-layer file's tree would be most of the parser's memory).
     * Tokens are not buffered either: the lexer runs as the parser reads, and a token the tree no longer holds
     * is garbage (a 100,000-layer file has 1.1 million). Brackets are counted as they come; too deep gives up.
     * Null when it gives up; what it reported is then dropped, and the careful way reports it all again.
     */
    private static NetworkSpec fast(Source source, Diagnostics diags) {
        FirstError listener = new FirstError(source);
        GradpathLexer lexer = new GradpathLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        // Giving up unwinds the rules through their `finally { exitRule(); }`: from the first error on, what
        // exitRule sees is half-parsed and ignored.
        boolean[] failed = {false};
        Diagnostics staged = new Diagnostics();
        AstBuilder ast = new AstBuilder(source, staged);
        GradpathParser parser = new GradpathParser(new UnbufferedTokenStream<>(new DepthGuard(lexer, source.text(), failed))) {
            // A parse listener would do this too, but ANTLR then walks its listener list at every token and rule.
            @Override public void exitRule() {
                ParserRuleContext ctx = getContext();
                super.exitRule();
                if (!failed[0] && ctx instanceof GradpathParser.StatementContext st) {
                    ast.statement(st);
                    ((ParserRuleContext) st.getParent()).removeLastChild();
                }
            }
        };
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy() {
            // Nothing is reported on the fast way (the careful way says it again), and the unbuffered stream
            // could not give the text of an error's tokens.
            @Override public void reportError(org.antlr.v4.runtime.Parser p, RecognitionException e) {
                failed[0] = true;
            }

            @Override public void recover(org.antlr.v4.runtime.Parser p, RecognitionException e) {
                failed[0] = true;
                super.recover(p, e);
            }

            @Override public Token recoverInline(org.antlr.v4.runtime.Parser p) {
                failed[0] = true;
                return super.recoverInline(p);
            }
        });
        parser.removeErrorListeners();
        GradpathParser.FileContext tree;
        try {
            tree = parser.file();
        } catch (ParseCancellationException e) {
            return null;
        }
        if (failed[0]) return null;
        if (listener.message != null) return null; // a lexer error: the careful way reports it where it did
        for (Diagnostic d : staged.all()) {
            if (d.severity() == Diagnostic.Severity.ERROR) diags.error(d.source(), d.pos(), d.message());
            else diags.warning(d.source(), d.pos(), d.message());
        }
        return ast.finish(tree.network());
    }

    /**
     * A lone name as written on the command line ({@code x_0}, {@code w_{N-1}}); errors are reported against a
     * pseudo-source named after the option.
     */
    public static Optional<NameRef> parseName(Source source, Diagnostics diags) {
        FirstError listener = new FirstError(source);
        GradpathParser parser = parser(source, listener);
        if (!withinDepth(parser, source, diags)) return Optional.empty();
        GradpathParser.NameOnlyContext tree = parser.nameOnly();
        if (listener.message != null) {
            diags.error(source, listener.pos, "not a node name: " + listener.message);
            return Optional.empty();
        }
        NameRef n = new AstBuilder(source, diags).name(tree.name());
        return diags.hasErrors() ? Optional.empty() : Optional.of(n);
    }

    /**
     * Brackets nested deeper than this are refused before parsing. The parser, the syntax tree and every later
     * stage recurse once per level, so without a bound the input would decide whether the thread's stack
     * suffices (like clang's {@code -fbracket-depth}, default 256). Textbook networks nest a handful of levels.
     */
    public static final int MAX_DEPTH = 256;

    /** Counts {@code (} and {@code \{} over the token stream (a loop: no stack) and reports the first too deep. */
    private static boolean withinDepth(GradpathParser parser, Source source, Diagnostics diags) {
        CommonTokenStream tokens = (CommonTokenStream) parser.getTokenStream();
        tokens.fill();
        int depth = 0;
        String text = source.text();
        for (Token t : tokens.getTokens()) {
            // From the source, not getText(): that makes a string per token, a million for a 100,000-layer file.
            int at = t.getStartIndex();
            if (t.getType() == Token.EOF || at < 0 || t.getStopIndex() != at || at >= text.length()) continue;
            char c = text.charAt(at);
            if (c == '(' || c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    diags.error(source, new Pos(t.getLine(), t.getCharPositionInLine() + 1), "brackets nested more than "
                            + MAX_DEPTH + " deep (gradpath's limit); split the expression into named steps");
                    return false;
                }
            } else if (c == ')' || c == '}' || c == ']') {
                depth = Math.max(0, depth - 1);
            }
        }
        return true;
    }

    /**
     * The lexer's tokens as they come, counting {@code (}, {@code \{} and {@code [} as {@link #withinDepth} does;
     * one too deep gives the fast way up before the parser recurses into it (the careful way reports it).
     */
    private static final class DepthGuard implements TokenSource {
        private final GradpathLexer lexer;
        private final String text;
        private final boolean[] failed;
        private int depth;

        DepthGuard(GradpathLexer lexer, String text, boolean[] failed) {
            this.lexer = lexer;
            this.text = text;
            this.failed = failed;
        }

        @Override public Token nextToken() {
            Token t = lexer.nextToken();
            int at = t.getStartIndex();
            if (t.getType() == Token.EOF || at < 0 || t.getStopIndex() != at || at >= text.length()) return t;
            char c = text.charAt(at);
            if (c == '(' || c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    failed[0] = true;
                    throw new ParseCancellationException("brackets nested too deep");
                }
            } else if (c == ')' || c == '}' || c == ']') {
                depth = Math.max(0, depth - 1);
            }
            return t;
        }

        @Override public int getLine() { return lexer.getLine(); }
        @Override public int getCharPositionInLine() { return lexer.getCharPositionInLine(); }
        @Override public CharStream getInputStream() { return lexer.getInputStream(); }
        @Override public String getSourceName() { return lexer.getSourceName(); }
        @Override public void setTokenFactory(TokenFactory<?> factory) { lexer.setTokenFactory(factory); }
        @Override public TokenFactory<?> getTokenFactory() { return lexer.getTokenFactory(); }
    }

    private static GradpathParser parser(Source source, FirstError listener) {
        GradpathLexer lexer = new GradpathLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        GradpathParser parser = new GradpathParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        // SLL is enough for this LL(1)-ish grammar and keeps 100k-statement files fast; parse() falls back to LL.
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        return parser;
    }

    /** Keeps only the first syntax error: ANTLR's recovery errors after it are noise to a user. */
    private static final class FirstError extends BaseErrorListener {
        private final Source source;
        String message;
        Pos pos;

        FirstError(Source source) { this.source = source; }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                                RecognitionException e) {
            if (message != null) return;
            pos = new Pos(line, col + 1);
            message = friendly(recognizer, offending, msg);
        }

        private String friendly(Recognizer<?, ?> recognizer, Object offending, String msg) {
            if (offending instanceof Token t) {
                if (t.getType() == Token.EOF && t.getTokenIndex() == 0) {
                    pos = new Pos(1, 1);
                    return "empty file: expected a network definition `network NAME { ... }`";
                }
                if (t.getType() == Token.EOF) {
                    return "unexpected end of file" + expecting(msg);
                }
                String text = source.text();
                int at = t.getStartIndex();
                // `/` is a token of its own (`(1/T) sum(...)`): a `/*` that reaches the parser was never closed.
                if (t.getText().equals("/") && at >= 0 && at + 1 < text.length() && text.charAt(at + 1) == '*') {
                    return "unterminated comment: `/*` has no `*/` before the end of the file";
                }
                if (t.getType() == GradpathLexer.UNKNOWN) {
                    return "unexpected character '" + Diagnostic.printable(t.getText()) + "'";
                }
                String keyword = misspelledKeyword(recognizer, t);
                if (keyword != null) return keyword;
                return "unexpected '" + t.getText() + "'" + expecting(msg);
            }
            return msg.replace("token recognition error at: ", "unexpected character ");
        }

        private static final List<String> KEYWORDS = List.of("input", "param", "index", "loss", "show", "network");

        /**
         * {@code imput x;}: a statement that starts with two names is a misspelled keyword. Reported at the word,
         * with the keyword it is closest to, rather than at the {@code x} after it.
         */
        private String misspelledKeyword(Recognizer<?, ?> recognizer, Token t) {
            if (!(recognizer instanceof org.antlr.v4.runtime.Parser p) || t.getType() != GradpathLexer.ID) return null;
            var tokens = p.getTokenStream();
            int i = t.getTokenIndex();
            if (i < 2) return null;
            Token word = tokens.get(i - 1), before = tokens.get(i - 2);
            if (word.getType() != GradpathLexer.ID || !(before.getText().equals(";") || before.getText().equals("{"))) {
                return null;
            }
            String best = null;
            int bestD = 3;
            for (String k : KEYWORDS) {
                int d = org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance().apply(word.getText(), k);
                if (d < bestD) { bestD = d; best = k; }
            }
            pos = new Pos(word.getLine(), word.getCharPositionInLine() + 1);
            return best == null ? "unknown statement `" + word.getText() + "`: a statement is a definition `name = ...;`"
                    + " or starts with input, param, index, loss or show"
                    : "unknown statement `" + word.getText() + "`; did you mean `" + best + "`?";
        }

        private static String expecting(String msg) {
            int i = msg.indexOf("expecting ");
            if (i < 0) return "";
            String what = msg.substring(i + "expecting ".length())
                    .replace("ID", "a name").replace("INT", "a number").replace("<EOF>", "end of file");
            if (what.startsWith("{") && what.endsWith("}")) {
                String[] parts = what.substring(1, what.length() - 1).split(", ");
                what = parts.length == 1 ? parts[0]
                        : String.join(", ", java.util.Arrays.copyOf(parts, parts.length - 1)) + " or " + parts[parts.length - 1];
            }
            return ": expected " + what;
        }
    }

    /** Parse tree to syntax records; loops, not recursion, over statements so file length never grows the stack. */
    private static final class AstBuilder {
        private final Source source;
        private final Diagnostics diags;
        /** Nested index groups would report one overflow once per enclosing level. */
        private boolean overflowReported;

        AstBuilder(Source source, Diagnostics diags) {
            this.source = source;
            this.diags = diags;
        }

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
            } else if (s.definition() != null) rules.add(rule(s.definition()));
            else if (s.scalarDecl() != null) {
                s.scalarDecl().ID().forEach(t -> scalars.add(new NameRef(t.getText(), List.of(), pos(t.getSymbol()))));
            }
        }

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
            for (var f : r.forClause()) {
                NetworkSpec.ForClause c = forClause(f);
                for (NetworkSpec.ForClause prev : loops) {
                    if (prev.variable().equals(c.variable())) {
                        diags.error(source, c.variablePos(), "`" + c.variable() + "` already has a for-clause here");
                    }
                }
                loops.add(c);
            }
            return new NetworkSpec.Rule(name(r.name()), expr(r.expr()), loops, pos(r));
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
            List<Term> terms = new ArrayList<>();
            // One list: ANTLR's hadamard() copies the children and hadamard(i) scans them, per call; in the loop
            // that made a 100,000-term sum quadratic again (src/bench/hardening.sh: minutes, was seconds).
            List<GradpathParser.HadamardContext> hs = e.hadamard();
            for (int i = 0; i < hs.size(); i++) {
                Term t = hadamard(hs.get(i));
                Token sign = i == 0 ? e.lead : e.addOp.get(i - 1);
                if (sign != null && sign.getText().equals("-")) t = new Term.Negate(t, pos(sign));
                terms.add(t);
            }
            return terms.size() == 1 ? terms.get(0) : new Term.Sum(terms, pos(e));
        }

        Term hadamard(GradpathParser.HadamardContext h) {
            List<Term> fs = new ArrayList<>();
            for (var p : h.product()) fs.add(product(p));
            return fs.size() == 1 ? fs.get(0) : new Term.Hadamard(fs, pos(h));
        }

        Term product(GradpathParser.ProductContext p) {
            List<Term> fs = new ArrayList<>();
            for (var f : p.factor()) fs.add(factor(f));
            return fs.size() == 1 ? fs.get(0) : new Term.Product(fs, pos(p));
        }

        Term factor(GradpathParser.FactorContext f) {
            if (f instanceof GradpathParser.ApplicationContext a) {
                Token open = ((org.antlr.v4.runtime.tree.TerminalNode) a.getChild(1)).getSymbol();
                if (open.getStartIndex() > a.name().getStop().getStopIndex() + 1) {
                    // `a(w (x + u))` would read as `w` applied to `x + u`, not w times the sum: refused, not guessed.
                    diags.error(source, pos(open), "a space before `(`: `" + a.name().getText() + " (...)` would"
                            + " apply `" + a.name().getText() + "` as a function; write `" + a.name().getText()
                            + "(...)` for that, or name the sum on a line of its own (`s = x + u;`) to multiply by it");
                }
                if (a.forClause() != null) {
                    if (!a.name().getText().equals("sum")) {
                        diags.error(source, pos(a.forClause()), "a for-clause inside parentheses makes a sum: write `sum("
                                + a.expr().getText() + " for ...)`, not `" + a.name().getText() + "(... for ...)`");
                    }
                    return new Term.SumOver(expr(a.expr()), forClause(a.forClause()), pos(a));
                }
                return new Term.Apply(name(a.name()), expr(a.expr()), pos(a));
            }
            if (f instanceof GradpathParser.CoefficientContext c) {
                Linear num = Linear.constant(number(c.INT().getSymbol()), pos(c.INT().getSymbol()));
                Linear den = c.index() != null ? index(c.index()) : Linear.constant(1, pos(c));
                return new Term.Coefficient(num, den, pos(c));
            }
            if (f instanceof GradpathParser.ReferenceContext r) {
                return new Term.Ref(name(r.name()), pos(r));
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

        NameRef name(GradpathParser.NameContext n) {
            // `name : ID ('_' subscript)?`, read by child index: ID() and subscript() search the children with an
            // iterator each, and names are most of a 100,000-layer file. Only a parsed, error-free tree gets here.
            List<Linear> subs = new ArrayList<>(1);
            var s = n.getChildCount() == 3 ? (GradpathParser.SubscriptContext) n.getChild(2) : null;
            boolean bare = s instanceof GradpathParser.IdSubscriptContext;
            if (s instanceof GradpathParser.IntSubscriptContext i) {
                subs.add(Linear.constant(number(((org.antlr.v4.runtime.tree.TerminalNode) i.getChild(0)).getSymbol()), pos(i)));
            } else if (s instanceof GradpathParser.IdSubscriptContext i) {
                subs.add(Linear.symbol(i.ID() != null ? i.ID().getText() : i.keyword().getText(), pos(i)));
            } else if (s instanceof GradpathParser.BracedSubscriptContext b) {
                for (var ix : b.index()) subs.add(index(ix));
                // `W_{hh}` reads as `W_hh`: a lone identifier in braces is an index when one is in scope, else a label.
                bare = b.index().size() == 1 && loneId(b.index(0));
            }
            return new NameRef(base(n.getChild(0).getText()), subs, pos(n), bare);
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

        long number(Token t) {
            try {
                return Long.parseLong(t.getText());
            } catch (NumberFormatException e) {
                diags.error(source, pos(t), "number too large: " + t.getText() + " (indices are 64-bit integers, at most "
                        + Long.MAX_VALUE + ")");
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

}
