package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.parser.GradpathLexer;
import io.github.gradpath.dsl.parser.GradpathParser;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;

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
        FirstError listener = new FirstError(source);
        GradpathParser.FileContext tree = parser(source, listener).file();
        if (listener.message != null) {
            diags.error(source, listener.pos, listener.message);
            return Optional.empty();
        }
        NetworkSpec spec = new AstBuilder(source, diags).network(tree.network());
        return diags.hasErrors() ? Optional.empty() : Optional.of(spec);
    }

    /**
     * A lone name as written on the command line ({@code x_0}, {@code w_{N-1}}); errors are reported against a
     * pseudo-source named after the option.
     */
    public static Optional<NameRef> parseName(Source source, Diagnostics diags) {
        FirstError listener = new FirstError(source);
        GradpathParser.NameOnlyContext tree = parser(source, listener).nameOnly();
        if (listener.message != null) {
            diags.error(source, listener.pos, "not a node name: " + listener.message);
            return Optional.empty();
        }
        NameRef n = new AstBuilder(source, diags).name(tree.name());
        return diags.hasErrors() ? Optional.empty() : Optional.of(n);
    }

    private static GradpathParser parser(Source source, FirstError listener) {
        GradpathLexer lexer = new GradpathLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        GradpathParser parser = new GradpathParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        // SLL is enough for this LL(1)-ish grammar and keeps 100k-statement files fast.
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
            message = friendly(offending, msg);
        }

        private String friendly(Object offending, String msg) {
            if (offending instanceof Token t) {
                if (t.getType() == Token.EOF && t.getTokenIndex() == 0) {
                    pos = new Pos(1, 1);
                    return "empty file: expected a network definition `network NAME { ... }`";
                }
                if (t.getType() == Token.EOF) {
                    return "unexpected end of file" + expecting(msg);
                }
                if (t.getType() == GradpathLexer.UNKNOWN) {
                    return "unexpected character '" + t.getText() + "'";
                }
                return "unexpected '" + t.getText() + "'" + expecting(msg);
            }
            return msg.replace("token recognition error at: ", "unexpected character ");
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

        AstBuilder(Source source, Diagnostics diags) {
            this.source = source;
            this.diags = diags;
        }

        Pos pos(Token t) { return new Pos(t.getLine(), t.getCharPositionInLine() + 1); }

        Pos pos(ParserRuleContext c) { return pos(c.getStart()); }

        NetworkSpec network(GradpathParser.NetworkContext n) {
            List<NetworkSpec.IndexDecl> indices = new ArrayList<>();
            List<NameRef> inputs = new ArrayList<>();
            List<NameRef> params = new ArrayList<>();
            List<NetworkSpec.Rule> rules = new ArrayList<>();
            NetworkSpec.LossDecl loss = null;
            NetworkSpec.ShowDecl show = null;
            for (GradpathParser.StatementContext s : n.statement()) {
                if (s.indexDecl() != null) indices.add(indexDecl(s.indexDecl()));
                else if (s.inputDecl() != null) s.inputDecl().name().forEach(x -> inputs.add(name(x)));
                else if (s.paramDecl() != null) s.paramDecl().name().forEach(x -> params.add(name(x)));
                else if (s.lossDecl() != null) {
                    var l = s.lossDecl();
                    if (loss != null) {
                        diags.error(source, pos(l), "a second loss; the network already has `loss "
                                + loss.name() + "` at line " + loss.pos().line());
                        continue;
                    }
                    loss = new NetworkSpec.LossDecl(name(l.name()), expr(l.expr()), pos(l));
                } else if (s.showDecl() != null) {
                    var sd = s.showDecl();
                    show = new NetworkSpec.ShowDecl(sd.name().stream().map(this::name).toList(),
                            sd.ELLIPSIS() != null, pos(sd));
                } else if (s.definition() != null) rules.add(rule(s.definition()));
            }
            return new NetworkSpec(source, n.ID().getText(), pos(n.ID().getSymbol()), indices, inputs, params, rules,
                    Optional.ofNullable(loss), Optional.ofNullable(show));
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
            Optional<NetworkSpec.ForClause> loop = Optional.empty();
            if (r.forClause() != null) {
                var f = r.forClause();
                List<Linear> excluded = new ArrayList<>();
                for (int i = 2; i < f.index().size(); i++) excluded.add(index(f.index(i)));
                loop = Optional.of(new NetworkSpec.ForClause(f.ID(0).getText(), pos(f.ID(0).getSymbol()),
                        index(f.index(0)), index(f.index(1)), excluded, pos(f)));
                for (int i = 1; i < f.ID().size(); i++) {
                    if (!f.ID(i).getText().equals(f.ID(0).getText())) {
                        diags.error(source, pos(f.ID(i).getSymbol()), "an exclusion must name the loop variable `"
                                + f.ID(0).getText() + "`, not `" + f.ID(i).getText() + "`");
                    }
                }
            }
            return new NetworkSpec.Rule(name(r.name()), expr(r.expr()), loop, pos(r));
        }

        Term expr(GradpathParser.ExprContext e) {
            List<Term> terms = new ArrayList<>();
            for (var p : e.product()) terms.add(product(p));
            return terms.size() == 1 ? terms.get(0) : new Term.Sum(terms, pos(e));
        }

        Term product(GradpathParser.ProductContext p) {
            List<Term> fs = new ArrayList<>();
            for (var f : p.factor()) fs.add(factor(f));
            return fs.size() == 1 ? fs.get(0) : new Term.Product(fs, pos(p));
        }

        Term factor(GradpathParser.FactorContext f) {
            if (f instanceof GradpathParser.ApplicationContext a) {
                return new Term.Apply(name(a.name()), expr(a.expr()), pos(a));
            }
            if (f instanceof GradpathParser.ReferenceContext r) {
                return new Term.Ref(name(r.name()), pos(r));
            }
            return expr(((GradpathParser.GroupContext) f).expr());
        }

        NameRef name(GradpathParser.NameContext n) {
            List<Linear> subs = new ArrayList<>();
            var s = n.subscript();
            boolean bare = s instanceof GradpathParser.IdSubscriptContext;
            if (s instanceof GradpathParser.IntSubscriptContext i) {
                subs.add(Linear.constant(number(i.INT().getSymbol()), pos(i)));
            } else if (s instanceof GradpathParser.IdSubscriptContext i) {
                subs.add(Linear.symbol(i.ID() != null ? i.ID().getText() : i.keyword().getText(), pos(i)));
            } else if (s instanceof GradpathParser.BracedSubscriptContext b) {
                for (var ix : b.index()) subs.add(index(ix));
                // `W_{hh}` reads as `W_hh`: a lone identifier in braces is an index when one is in scope, else a label.
                bare = b.index().size() == 1 && loneId(b.index(0));
            }
            return new NameRef(n.ID().getText(), subs, pos(n), bare);
        }

        private static boolean loneId(GradpathParser.IndexContext c) {
            if (c.indexTerm().size() != 1) return false;
            var t = c.indexTerm(0);
            return t.ID() != null && t.INT() == null && t.index() == null;
        }

        Linear index(GradpathParser.IndexContext c) {
            Linear acc = indexTerm(c.indexTerm(0));
            for (int i = 1; i < c.indexTerm().size(); i++) {
                long sign = c.sign.get(i - 1).getText().equals("-") ? -1 : 1;
                acc = acc.plus(indexTerm(c.indexTerm(i)), sign);
            }
            return new Linear(acc.constant(), acc.coeffs(), pos(c));
        }

        long number(Token t) {
            try {
                return Long.parseLong(t.getText());
            } catch (NumberFormatException e) {
                diags.error(source, pos(t), "number too large: " + t.getText());
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
