package io.github.gradpath.check;

import io.github.gradpath.check.Tex.Kind;
import io.github.gradpath.check.Tex.Tok;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stated range of a free index, as textbooks write it: {@code k=p+1, p+2, \cdots, q},
 * {@code k = 1, \ldots, p}, {@code 1 \le k \le p}, {@code k \in \{1, \dots, p\}}. Items may be symbolic; the
 * values are taken under a binding of the network's indices.
 */
record Range(String symbol, List<Linear> items, int dotsAt) {
    private static final Set<String> DOTS = Set.of("\\cdots", "\\dots", "\\ldots", "\\dotsc", "\\dotsb");
    private static final Set<String> LE = Set.of("\\le", "\\leq", "\\leqslant", "<");
    static final int MAX_VALUES = 100_000;

    /** The values under {@code env}, or empty when the items do not describe a range there. */
    Optional<List<Long>> values(Map<String, Long> env) {
        List<Long> vs = new ArrayList<>();
        for (Linear l : items) {
            Long v = l.eval(env);
            if (v == null) return Optional.empty();
            vs.add(v);
        }
        if (dotsAt < 0) return Optional.of(vs);
        if (dotsAt == 0 || dotsAt != vs.size() - 1) return Optional.empty();
        long first = vs.get(0), last = vs.get(vs.size() - 1);
        long step = dotsAt >= 2 ? vs.get(1) - vs.get(0) : (last >= first ? 1 : -1);
        if (step == 0 || (last - first) % step != 0 || (last - first) / step < -1) return Optional.empty();
        List<Long> out = new ArrayList<>();
        for (long v = first; step > 0 ? v <= last : v >= last; v += step) {
            out.add(v);
            if (out.size() > MAX_VALUES) return Optional.empty();
        }
        for (int k = 0; k < dotsAt; k++) if (k < out.size() && out.get(k).longValue() != vs.get(k)) return Optional.empty();
        return Optional.of(out);
    }

    /** A range statement anywhere in {@code ts} ({@code k = ...}, {@code a \le k \le b}, {@code k \in \{...\}}). */
    static Optional<Range> find(List<Tok> ts) {
        for (int i = 0; i + 1 < ts.size(); i++) {
            Tok t = ts.get(i);
            if (!t.isLetter() || (i > 0 && ts.get(i - 1).isLetter())) continue;
            if (i + 1 < ts.size() && ts.get(i + 1).isLetter()) continue;
            Tok next = ts.get(i + 1);
            if (next.is("=")) {
                Optional<Range> r = list(t.text(), ts, i + 2, ts.size());
                if (r.isPresent()) return r;
            } else if (next.is("\\in") && i + 2 < ts.size() && ts.get(i + 2).is("\\{")) {
                int close = i + 3;
                while (close < ts.size() && !ts.get(close).is("\\}")) close++;
                Optional<Range> r = list(t.text(), ts, i + 3, close);
                if (r.isPresent()) return r;
            } else if (LE.contains(next.text()) && i >= 2 && LE.contains(ts.get(i - 1).text())) {
                int lo = i - 2;
                while (lo > 0 && !ts.get(lo - 1).is(",") && !ts.get(lo - 1).is("(") && !LE.contains(ts.get(lo - 1).text())
                        && ts.get(lo - 1).kind() == Kind.CHAR) lo--;
                int hi = i + 2;
                while (hi < ts.size() && ts.get(hi).kind() == Kind.CHAR && !ts.get(hi).is(",") && !ts.get(hi).is(")")
                        && !ts.get(hi).is(".")) hi++;
                try {
                    Linear a = item(ts, lo, i - 1), b = item(ts, i + 2, hi);
                    if (ts.get(i - 1).is("<")) a = a.plus(Linear.constant(1, a.pos()), 1);
                    if (next.is("<")) b = b.plus(Linear.constant(1, b.pos()), -1);
                    return Optional.of(new Range(t.text(), List.of(a, b), 1));
                } catch (Written.Unreadable e) {
                    continue;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Range> list(String sym, List<Tok> ts, int from, int to) {
        int end = from;
        while (end < to && (ts.get(end).kind() == Kind.CHAR || DOTS.contains(ts.get(end).text()))) end++;
        List<Linear> items = new ArrayList<>();
        int dots = -1;
        int start = from;
        for (int i = from; i <= end; i++) {
            if (i < end && !ts.get(i).is(",")) continue;
            int e = i;
            if (i == end) {
                // A sentence may end right after the list: "k = 1, ..., p." keeps its dots, drops the full stop.
                while (e > start && ts.get(e - 1).is(".") && !(e - start == 3 && allDots(ts, start, e))) e--;
            }
            if (e == start) break;
            if (e - start == 1 && DOTS.contains(ts.get(start).text()) || e - start == 3 && allDots(ts, start, e)) {
                if (dots >= 0) return Optional.empty();
                dots = items.size();
            } else {
                try {
                    items.add(item(ts, start, e));
                } catch (Written.Unreadable ex) {
                    break;
                }
            }
            start = i + 1;
        }
        if (items.isEmpty()) return Optional.empty();
        if (dots >= 0 && (dots == 0 || dots != items.size() - 1)) return Optional.empty();
        return Optional.of(new Range(sym, items, dots));
    }

    private static boolean allDots(List<Tok> ts, int from, int to) {
        for (int k = from; k < to; k++) if (!ts.get(k).is(".")) return false;
        return true;
    }

    private static Linear item(List<Tok> ts, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < to; k++) {
            Tok t = ts.get(k);
            if (t.kind() != Kind.CHAR) throw new Written.Unreadable("not an index", t.offset());
            sb.append(t.text());
        }
        List<Linear> l = Names.Subscripts.parse(sb.toString(), 0);
        if (l.size() != 1) throw new Written.Unreadable("not an index", 0);
        return l.get(0);
    }
}
