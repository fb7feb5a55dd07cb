package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Second opinions on a row found wrong: is it right under another convention (then say which one to declare),
 * or right for another variable than the one its left side names (then say that)? Each is confirmed by
 * evaluating the row again, so a hint never claims what does not hold.
 */
final class Hints {
    private Hints() {}

    /** A hint to append to the message (starting with "; "), a whole message starting "the left side", or "". */
    static String of(Networks.Instance inst, Regions rg, Map<String, Long> env, Conventions conv, Written side, int[] ab,
                     Written.Part lhs) {
        String left = leftSide(inst, rg, env, conv, side, ab, lhs);
        if (left != null) return left;
        List<Conventions> alts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        alts.add(conv.withImmediate(!conv.immediate()));
        names.add(conv.immediate() ? "partials=total" : "partials=immediate");
        alts.add(conv.withInputFirst(!conv.inputFirst()));
        names.add(conv.inputFirst() ? "order=output-first" : "order=input-first");
        if (!conv.immediate() && !conv.inputFirst()) {
            alts.add(conv.withImmediate(true).withInputFirst(true));
            names.add("partials=immediate order=input-first");
        }
        if (!conv.scalar()) {
            alts.add(conv.withScalar(true));
            names.add("scalar");
        }
        for (int k = 0; k < alts.size(); k++) {
            if (holds(inst, rg, env, alts.get(k), side, ab)) {
                return "; the row is right with `" + names.get(k) + "`: if the document means that, declare it in the"
                        + " check comment (`gradpath: check NET " + names.get(k) + "`)";
            }
        }
        return "";
    }

    private static boolean holds(Networks.Instance inst, Regions rg, Map<String, Long> env, Conventions conv, Written side,
                                 int[] ab) {
        try {
            Resolved r = new Resolver(inst, rg, env, conv).resolve(side);
            Resolved truth = new Resolved.Total(ab[0], ab[1], "", 0);
            int deg = Math.max(Evaluator.degree(truth, rg), Evaluator.degree(r, rg));
            Evaluator ev = new Evaluator(rg, UnitChecker.SEED, deg, conv.scalar());
            return Arrays.equals(ev.value(truth), ev.value(r));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** When every term of the side ends at one node other than the left side's, and the row is right for it. */
    private static String leftSide(Networks.Instance inst, Regions rg, Map<String, Long> env, Conventions conv,
                                   Written side, int[] ab, Written.Part lhs) {
        Resolved r;
        try {
            r = new Resolver(inst, rg, env, conv).resolve(side);
        } catch (RuntimeException e) {
            return null;
        }
        int end = end(r);
        if (end < 0 || end == ab[1]) return null;
        if (!holds(inst, rg, env, conv, side, new int[] {ab[0], end})) return null;
        return "the left side names " + inst.name(ab[1]) + ", but every term of the right side ends at "
                + inst.name(end) + ": the row is right for ∂" + inst.name(ab[0]) + "/∂" + inst.name(end);
    }

    /** The node every term ends at, or -1. */
    private static int end(Resolved r) {
        if (r instanceof Resolved.Total t) return t.b();
        if (r instanceof Resolved.Direct d) return d.b();
        if (r instanceof Resolved.Chain c) return c.path()[c.path().length - 1];
        if (r instanceof Resolved.Sum s) {
            int e = -2;
            for (Resolved t : s.terms()) {
                int x = end(t);
                if (x < 0 || e != -2 && e != x) return -1;
                e = x;
            }
            return e == -2 ? -1 : e;
        }
        if (r instanceof Resolved.Prod p) {
            for (int i = p.factors().size() - 1; i >= 0; i--) {
                Resolved f = p.factors().get(i);
                if (f instanceof Resolved.Num) continue;
                return end(f);
            }
        }
        return -1;
    }
}
