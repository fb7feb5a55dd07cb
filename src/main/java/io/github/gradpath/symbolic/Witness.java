package io.github.gradpath.symbolic;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.NameRef;
import io.github.gradpath.dsl.NetworkSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Values for the symbolic indices. Derivation needs two bindings in general position (symbols far from each other
 * and from the constants, gaps different between the two) so that every index in the output sits a small offset
 * from exactly one symbol; checking instantiation needs the opposite, the small tight bindings where coincidences
 * ({@code q = p+1}) happen.
 */
final class Witness {
    /** Gap between neighbouring anchors in the first witness: families of rows get ~10 values of room each side. */
    static final long GAP = 20;
    /** Tight bindings tried for coincidences: values 0..BOX for every symbol, at most LIMIT of them. */
    static final long BOX = 7;
    static final int LIMIT = 200;
    /** Candidate bindings examined at most, per search: many symbols must not turn a check into a hang. */
    static final int BUDGET = 200_000;

    private Witness() {}

    /** Two far-apart bindings (the second with unequal gaps), in declaration order of the symbols. */
    record Pair(Map<String, Long> first, Map<String, Long> second) {}

    static List<String> symbols(NetworkSpec spec) {
        List<String> out = new ArrayList<>();
        for (NetworkSpec.IndexDecl d : spec.indices()) for (NameRef s : d.symbols()) out.add(s.base());
        return out;
    }

    static List<NetworkSpec.Constraint> constraints(NetworkSpec spec) {
        List<NetworkSpec.Constraint> out = new ArrayList<>();
        for (NetworkSpec.IndexDecl d : spec.indices()) out.addAll(d.constraints());
        return out;
    }

    static boolean satisfies(NetworkSpec spec, Map<String, Long> env) {
        for (NetworkSpec.Constraint c : constraints(spec)) if (!c.holds(env)) return false;
        return true;
    }

    /**
     * Tries every order of the symbols and gap multipliers 1..3 (orderings with offsets are what textbooks
     * write; anything linear is checked, not assumed). Reports, at the constraints, why none was found.
     */
    static Optional<Pair> find(NetworkSpec spec, Diagnostics d) {
        List<String> syms = symbols(spec);
        int n = syms.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        int maxMult = n <= 6 ? 3 : 1;
        int tried = 0;
        do {
            int[] mult = new int[n];
            java.util.Arrays.fill(mult, 1);
            do {
                if (++tried > BUDGET) break;
                Map<String, Long> a = binding(syms, perm, mult, i -> 0L);
                if (satisfies(spec, a)) {
                    Map<String, Long> b = binding(syms, perm, mult, i -> 7L + 4L * i);
                    if (!satisfies(spec, b)) b = binding(syms, perm, mult, i -> GAP / 2);
                    if (satisfies(spec, b)) return Optional.of(new Pair(a, b));
                }
            } while (nextMultiplier(mult, maxMult));
        } while (tried <= BUDGET && nextPermutation(perm));
        Pos pos = spec.indices().isEmpty() ? spec.pos() : spec.indices().get(0).pos();
        List<NetworkSpec.Constraint> cs = constraints(spec);
        if (!cs.isEmpty()) pos = cs.get(0).pos();
        if (tight(spec, 1).isEmpty()) {
            d.error(spec.source(), pos, "no values of " + String.join(", ", syms) + " satisfy these constraints"
                    + " (tried every value from 0 to " + BOX + ")");
        } else {
            d.error(spec.source(), pos, "these constraints leave " + String.join(", ", syms) + " no room to be far"
                    + " apart, so no general form can be derived; derive a concrete network instead");
        }
        return Optional.empty();
    }

    private static Map<String, Long> binding(List<String> syms, int[] perm, int[] mult,
                                             java.util.function.IntFunction<Long> extra) {
        long[] value = new long[syms.size()];
        long v = 0;
        for (int i = 0; i < perm.length; i++) {
            v += mult[i] * GAP + extra.apply(i);
            value[perm[i]] = v;
        }
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < syms.size(); i++) m.put(syms.get(i), value[i]);
        return m;
    }

    /** Satisfying bindings with every value in 0..BOX, smallest sums first, at most {@code limit}. */
    static List<Map<String, Long>> tight(NetworkSpec spec, int limit) {
        List<String> syms = symbols(spec);
        int n = syms.size();
        List<Map<String, Long>> out = new ArrayList<>();
        int[] budget = {BUDGET};
        for (long sum = 0; sum <= BOX * n && out.size() < limit && budget[0] > 0; sum++) {
            long[] v = new long[n];
            collect(spec, syms, v, 0, sum, out, limit, budget);
        }
        return out;
    }

    private static void collect(NetworkSpec spec, List<String> syms, long[] v, int i, long rest,
                                List<Map<String, Long>> out, int limit, int[] budget) {
        // Depth is the number of declared symbols, not the network's size.
        if (out.size() >= limit || budget[0] <= 0) return;
        if (i == v.length) {
            budget[0]--;
            if (rest != 0) return;
            Map<String, Long> m = new LinkedHashMap<>();
            for (int k = 0; k < v.length; k++) m.put(syms.get(k), v[k]);
            if (satisfies(spec, m)) out.add(m);
            return;
        }
        for (long x = 0; x <= Math.min(BOX, rest); x++) {
            v[i] = x;
            collect(spec, syms, v, i + 1, rest - x, out, limit, budget);
        }
    }

    private static boolean nextMultiplier(int[] m, int max) {
        for (int i = m.length - 1; i >= 0; i--) {
            if (m[i] < max) { m[i]++; return true; }
            m[i] = 1;
        }
        return false;
    }

    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) i--;
        if (i < 0) return false;
        int j = a.length - 1;
        while (a[j] <= a[i]) j--;
        int t = a[i]; a[i] = a[j]; a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) { t = a[l]; a[l] = a[r]; a[r] = t; }
        return true;
    }

    static String describe(Map<String, Long> b) {
        StringBuilder sb = new StringBuilder();
        b.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" = ").append(v));
        return sb.toString();
    }
}
