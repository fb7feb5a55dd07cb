package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostic;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.parser.GradpathLexer;
import io.github.gradpath.dsl.parser.GradpathParser;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.UnbufferedTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.util.List;
import java.util.Optional;

/** Stage 1: source text to {@link NetworkSpec}. Syntax errors are reported once, at the first bad token. */
public final class NetworkParser {
    private NetworkParser() {}

    public static Optional<NetworkSpec> parse(Source source, Diagnostics diags) {
        return read(source, diags, false).map(Parsed::spec);
    }

    /**
     * {@link #parse}, ready to be bound with no index values: a file of {@link #LEXER_THREAD_MIN} characters or
     * more is bound as it is parsed, on a thread of its own ({@link Prebinder}).
     */
    public static Optional<Parsed> read(Source source, Diagnostics diags) {
        return read(source, diags, source.text().length() >= LEXER_THREAD_MIN);
    }

    private static Optional<Parsed> read(Source source, Diagnostics diags, boolean bindAlong) {
        if (source.text().isBlank()) {
            diags.error(source, new Pos(1, 1), "empty file: expected a network definition `network NAME { ... }`");
            return Optional.empty();
        }
        Prebinder pre = bindAlong ? new Prebinder(source) : null;
        NetworkSpec spec;
        boolean bound = false;
        // The fast way's warnings, kept apart until it is known whether the file is read again.
        Diagnostics first = pre == null ? diags : new Diagnostics();
        try {
            spec = fast(source, first, pre);
            bound = pre != null && spec != null && !first.hasErrors() && pre.end(spec);
        } finally {
            if (pre != null && !bound) pre.close(); // a binding not needed any more stops
        }
        if (pre != null && pre.tookRules()) return read(source, diags, false);
        if (first != diags) diags.addAll(first);
        if (spec != null && !diags.hasErrors()) return Optional.of(new Parsed(spec, bound ? pre : null));
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
        return diags.hasErrors() ? Optional.empty() : Optional.of(Parsed.of(spec));
    }

    /**
     * The fast way, right for any file SLL prediction parses: SLL, no error recovery (the first error gives up),
     * and each statement turned into syntax records as soon as it is parsed, then cut from the tree, so the tree
     * never holds more than one statement (a 100,000-layer file's tree would be most of the parser's memory).
     * Tokens are not buffered either: the lexer runs as the parser reads, and a token the tree no longer holds
     * is garbage (a 100,000-layer file has 1.1 million). Brackets are counted as they come; too deep gives up.
     * Null when it gives up; what it reported is then dropped, and the careful way reports it all again.
     */
    private static NetworkSpec fast(Source source, Diagnostics diags, Prebinder pre) {
        FirstError listener = new FirstError(source);
        GradpathLexer lexer = new GradpathLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        // Giving up unwinds the rules through their `finally { exitRule(); }`: from the first error on, what
        // exitRule sees is half-parsed and ignored.
        boolean[] failed = {false};
        TokenSource guarded = new DepthGuard(lexer, source.text(), failed);
        // A big file is lexed on a second thread, ahead of the parser (LexerThread); a textbook's is not: there a
        // thread would only add to the start-up.
        LexerThread ahead = source.text().length() >= LEXER_THREAD_MIN ? new LexerThread(guarded) : null;
        try {
            return fast(source, diags, listener, ahead != null ? ahead : guarded, failed, pre);
        } finally {
            if (ahead != null) ahead.close();
        }
    }

    /** Files at least this long (some 7,000 layers) are lexed on a thread of their own. */
    static final int LEXER_THREAD_MIN = 1 << 18;

    private static NetworkSpec fast(Source source, Diagnostics diags, FirstError listener, TokenSource lexed,
                                    boolean[] failed, Prebinder pre) {
        Diagnostics staged = new Diagnostics();
        AstBuilder ast = new AstBuilder(source, staged);
        UnbufferedTokenStream<Token> tokens;
        try {
            tokens = new UnbufferedTokenStream<>(lexed); // reads the first token
        } catch (ParseCancellationException e) {
            return null;
        }
        GradpathParser parser = new GradpathParser(tokens) {
            /**
             * A rule's children list, made before its first child, at the size most rules need: ANTLR's own is an
             * ArrayList of capacity 10 (80 bytes with its array; 56 this way), and a 100,000-layer file makes
             * 3 million of them. Only the capacity differs; a list that outgrows it grows as ANTLR's would.
             */
            @Override public void enterOuterAlt(ParserRuleContext ctx, int alt) {
                super.enterOuterAlt(ctx, alt);
                if (ctx.children == null) ctx.children = new java.util.ArrayList<>(4);
            }

            // A parse listener would do this too, but ANTLR then walks its listener list at every token and rule.
            @Override public void exitRule() {
                ParserRuleContext ctx = getContext();
                super.exitRule();
                if (!failed[0] && ctx instanceof GradpathParser.StatementContext st) {
                    ast.statement(st);
                    if (pre != null) pre.statement(ast);
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
        diags.addAll(staged);
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
    private static final class DepthGuard extends LexerFilter {
        private final String text;
        private final boolean[] failed;
        private int depth;

        /** Token indices count code points; they index {@link #text} only when no character is a pair. */
        private final boolean bmp;

        DepthGuard(GradpathLexer lexer, String text, boolean[] failed) {
            super(lexer);
            this.text = text;
            this.failed = failed;
            this.bmp = text.codePointCount(0, text.length()) == text.length();
        }

        @Override public Token nextToken() {
            Token t = lexer.nextToken();
            int at = t.getStartIndex();
            if (t.getType() == GradpathLexer.NAME) {
                // `in_1`, `network_2`: a keyword cannot be a name's base (without NAME it was the keyword's token,
                // and a syntax error); the careful way says so as it always did.
                String name = bmp ? text : t.getText();
                int from = bmp ? at : 0;
                if (SplitNames.keywordType(name, from, name.indexOf('_', from)) != GradpathLexer.ID) {
                    failed[0] = true;
                    throw new ParseCancellationException("a keyword as a name's base");
                }
                return t;
            }
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
    }

    private static GradpathParser parser(Source source, FirstError listener) {
        GradpathLexer lexer = new GradpathLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        // Names split back into ID '_' subscript: the careful way reads the tokens it always read (SplitNames).
        GradpathParser parser = new GradpathParser(new CommonTokenStream(new SplitNames(lexer)));
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
            if (!(recognizer instanceof org.antlr.v4.runtime.Parser p)
                    || t.getType() != GradpathLexer.ID && t.getType() != GradpathLexer.NAME) return null;
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
            String what = msg.substring(i + "expecting ".length());
            boolean set = what.startsWith("{") && what.endsWith("}");
            // Each expected token as a reader names it; NAME (`h_5` as one token) and ID are both "a name", said
            // once, where the first of them stands (NAME's type is just before ID's, so the order is ID's).
            java.util.LinkedHashSet<String> parts = new java.util.LinkedHashSet<>();
            for (String p : (set ? what.substring(1, what.length() - 1) : what).split(", ")) {
                parts.add(switch (p) {
                    case "ID", "NAME" -> "a name";
                    case "INT" -> "a number";
                    case "<EOF>" -> "end of file";
                    default -> p;
                });
            }
            List<String> list = List.copyOf(parts);
            what = list.size() == 1 ? list.get(0)
                    : String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
            return ": expected " + what;
        }
    }
}
