package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.List;

/**
 * A LaTeX math lexer: commands ({@code \frac}, {@code \\}, {@code \,}), braces and single characters, each with
 * its offset in the math text so every finding can name its document line. Comments ({@code %} to the end of
 * the line) are dropped, as TeX drops them.
 */
final class Tex {
    enum Kind { CMD, CHAR, LBRACE, RBRACE }

    record Tok(Kind kind, String text, int offset) {
        boolean is(String s) { return text.equals(s); }

        boolean isChar(char c) { return kind == Kind.CHAR && text.length() == 1 && text.charAt(0) == c; }

        boolean isLetter() { return kind == Kind.CHAR && Character.isLetter(text.charAt(0)); }

        boolean isDigit() { return kind == Kind.CHAR && Character.isDigit(text.charAt(0)); }
    }

    private Tex() {}

    /** One-character texts, shared: most tokens are one ASCII character, and each was a new String. */
    private static final String[] ASCII = new String[128];

    static {
        for (char c = 0; c < 128; c++) ASCII[c] = String.valueOf(c);
    }

    /**
     * The tokens of {@code s}. Read from a char array, ASCII whitespace and letters tested here (the answers of
     * {@link Character#isWhitespace} and {@link Character#isLetter}, which are asked from 128 up): a 200-row block
     * is some 70,000 characters that a short {@code check} lexes in the interpreter, before any of this is
     * compiled, and there every {@code charAt} or {@code Character} test is three or four calls.
     */
    static List<Tok> lex(String s) {
        char[] cs = s.toCharArray();
        int n = cs.length;
        List<Tok> out = new ArrayList<>(Math.max(10, n / 4));
        int i = 0;
        while (i < n) {
            char c = cs[i];
            if (c <= ' ' ? c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1C : c >= 128 && Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '%') {
                while (i < n && cs[i] != '\n') i++;
                continue;
            }
            if (c == '\\') {
                int j = i + 1;
                if (j < n && isLetter(cs[j])) {
                    while (j < n && isLetter(cs[j])) j++;
                } else if (j < n) {
                    j++;
                }
                out.add(new Tok(Kind.CMD, s.substring(i, j), i));
                i = j;
                continue;
            }
            if (c == '{') out.add(new Tok(Kind.LBRACE, "{", i));
            else if (c == '}') out.add(new Tok(Kind.RBRACE, "}", i));
            else out.add(new Tok(Kind.CHAR, c < 128 ? ASCII[c] : String.valueOf(c), i));
            i++;
        }
        return out;
    }

    /** {@link Character#isLetter(char)}, with ASCII answered here. */
    private static boolean isLetter(char c) {
        return c < 128 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(c);
    }

    /** Index of the brace closing the one at {@code open}, or -1. */
    static int closing(List<Tok> ts, int open) {
        int depth = 0;
        for (int i = open; i < ts.size(); i++) {
            if (ts.get(i).kind() == Kind.LBRACE) depth++;
            else if (ts.get(i).kind() == Kind.RBRACE && --depth == 0) return i;
        }
        return -1;
    }

    /** The characters of tokens {@code from..to-1}, as written but without spaces: for messages and subscripts. */
    static String text(List<Tok> ts, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            Tok t = ts.get(i);
            if (t.kind() == Kind.CMD && sb.length() > 0 && Character.isLetter(t.text().charAt(t.text().length() - 1))
                    && i + 1 < to && ts.get(i + 1).kind() == Kind.CHAR && ts.get(i + 1).isLetter()) {
                sb.append(t.text()).append(' ');
            } else {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
