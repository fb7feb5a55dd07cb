package io.github.gradpath.check;

import io.github.gradpath.check.Tex.Kind;
import io.github.gradpath.check.Tex.Tok;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The cursor over one side's tokens that the readers of {@link ExprParser} share: brackets, groups, limits. */
abstract class TokenCursor {
    TokenCursor(List<Tok> ts, int from, int to, Definitions defs) {
        this.ts = ts;
        this.i = from;
        this.end = to;
        this.defs = defs;
    }

    abstract Written sum();

    abstract Written product();

    abstract Written factor();

    abstract boolean startsFactor();

    abstract Written postfix(Written w);

    static final Set<String> WRAPPERS = Names.WRAPPERS;
    static final Set<String> FRACS = Set.of("\\frac", "\\dfrac", "\\tfrac");
    static final Set<String> TIMES = Set.of("\\times", "\\cdot", "*");
    static final Set<String> DOTS = Set.of("\\cdots", "\\dots", "\\ldots", "\\dotsm", "\\dotsb", "\\dotsc");
    static final Map<String, String> DECORATIONS = Names.DECORATIONS;

    final List<Tok> ts;
    final int end;
    int i;

    /** Names the document defined as derivatives ({@code δ^l_j := ∂C/∂z^l_j}): a variable factor may be one. */
    final Definitions defs;

    /** Brackets nested deeper than this are refused: the parser recurses once per level (issue 13). */
    static final int MAX_DEPTH = 256;

    /** A loop over the tokens, before any recursion: {@code (}, {@code [}, {@code \left(} and {@code \{} alike. */
    static void tooDeep(List<Tok> ts, int from, int to) {
        // A \sum or \prod takes the rest of its product as its body, parsed (and resolved) by recursion, so each
        // nests like a bracket that never closes: 20,000 of them in a row overflowed the stack (found by
        // src/bench/campaign.sh). They count towards the same limit, for the whole row.
        int depth = 0, bigs = 0;
        for (int k = from; k < to; k++) {
            Tok t = ts.get(k);
            if (t.kind() == Kind.CMD) {
                // Commands tested only for a command: this loop runs over every side a short check reads, in the
                // interpreter.
                if (!t.is("\\sum") && !t.is("\\prod")) continue;
                if (depth + ++bigs > MAX_DEPTH) {
                    throw new Written.Unreadable("`\\sum`, `\\prod` and brackets nested more than " + MAX_DEPTH
                            + " deep (gradpath's limit)", t.offset());
                }
            } else if (t.kind() == Kind.LBRACE || t.isChar('(') || t.isChar('[')) {
                if (++depth + bigs > MAX_DEPTH) {
                    throw new Written.Unreadable((bigs > 0 ? "`\\sum`, `\\prod` and brackets" : "brackets")
                            + " nested more than " + MAX_DEPTH + " deep (gradpath's limit)", t.offset());
                }
            } else if (t.kind() == Kind.RBRACE || t.isChar(')') || t.isChar(']')) {
                depth = Math.max(0, depth - 1);
            }
        }
    }

    static int offsetAt(List<Tok> ts, int i) {
        if (ts.isEmpty()) return 0;
        return ts.get(Math.min(i, ts.size() - 1)).offset();
    }

    boolean at(String s) { return i < end && ts.get(i).is(s); }

    Tok cur() { return ts.get(i); }

    void noSuperscript() {
        if (at("^") || at("'")) {
            throw new Written.Unreadable("superscripts (transposes, powers, primes) are not chain-rule factors",
                    cur().offset());
        }
    }

    /** Bounds {@code [from, to)} of a brace group or single token at the cursor; moves past it. */
    int[] group() {
        if (i >= end) throw new Written.Unreadable("something is missing here", offsetAt(ts, i));
        if (cur().kind() == Kind.LBRACE) {
            int c = Tex.closing(ts, i);
            if (c < 0 || c >= end) throw new Written.Unreadable("`{` is not closed", cur().offset());
            int[] g = {i + 1, c};
            i = c + 1;
            return g;
        }
        int[] g = {i, i + 1};
        i++;
        return g;
    }

    /** Index of the token closing the parenthesis at {@code open} within the side. */
    int matching(int open, String close) {
        int depth = 0;
        for (int k = open; k < end; k++) {
            Tok t = ts.get(k);
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) depth++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) {
                if (--depth == 0) {
                    if (!t.is(close)) break;
                    return k;
                }
            }
        }
        throw new Written.Unreadable("`" + ts.get(open).text() + "` is not closed", ts.get(open).offset());
    }

    int depth(int from, int to) {
        int d = 0;
        for (int k = from; k < to; k++) {
            Tok t = ts.get(k);
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) d++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) d--;
        }
        return d;
    }
}
