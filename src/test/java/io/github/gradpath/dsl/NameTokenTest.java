package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostic;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.dsl.parser.GradpathLexer;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NAME token ({@code h_5} as one token) and the two things built around it: {@link SplitNames}, which gives
 * the careful way the tokens the grammar had before NAME, and {@link LexerThread}, which lexes a big file ahead of
 * the parser. Expected token lists are what the grammar without NAME lexes, worked out by hand.
 */
class NameTokenTest {

    private static String split(String text) {
        SplitNames s = new SplitNames(new GradpathLexer(CharStreams.fromString(text)));
        List<String> out = new ArrayList<>();
        for (Token t = s.nextToken(); t.getType() != Token.EOF; t = s.nextToken()) {
            out.add(GradpathLexer.VOCABULARY.getDisplayName(t.getType()) + "(" + t.getText() + ")@"
                    + t.getLine() + ":" + t.getCharPositionInLine());
        }
        return String.join(" ", out);
    }

    @Test
    void splitGivesTheTokensOfTheGrammarWithoutName() {
        assertEquals("ID(h)@1:0 '_'(_)@1:1 INT(12)@1:2", split("h_12"));
        assertEquals("ID(w)@1:2 '_'(_)@1:3 ID(y)@1:4 ID(x)@1:6", split("  w_y x"));
        assertEquals("ID(W)@1:0 '_'(_)@1:1 'in'(in)@1:2", split("W_in"));
        assertEquals("'in'(in)@1:0 '_'(_)@1:2 INT(1)@1:3", split("in_1"));
        assertEquals("ID(h)@1:0 '_'(_)@1:1 DECIMAL(1.5)@1:2", split("h_1.5"));
        assertEquals("ID(h)@1:0 '_'(_)@1:1 ID(x)@1:2 '_'(_)@1:3 INT(1)@1:4", split("h_x_1"));
        assertEquals("ID(a)@2:1 '_'(_)@2:2 INT(1)@2:3 '('(()@2:4", split("\n a_1("));
    }

    private static Optional<NetworkSpec> parse(String text, Diagnostics d) {
        return NetworkParser.parse(new Source("t.nn", text), d);
    }

    @Test
    void nameTokensReadAsTheirParts() {
        Diagnostics d = new Diagnostics();
        NetworkSpec spec = parse("network N {\n  input x;\n  h_12 = a(w_y x);\n  z = a(W_in h_12);\n  loss L(z);\n}\n", d)
                .orElseThrow(() -> new AssertionError(d.format()));
        NameRef target = spec.rules().get(0).target();
        assertEquals("h", target.base());
        assertEquals(12, target.subscripts().get(0).constant());
        assertEquals(new Pos(3, 5), target.subscripts().get(0).pos()); // the digits, after the underscore
        Term.Product p = (Term.Product) ((Term.Apply) spec.rules().get(1).rhs()).argument();
        NameRef w = ((Term.Ref) p.factors().get(0)).name();
        assertEquals("W", w.base());
        assertTrue(w.bare());
        assertEquals("{in=1}", w.subscripts().get(0).coeffs().toString());
    }

    @Test
    void aKeywordBaseIsTheSyntaxErrorItWas() {
        Diagnostics d = new Diagnostics();
        assertTrue(parse("network N {\n  input x;\n  in_1 = a(w x);\n  loss L(in_1);\n}\n", d).isEmpty());
        Diagnostic e = d.errors().get(0);
        assertEquals(new Pos(3, 3), e.pos(), d.format());
        assertTrue(e.message().startsWith("unexpected 'in'"), d.format());
    }

    @Test
    void aSubscriptTooLargeIsReportedAtItsDigits() {
        Diagnostics d = new Diagnostics();
        assertTrue(parse("network N {\n  input x;\n  h_99999999999999999999 = a(w x);\n  loss L(h_1);\n}\n", d).isEmpty());
        assertEquals(new Pos(3, 5), d.errors().get(0).pos(), d.format());
        assertTrue(d.errors().get(0).message().startsWith("number too large: 99999999999999999999"), d.format());
    }

    /** A chain long enough for the lexer thread (over {@link NetworkParser#LEXER_THREAD_MIN} characters). */
    private static String chain(int layers, String lastLine) {
        StringBuilder sb = new StringBuilder("network Big {\n  input x;\n  h_1 = a(w_0 x);\n");
        for (int n = 1; n < layers; n++) sb.append("  h_").append(n + 1).append(" = a(w_").append(n).append(" h_").append(n).append(");\n");
        return sb.append(lastLine).append("  loss L(h_").append(layers).append(");\n}\n").toString();
    }

    @Test
    void aBigFileParsesTheSameOnTheLexerThread() {
        String text = chain(12_000, "");
        assertTrue(text.length() > NetworkParser.LEXER_THREAD_MIN);
        Diagnostics d = new Diagnostics();
        NetworkSpec spec = parse(text, d).orElseThrow(() -> new AssertionError(d.format()));
        assertEquals(12_000, spec.rules().size());
        NetworkSpec.Rule last = spec.rules().get(11_999);
        assertEquals("h", last.target().base());
        assertEquals(12_000, last.target().subscripts().get(0).constant());
        assertEquals(12_002, last.pos().line());
    }

    @Test
    void aBigFilesErrorsAreReportedWhereTheyAre() {
        int lines = 12_000 + 3;
        Diagnostics d = new Diagnostics();
        assertTrue(parse(chain(12_000, "  y = a(w_y h_12000)\n"), d).isEmpty()); // `;` missing, near the end
        assertEquals(1, d.errors().size(), d.format());
        assertEquals(new Pos(lines + 1, 3), d.errors().get(0).pos(), d.format());
        assertTrue(d.errors().get(0).message().startsWith("unexpected 'loss'"), d.format());

        Diagnostics lex = new Diagnostics();
        assertTrue(parse(chain(12_000, "  y = a(w_y $ h_12000);\n"), lex).isEmpty()); // a lexer error
        assertEquals(new Pos(lines, 13), lex.errors().get(0).pos(), lex.format());
        assertTrue(lex.errors().get(0).message().contains("'$'"), lex.format());

        Diagnostics early = new Diagnostics(); // the parser gives up at once; the lexer thread is stopped
        assertTrue(parse("network Big {\n  ) " + chain(12_000, "").substring(13), early).isEmpty());
        assertEquals(new Pos(2, 3), early.errors().get(0).pos(), early.format());
    }
}
