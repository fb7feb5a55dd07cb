package io.github.gradpath.dsl;

import io.github.gradpath.dsl.parser.GradpathLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

/**
 * The lexer's tokens with every NAME ({@code h_5}, {@code w_y}) given back as the tokens it stands for: the base
 * (an ID, or a keyword's own token), the {@code '_'}, and then whatever the lexer reads from the character after
 * the underscore on. That is exactly the token stream of the grammar without NAME, so the careful way's syntax
 * errors, their positions and their expected-token lists are what they were before NAME existed; only error-free
 * files take the fast way, where NAME saves three tokens and a rule per name.
 */
final class SplitNames extends LexerFilter {
    private static final int UNDERSCORE = typeOf("'_'");
    private static final String[] KEYWORDS = {"network", "index", "input", "param", "loss", "show", "scalar", "for", "in"};
    private static final int[] KEYWORD_TYPES = {GradpathLexer.NETWORK, GradpathLexer.INDEX, GradpathLexer.INPUT,
        GradpathLexer.PARAM, GradpathLexer.LOSS, GradpathLexer.SHOW, GradpathLexer.SCALAR, GradpathLexer.FOR, GradpathLexer.IN};

    /** The {@code '_'} of the NAME just split, given out after its base. */
    private Token pending;

    SplitNames(GradpathLexer lexer) { super(lexer); }

    @Override public Token nextToken() {
        if (pending != null) {
            Token t = pending;
            pending = null;
            return t;
        }
        Token t = lexer.nextToken();
        if (t.getType() != GradpathLexer.NAME) return t;
        String text = t.getText();
        int u = text.indexOf('_');
        int start = t.getStartIndex();
        Pair<TokenSource, CharStream> src = new Pair<>(this, lexer.getInputStream());
        CommonToken base = new CommonToken(src, keywordType(text, 0, u), Token.DEFAULT_CHANNEL, start, start + u - 1);
        base.setLine(t.getLine());
        base.setCharPositionInLine(t.getCharPositionInLine());
        CommonToken under = new CommonToken(src, UNDERSCORE, Token.DEFAULT_CHANNEL, start + u, start + u);
        under.setLine(t.getLine());
        under.setCharPositionInLine(t.getCharPositionInLine() + u);
        pending = under;
        // The lexer goes on from the character after the underscore, as it would have without NAME (`h_1.5` then
        // gives the DECIMAL 1.5, `h_x_1` the NAME x_1, split in its turn). A NAME holds no line break.
        lexer.getInputStream().seek(start + u + 1);
        lexer.setCharPositionInLine(t.getCharPositionInLine() + u + 1);
        lexer._hitEOF = false; // set when the NAME ended the input; there is more to read now
        return base;
    }

    /** The keyword token {@code s[from, to)} is, or ID: what the lexer makes of a run of letters and digits. */
    static int keywordType(CharSequence s, int from, int to) {
        for (int k = 0; k < KEYWORDS.length; k++) {
            String w = KEYWORDS[k];
            if (w.length() != to - from) continue;
            int i = 0;
            while (i < w.length() && w.charAt(i) == s.charAt(from + i)) i++;
            if (i == w.length()) return KEYWORD_TYPES[k];
        }
        return GradpathLexer.ID;
    }

    private static int typeOf(String literal) {
        for (int t = 1; t <= GradpathLexer.VOCABULARY.getMaxTokenType(); t++) {
            if (literal.equals(GradpathLexer.VOCABULARY.getLiteralName(t))) return t;
        }
        throw new IllegalStateException("no token " + literal + " in the grammar");
    }
}
