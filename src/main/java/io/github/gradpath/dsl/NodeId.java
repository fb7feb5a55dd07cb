package io.github.gradpath.dsl;

import java.util.List;

/**
 * A concrete node name: base plus integer subscripts, {@code h_3}, {@code w_{10}}, {@code y}; or base plus a
 * literal label, {@code w_y}, {@code W_{hh}} (a bare identifier subscript that is no index).
 */
public final class NodeId implements Comparable<NodeId> {
    private final String base;
    /**
     * The subscripts, unboxed: one array instead of a list and a Long per index (a 100,000-layer network's
     * 210,000 names, each held to the end, were 420,000 more objects for the collector to copy).
     */
    private final long[] idx;
    /** {@link #indices()}, made when first asked for (immutable, so a race makes two equal lists, nothing worse). */
    private List<Long> indices;
    private final String label;
    // Names are hashed millions of times on a 100,000-layer network; a record would rehash the list each time.
    private final int hash;

    private static final long[] NONE = {};

    public NodeId(String base, List<Long> indices, String label) {
        this(base, unboxed(indices), label == null ? "" : label);
    }

    /** {@code base_index}, the usual name ({@code h_3}), without a list. */
    public NodeId(String base, long index) {
        this(base, new long[] {index}, "");
    }

    private NodeId(String base, long[] idx, String label) {
        this.base = base;
        this.idx = idx;
        this.label = label;
        this.hash = hash(base, idx, label);
    }

    /** The hash {@code new NodeId(base, index)} has, without making it. */
    static int hashOf(String base, long index) {
        long h = mix(mix(base.hashCode() + 0x9E3779B97F4A7C15L) ^ index);
        h = mix(h ^ ((long) "".hashCode() << 32 | 1));
        return (int) (h ^ (h >>> 32));
    }

    /** How many indices, without making {@link #indices()}. */
    int arity() { return idx.length; }

    /** Whether this is {@code base_index}, as {@code new NodeId(base, index)} would be. */
    boolean is(String base, long index) {
        return idx.length == 1 && idx[0] == index && label.isEmpty() && this.base.equals(base);
    }

    private static long[] unboxed(List<Long> indices) {
        if (indices.isEmpty()) return NONE;
        long[] a = new long[indices.size()];
        for (int i = 0; i < a.length; i++) a[i] = indices.get(i); // a null index throws, as List.copyOf did
        return a;
    }

    /**
     * A well-mixed hash. The obvious {@code (H(base)·31 + H(indices))·31 + H(label)} put {@code w_k} and
     * {@code h_{k+465}} on one value (961·15 is a multiple of 31), so a 100,000-layer network's maps compared
     * strings on most lookups. Each part goes through a 64-bit multiply-xorshift finaliser (murmur3's fmix64).
     * Nothing may depend on the order a HashMap of NodeIds iterates in: output is sorted or insertion-ordered.
     */
    private static int hash(String base, long[] indices, String label) {
        long h = mix(base.hashCode() + 0x9E3779B97F4A7C15L);
        for (long i : indices) h = mix(h ^ i);
        h = mix(h ^ ((long) label.hashCode() << 32 | indices.length));
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    public String base() { return base; }

    public List<Long> indices() {
        List<Long> l = indices;
        if (l == null) {
            Long[] boxed = new Long[idx.length];
            for (int i = 0; i < idx.length; i++) boxed[i] = idx[i];
            indices = l = List.of(boxed);
        }
        return l;
    }

    public String label() { return label; }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof NodeId n && hash == n.hash && base.equals(n.base)
                && java.util.Arrays.equals(idx, n.idx) && label.equals(n.label);
    }

    @Override
    public int hashCode() { return hash; }

    public NodeId(String base, List<Long> indices) {
        this(base, indices, "");
    }

    public static NodeId of(String base, long... indices) {
        return new NodeId(base, java.util.Arrays.stream(indices).boxed().toList());
    }

    /** Subscript text as a person writes it, {@code "3"}, {@code "10"}, {@code "1,2"}; empty without one. */
    public String subscript() {
        if (!label.isEmpty()) return label;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < idx.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(idx[i]);
        }
        return sb.toString();
    }

    /** Source form: {@code h_3}, {@code h_{10}}. */
    @Override
    public String toString() {
        if (idx.length == 0 && label.isEmpty()) return base;
        String s = subscript();
        return base + "_" + (s.length() == 1 ? s : "{" + s + "}");
    }

    @Override
    public int compareTo(NodeId o) {
        int c = base.compareTo(o.base);
        if (c != 0) return c;
        c = label.compareTo(o.label);
        if (c != 0) return c;
        for (int i = 0; i < Math.min(idx.length, o.idx.length); i++) {
            c = Long.compare(idx[i], o.idx[i]);
            if (c != 0) return c;
        }
        return Integer.compare(idx.length, o.idx.length);
    }
}
