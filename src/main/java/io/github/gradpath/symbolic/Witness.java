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
        // `N == 1000000000` fixes N: it takes that value at both witnesses, and the others are spread above it.
        Map<String, Long> pinned = pinned(spec, syms);
        List<String> free = new ArrayList<>();
        for (String s : syms) if (!pinned.containsKey(s)) free.add(s);
        long base = 0;
        for (long v : pinned.values()) base = Math.max(base, v);
        int n = free.size();
        int maxMult = n <= 6 ? 3 : 1;
        int[] tried = {0};
        // The order the constraints themselves state (a < b < ... < l) first: with twelve symbols the
        // lexicographic enumeration would spend its budget long before reaching it.
        Optional<Pair> found = search(spec, free, pinned, base, order(spec, free), maxMult, tried);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        while (found.isEmpty() && tried[0] <= BUDGET) {
            found = search(spec, free, pinned, base, perm, maxMult, tried);
            if (!nextPermutation(perm)) break;
        }
        if (found.isPresent()) return found;
        Pos pos = spec.indices().isEmpty() ? spec.pos() : spec.indices().get(0).pos();
        List<NetworkSpec.Constraint> cs = constraints(spec);
        if (!cs.isEmpty()) pos = cs.get(0).pos();
        if (tight(spec, 1).isEmpty()) {
            // Not a proof: the search is bounded, so say what was tried rather than "no values exist".
            d.error(spec.source(), pos, "gradpath found no values of " + String.join(", ", syms) + " that satisfy"
                    + " these constraints (it tried every value from 0 to " + BOX + ", and each order of the symbols"
                    + " spread " + GAP + " or more apart)");
        } else {
            d.error(spec.source(), pos, "these constraints leave " + String.join(", ", syms) + " no room to be far"
                    + " apart, so no general form can be derived; derive a concrete network instead");
        }
        return Optional.empty();
    }

    private static Optional<Pair> search(NetworkSpec spec, List<String> free, Map<String, Long> pinned, long base,
                                         int[] perm, int maxMult, int[] tried) {
        int[] mult = new int[perm.length];
        java.util.Arrays.fill(mult, 1);
        do {
            if (++tried[0] > BUDGET) return Optional.empty();
            Map<String, Long> a = binding(free, pinned, base, perm, mult, i -> 0L);
            if (a != null && satisfies(spec, a)) {
                Map<String, Long> b = binding(free, pinned, base, perm, mult, i -> 7L + 4L * i);
                if (b == null || !satisfies(spec, b)) b = binding(free, pinned, base, perm, mult, i -> GAP / 2);
                if (b != null && satisfies(spec, b)) return Optional.of(new Pair(ordered(spec, a), ordered(spec, b)));
            }
        } while (nextMultiplier(mult, maxMult));
        return Optional.empty();
    }

    /** In declaration order of the symbols, as before pinning: messages and witnesses list them that way. */
    private static Map<String, Long> ordered(NetworkSpec spec, Map<String, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String s : symbols(spec)) out.put(s, m.get(s));
        return out;
    }

    /** Symbols an equality fixes to a constant ({@code N == 1000000000}, {@code M == N+1} once N is fixed). */
    static Map<String, Long> pinned(NetworkSpec spec, List<String> syms) {
        Map<String, Long> out = new LinkedHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (NetworkSpec.Constraint c : constraints(spec)) {
                for (int i = 0; i < c.operators().size(); i++) {
                    if (!c.operators().get(i).equals("==")) continue;
                    for (int side = 0; side < 2; side++) {
                        var x = c.operands().get(i + side);
                        var y = c.operands().get(i + 1 - side);
                        if (x.constant() != 0 || x.coeffs().size() != 1) continue;
                        var e = x.coeffs().entrySet().iterator().next();
                        if (e.getValue() != 1 || out.containsKey(e.getKey()) || !syms.contains(e.getKey())) continue;
                        Long v;
                        try {
                            v = y.eval(out);
                        } catch (ArithmeticException overflow) {
                            continue;
                        }
                        if (v == null) continue;
                        out.put(e.getKey(), v);
                        changed = true;
                    }
                }
            }
        }
        return out;
    }

    /**
     * The free symbols in an order consistent with the comparisons between two of them ({@code p < q}, {@code
     * q+1 <= N}): Kahn's algorithm, ties in declaration order; a cycle leaves the rest in declaration order.
     */
    static int[] order(NetworkSpec spec, List<String> free) {
        int n = free.size();
        List<List<Integer>> after = new ArrayList<>();
        for (int i = 0; i < n; i++) after.add(new ArrayList<>());
        int[] indegree = new int[n];
        for (NetworkSpec.Constraint c : constraints(spec)) {
            for (int i = 0; i < c.operators().size(); i++) {
                String op = c.operators().get(i);
                int a = single(c.operands().get(i), free), b = single(c.operands().get(i + 1), free);
                if (a < 0 || b < 0 || a == b) continue;
                if (op.equals("<") || op.equals("<=")) { after.get(a).add(b); indegree[b]++; }
                else if (op.equals(">") || op.equals(">=")) { after.get(b).add(a); indegree[a]++; }
            }
        }
        int[] perm = new int[n];
        boolean[] done = new boolean[n];
        int k = 0;
        // A symbol compared with no other (the length T beside the depths N, p, q) comes first: its own
        // dimension's subscripts are mapped from it alone, so putting it low keeps the witness network small
        // (T = 20 below p, q, N rather than T = 80 above them: 1,600 layer-step nodes instead of 4,800).
        boolean[] linked = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!after.get(i).isEmpty() || indegree[i] > 0) linked[i] = true;
            for (int w : after.get(i)) linked[w] = true;
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>(
                java.util.Comparator.<Integer>comparingInt(i -> linked[i] ? 1 : 0).thenComparingInt(i -> i));
        for (int i = 0; i < n; i++) if (indegree[i] == 0) ready.add(i);
        while (!ready.isEmpty()) {
            int v = ready.poll();
            done[v] = true;
            perm[k++] = v;
            for (int w : after.get(v)) if (--indegree[w] == 0) ready.add(w);
        }
        for (int i = 0; i < n; i++) if (!done[i]) perm[k++] = i;
        return perm;
    }

    /** The free symbol a comparison operand is, give or take a constant ({@code q}, {@code q+1}); else -1. */
    private static int single(io.github.gradpath.dsl.Linear l, List<String> free) {
        if (l.coeffs().size() != 1) return -1;
        var e = l.coeffs().entrySet().iterator().next();
        return e.getValue() == 1 ? free.indexOf(e.getKey()) : -1;
    }

    private static Map<String, Long> binding(List<String> syms, Map<String, Long> pinned, long base, int[] perm,
                                             int[] mult, java.util.function.IntFunction<Long> extra) {
        long[] value = new long[syms.size()];
        long v = base;
        try {
            for (int i = 0; i < perm.length; i++) {
                v = Math.addExact(v, mult[i] * GAP + extra.apply(i));
                value[perm[i]] = v;
            }
        } catch (ArithmeticException e) {
            return null;
        }
        Map<String, Long> m = new LinkedHashMap<>(pinned);
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
