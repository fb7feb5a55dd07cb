package io.github.gradpath.symbolic;

import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Concrete index values back to symbols: each value is written relative to the nearest anchor (the constant 0 or a
 * symbol at its witness value), so at p=20, q=40 the value 41 reads {@code q+1} and 2 reads {@code 2}. Correct only
 * when the witness keeps anchors far apart; the second witness in {@link Symbolic} is what checks that.
 */
final class Mapper {
    private final List<String> names = new ArrayList<>();
    private final List<Long> values = new ArrayList<>();

    /** Anchors in the order given; on a tie the earlier one wins (deterministic, and ties never reach output). */
    Mapper(Map<String, Long> binding) {
        names.add("");
        values.add(0L);
        binding.forEach((k, v) -> { names.add(k); values.add(v); });
    }

    private Mapper(Mapper base) {
        names.addAll(base.names);
        values.addAll(base.values);
    }

    /** This mapper plus a free index, e.g. {@code k} at the middle of a family of definitions. */
    Mapper with(String symbol, long value) {
        Mapper m = new Mapper(this);
        m.names.add(symbol);
        m.values.add(value);
        return m;
    }

    /** A name for an index bound by a Σ: {@code t} (as textbooks write BPTT), or the next free one. */
    String boundName() {
        for (String s : List.of("t", "i", "j", "s", "u")) if (!names.contains(s)) return s;
        return "t'";
    }

    Linear map(long v) {
        int best = 0;
        for (int i = 1; i < names.size(); i++) {
            if (Math.abs(v - values.get(i)) < Math.abs(v - values.get(best))) best = i;
        }
        long offset = v - values.get(best);
        return names.get(best).isEmpty() ? Linear.constant(v, Pos.NONE)
                : new Linear(offset, Map.of(names.get(best), 1L), Pos.NONE);
    }

    /** LaTeX text of an index: {@code q+1}, {@code 2k-1} (no {@code *}). */
    static String tex(Linear l) {
        return io.github.gradpath.derive.Exprs.tex(l);
    }
}
