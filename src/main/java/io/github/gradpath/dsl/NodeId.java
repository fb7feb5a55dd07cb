package io.github.gradpath.dsl;

import java.util.List;

/**
 * A concrete node name: base plus integer subscripts, {@code h_3}, {@code w_{10}}, {@code y}; or base plus a
 * literal label, {@code w_y}, {@code W_{hh}} (a bare identifier subscript that is no index).
 */
public record NodeId(String base, List<Long> indices, String label) implements Comparable<NodeId> {
    public NodeId {
        indices = List.copyOf(indices);
        label = label == null ? "" : label;
    }

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
