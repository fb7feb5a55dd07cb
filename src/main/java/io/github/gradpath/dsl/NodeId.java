package io.github.gradpath.dsl;

import java.util.List;

/**
 * A concrete node name: base plus integer subscripts, {@code h_3}, {@code w_{10}}, {@code y}; or base plus a
 * literal label, {@code w_y}, {@code W_{hh}} (a bare identifier subscript that is no index).
 */
public final class NodeId implements Comparable<NodeId> {
    private final String base;
    private final List<Long> indices;
    private final String label;
    // Names are hashed millions of times on a 100,000-layer network; a record would rehash the list each time.
    private final int hash;

    public NodeId(String base, List<Long> indices, String label) {
        this.base = base;
        this.indices = List.copyOf(indices);
        this.label = label == null ? "" : label;
        this.hash = hash(base, this.indices, this.label);
    }

    /**
     * A well-mixed hash. The obvious {@code (H(base)·31 + H(indices))·31 + H(label)} put {@code w_k} and
     * {@code h_{k+465}} on one value (961·15 is a multiple of 31), so a 100,000-layer network's maps compared
     * strings on most lookups. Each part goes through a 64-bit multiply-xorshift finaliser (murmur3's fmix64).
     * Nothing may depend on the order a HashMap of NodeIds iterates in: output is sorted or insertion-ordered.
     */
    private static int hash(String base, List<Long> indices, String label) {
        long h = mix(base.hashCode() + 0x9E3779B97F4A7C15L);
        for (int i = 0; i < indices.size(); i++) h = mix(h ^ indices.get(i));
        h = mix(h ^ ((long) label.hashCode() << 32 | indices.size()));
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    public String base() { return base; }

    public List<Long> indices() { return indices; }

    public String label() { return label; }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof NodeId n && hash == n.hash && base.equals(n.base) && sameIndices(n.indices)
                && label.equals(n.label);
    }

    /** {@code indices.equals(other)} without the two iterators List.equals makes (11 MB on 100,000 layers). */
    private boolean sameIndices(List<Long> other) {
        int n = indices.size();
        if (n != other.size()) return false;
        for (int i = 0; i < n; i++) if (!indices.get(i).equals(other.get(i))) return false;
        return true;
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
        for (int i = 0; i < indices.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(indices.get(i));
        }
        return sb.toString();
    }

    /** Source form: {@code h_3}, {@code h_{10}}. */
    @Override
    public String toString() {
        if (indices.isEmpty() && label.isEmpty()) return base;
        String s = subscript();
        return base + "_" + (s.length() == 1 ? s : "{" + s + "}");
    }

    @Override
    public int compareTo(NodeId o) {
        int c = base.compareTo(o.base);
        if (c != 0) return c;
        c = label.compareTo(o.label);
        if (c != 0) return c;
        for (int i = 0; i < Math.min(indices.size(), o.indices.size()); i++) {
            c = Long.compare(indices.get(i), o.indices.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(indices.size(), o.indices.size());
    }
}
