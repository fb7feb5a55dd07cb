package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code \cdots} between groups of explicit factors, as {@code derive --expand} writes a run at symbolic depth:
 * {@code diag(a_N'(z_N)) w_N diag(a_{N-1}'(z_{N-1})) w_{N-1} × ⋯ × diag(a_q'(z_q)) w_q}. The run repeats the last
 * {@code P} factors before it, each copy with every subscript one lower, until the copy that is the factor after it.
 * In a denominator row, read as written, the run climbs: each copy one index up. The period {@code P} must be
 * written twice: the {@code P} factors before the group are the group one index up (down when climbing), or the
 * factors after {@code \cdots} continue the run for a whole group. A factor with no index ({@code W^\top} of a
 * shared weight) is the same in every copy. Several periods that are seen and read differently are ambiguous:
 * "cannot read", never a guess. Explicit rows arrive in the written order.
 */
final class Runs {
    private Runs() {}

    /** The longest group tried as a period: the search is cubic in it, and a textbook's group is a few factors. */
    static final int MAX_PERIOD = 32;

    /** The longest run read (factors between); beyond it the row is not read. */
    static final int MAX_FACTORS = 100_000;

    /**
     * What the run stands for: factors to {@code insert} after dropping the last {@code drop} factors read before
     * it (the factor after {@code \cdots} repeats them), and {@code skip} factors after it that the run also
     * consumes (an empty run, {@code G_{q-1} ⋯ G_q}).
     */
    record Reading(List<Resolved> insert, int drop, int skip) {}

    private record Candidate(int period, long m, Reading reading, List<Resolved> canon) {}

    static Reading read(Resolver r, List<Written> fs, int at, long shift) {
        int offset = fs.get(at).offset();
        int lo = at - 1, hi = at + 1;
        while (lo > 0 && !(fs.get(lo - 1) instanceof Written.Dots)) lo--;
        while (hi < fs.size() && !(fs.get(hi) instanceof Written.Dots)) hi++;
        List<Written> left = fs.subList(lo, at), right = fs.subList(at + 1, hi);
        List<Candidate> found = new ArrayList<>();
        RuntimeException failure = null;
        // Explicit rows are read as written: output-first (numerator layout) each copy is one index down, input-first
        // (denominator layout) one up. The direction is the layout's, never inferred: G_q ⋯ G_{q-1} is the empty run
        // climbing and two copies descending.
        int dir = r.conv.denominator() ? -1 : 1;
        for (int p = 1; p <= Math.min(left.size(), MAX_PERIOD); p++) {
            List<Written> g = left.subList(left.size() - p, left.size());
            // A group that is itself copies of a shorter one (G_{n} G_{n-1}) is that shorter group's run, not its own.
            if (repeats(g, dir, r)) continue;
            boolean seenLeft = left.size() >= 2 * p;
            for (int j = 0; seenLeft && j < p; j++) seenLeft = is(left.get(left.size() - 2 * p + j), g.get(j), dir, r);
            for (int o = 0; o < p; o++) {
                // The copy the factor after the run is in, from the first factor after it that has an index (a shared
                // weight W is the same in every copy: it says nothing about which one).
                Long copy = null;
                for (int t = 0; copy == null && t < Math.min(p, right.size()); t++) {
                    Written x = g.get((o + t) % p);
                    Optional<Long> d = RunShape.shift(x, right.get(t), r.env);
                    if (d.isPresent()) copy = d.get() * dir - 1 - (o + t) / p;
                    else if (!RunShape.constant(x, right.get(t), r.env)) break;
                }
                if (copy == null || copy < -2) continue;
                long m = copy * p + o;
                if (m > MAX_FACTORS) {
                    throw new Written.Unreadable("`\\cdots` stands for more than " + MAX_FACTORS + " factors here", offset);
                }
                boolean seenRight = right.size() >= p;
                for (int t = 0; seenRight && t < p; t++) {
                    long j = m + t;
                    seenRight = is(g.get((int) Math.floorMod(j, (long) p)), right.get(t), dir * (1 + Math.floorDiv(j, (long) p)), r);
                }
                if (!seenLeft && !seenRight) continue;
                Reading reading;
                if (m < -p) {
                    // G_{q-1} ⋯ G_q: the group after is the group before one index up, a run of no factors at all.
                    if (o != 0 || !seenRight) continue;
                    reading = new Reading(List.of(), p, p);
                } else {
                    List<Resolved> ins = new ArrayList<>();
                    try {
                        for (long j = 0; j < m; j++) {
                            ins.add(r.resolveAt(g.get((int) Math.floorMod(j, (long) p)), shift - dir * (1 + Math.floorDiv(j, (long) p))));
                        }
                    } catch (Resolver.Wrong | Written.Unreadable e) {
                        if (failure == null) failure = e;
                        continue;
                    }
                    reading = new Reading(ins, m < 0 ? (int) -m : 0, 0);
                }
                found.add(new Candidate(p, m, reading, canon(reading)));
            }
        }
        if (found.isEmpty()) {
            if (failure != null) throw failure;
            throw new Written.Unreadable("`\\cdots` between explicit factors: no group of factors before it, written"
                    + " twice, continues one index down per group to the factor after it", offset);
        }
        Candidate first = found.get(0);
        for (Candidate c : found) {
            if (!c.canon().equals(first.canon())) {
                throw new Written.Unreadable("`\\cdots` is ambiguous here: it can repeat a group of " + first.period()
                        + " or of " + c.period() + " factors", offset);
            }
        }
        return first.reading();
    }

    private static boolean repeats(List<Written> g, int dir, Resolver r) {
        for (int q = 1; q < g.size(); q++) {
            if (g.size() % q != 0) continue;
            boolean all = true;
            for (int j = 0; all && j + q < g.size(); j++) all = is(g.get(j), g.get(j + q), dir, r);
            if (all) return true;
        }
        return false;
    }

    /** Whether {@code y} is {@code x} with every subscript {@code down} lower. */
    private static boolean is(Written x, Written y, long down, Resolver r) {
        Optional<Long> d = RunShape.shift(x, y, r.env);
        return d.isPresent() ? d.get() == down : RunShape.constant(x, y, r.env);
    }

    /** A reading compared as its nodes (a shifted {@code a_n'} keeps the unshifted text, which is only for messages). */
    private static List<Resolved> canon(Reading rd) {
        List<Resolved> out = new ArrayList<>();
        out.add(new Resolved.Num(rd.drop()));
        out.add(new Resolved.Num(rd.skip()));
        for (Resolved x : rd.insert()) out.add(canon(x));
        return out;
    }

    private static Resolved canon(Resolved x) {
        if (x instanceof Resolved.Prime p) return new Resolved.Prime("", p.arg(), p.owner());
        if (x instanceof Resolved.Trans t) return new Resolved.Trans(canon(t.operand()));
        if (x instanceof Resolved.Diag d) return new Resolved.Diag(canon(d.operand()));
        if (x instanceof Resolved.Neg n) return new Resolved.Neg(canon(n.operand()));
        if (x instanceof Resolved.Had h) return new Resolved.Had(h.factors().stream().map(Runs::canon).toList());
        return x;
    }
}
