package io.github.gradpath.check;

import io.github.gradpath.check.Tex.Kind;
import io.github.gradpath.check.Tex.Tok;

import java.util.List;
import java.util.Set;

/**
 * Whether math mentions a derivative, in any of the spellings people use: {@code \partial}, {@code \nabla},
 * a {@code d} fraction ({@code \frac{dL}{dw}}, {@code \frac{\mathrm d L}{\mathrm d w}}, {@code \mathrm{d}L/\mathrm{d}w}).
 * Such math is either checked or reported, never passed over: this is the test that decides which.
 */
final class Mentions {
    /** Upright wrappers a differential {@code d} is written in. */
    static final Set<String> UPRIGHT = Set.of("\\mathrm", "\\text", "\\textrm", "\\operatorname", "\\mathit", "\\rm",
            "\\mathup", "\\mathd", "\\dd", "\\diff");

    private Mentions() {}

    static boolean derivative(String tex) {
        if (tex.indexOf('\\') < 0 && !tex.contains("d") && tex.indexOf('∂') < 0 && tex.indexOf('∇') < 0) return false;
        return derivative(Tex.lex(tex));
    }

    static boolean derivative(List<Tok> ts) {
        for (int i = 0; i < ts.size(); i++) {
            Tok t = ts.get(i);
            // A command, or a character (∂, ∇, a slash): each token's kind first, then only the texts it can have
            // (this runs over every row of a block, in the interpreter on a short check).
            if (t.kind() == Kind.CHAR) {
                if (t.isChar('∂') || t.isChar('∇')) return true;
                // d L / d w written on one line, the d upright or italic.
                if (t.is("/") && i > 0) {
                    int j = i + 1;
                    if (dMark(ts, j, ts.size()) >= 0 && before(ts, i)) return true;
                }
                continue;
            }
            if (t.kind() != Kind.CMD) continue;
            if (t.is("\\partial") || t.is("\\nabla") || t.is("\\dd") || t.is("\\diff") || t.is("\\pdv") || t.is("\\dv")) {
                return true;
            }
            if ((t.is("\\frac") || t.is("\\dfrac") || t.is("\\tfrac")) && i + 1 < ts.size()
                    && ts.get(i + 1).kind() == Kind.LBRACE) {
                int c = Tex.closing(ts, i + 1);
                if (c > 0 && c + 1 < ts.size() && ts.get(c + 1).kind() == Kind.LBRACE
                        && dMark(ts, i + 2, c) >= 0 && dMark(ts, c + 2, Math.max(c + 2, Tex.closing(ts, c + 1))) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a differential mark starts a short run of tokens ending just before {@code slash}. */
    private static boolean before(List<Tok> ts, int slash) {
        for (int k = Math.max(0, slash - 6); k < slash; k++) {
            if (dMark(ts, k, slash) >= 0 && (k == 0 || !ts.get(k - 1).isLetter())) return true;
        }
        return false;
    }

    /**
     * The index after a differential mark at {@code i} ({@code \partial}, {@code d}, {@code \mathrm d},
     * {@code \mathrm{d}}, {@code \text{d}}, {@code \operatorname{d}}), when something follows it before
     * {@code to}; -1 when there is none.
     */
    static int dMark(List<Tok> ts, int i, int to) {
        if (i >= to) return -1;
        Tok t = ts.get(i);
        int next = -1;
        if (t.is("\\partial") || t.isChar('∂') || t.is("\\dd") || t.is("\\diff")) next = i + 1;
        else if (t.isChar('d')) next = i + 1;
        else if (UPRIGHT.contains(t.text()) && i + 1 < to) {
            Tok u = ts.get(i + 1);
            if (u.isChar('d')) next = i + 2;
            else if (u.kind() == Kind.LBRACE && i + 3 < to && ts.get(i + 2).isChar('d')
                    && ts.get(i + 3).kind() == Kind.RBRACE) next = i + 4;
        }
        return next >= 0 && next <= to ? next : -1;
    }
}
