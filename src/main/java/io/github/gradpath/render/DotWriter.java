package io.github.gradpath.render;

import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Reach;

import java.util.List;

/**
 * The topology as Graphviz DOT, drawn like the textbook figure (the chapter's fig. (a)/(b)): the input at the
 * bottom, the layers in one column, each weight beside the layer that uses it, and skips as arcs beside the
 * column. The column is the longest chain from the loss down; an edge between two nodes of the column that jumps
 * over layers is a skip. A node off the column (the first layer of a later step of an unrolled network) sits beside
 * the column just below its user, and its edge to a shared input is drawn as a thin input line, not as a skip.
 * Labels are typeset as the equations write them: bold vectors with subscripts. {@code highlight}: the edges and
 * nodes of every path from the loss to those nodes (the terms of their gradients) are drawn in red.
 */
public final class DotWriter {
    private DotWriter() {}

    private static final String HIGHLIGHT = "#d62728";
    private static final String SKIP = "#1f77b4";

    public static String write(ComputationGraph g) { return write(g, List.of()); }

    public static String write(ComputationGraph g, List<Integer> highlight) {
        int n = g.size();
        int[] depth = depths(g);
        boolean[] column = column(g, depth);
        boolean[] lit = new boolean[n];
        for (int t : highlight) {
            boolean[] up = Reach.to(g, t);
            for (int v = 0; v < n; v++) lit[v] |= up[v];
        }
        // Each weight is written on the edge it multiplies (w_n on h_n -> h_{n+1}), as textbooks label the arrows;
        // only a parameter that multiplies no single edge (rare) is drawn as a node beside its user.
        java.util.Map<Long, List<Integer>> onEdge = new java.util.HashMap<>();
        boolean[] placed = new boolean[n];
        for (int user = 0; user < n; user++) pairWeights(g, user, onEdge, placed);
        StringBuilder sb = new StringBuilder();
        sb.append("digraph ").append(quote(g.network().name())).append(" {\n");
        sb.append("  rankdir=BT; nodesep=0.35; ranksep=0.32; splines=true;\n");
        sb.append("  node [shape=box, style=rounded, fontname=\"Times-Roman\", fontsize=16, height=0.36, margin=\"0.12,0.04\"];\n");
        sb.append("  edge [arrowsize=0.6, penwidth=1.1];\n");
        for (ComputationGraph.Node node : g.nodes()) {
            if (placed[node.id()]) continue;
            String shape = switch (node.kind()) {
                case PARAM -> ", shape=plaintext, fontcolor=\"#444444\", height=0.2, margin=0";
                case INPUT -> ", shape=ellipse";
                case LOSS -> ", shape=ellipse, style=solid";
                case INTERMEDIATE -> ", style=\"rounded,dashed\"";
                default -> isMerge(g, node.id()) ? ", shape=circle, margin=0.02" : "";
            };
            String colour = lit[node.id()] && !highlight.isEmpty()
                    ? (node.kind() == ComputationGraph.Kind.PARAM ? ", fontcolor=\"" + HIGHLIGHT + "\""
                    : ", color=\"" + HIGHLIGHT + "\", penwidth=2") : "";
            sb.append("  ").append(id(g, node.id())).append(" [label=<").append(label(node)).append(">")
                    .append(shape).append(colour).append("];\n");
        }
        for (int user = 0; user < n; user++) {
            for (int used : g.children(user)) {
                ComputationGraph.Node u = g.node(used);
                StringBuilder attrs = new StringBuilder();
                if (u.kind() == ComputationGraph.Kind.PARAM && placed[used]) continue;
                List<Integer> weights = onEdge.get(key(used, user));
                if (weights != null) {
                    StringBuilder l = new StringBuilder();
                    boolean red = false;
                    for (int w : weights) {
                        if (l.length() > 0) l.append(", ");
                        l.append(label(g.node(w)));
                        red |= lit[w] && !highlight.isEmpty();
                    }
                    attrs.append("label=< ").append(l).append(">");
                    if (red) attrs.append(", fontcolor=\"").append(HIGHLIGHT).append("\"");
                }
                if (u.kind() == ComputationGraph.Kind.PARAM) {
                    attrs.append("style=dotted, arrowhead=none");
                } else if (column[user] && column[used] && depth[user] - depth[used] > 1) {
                    if (attrs.length() > 0) attrs.append(", ");
                    // A skip: beside the column, leaving it where it was.
                    attrs.append("style=dashed, color=\"").append(SKIP).append("\", constraint=false");
                    // Over one node, an arc from side to side on the left, clear of the weights on the right;
                    // a longer one is left to dot, which routes it beside the column.
                    if (depth[user] - depth[used] == 2) attrs.append(", tailport=w, headport=w");
                } else if (!column[user] && u.kind() == ComputationGraph.Kind.INPUT && depth[user] > 1) {
                    if (attrs.length() > 0) attrs.append(", ");
                    // A later step's use of a shared input: not a skip, and not a reason to stretch the column.
                    attrs.append("color=\"#999999\", constraint=false");
                }
                if (lit[user] && lit[used] && !highlight.isEmpty()) {
                    attrs.append(attrs.length() > 0 ? ", " : "").append("color=\"").append(HIGHLIGHT).append("\", penwidth=2.2");
                }
                sb.append("  ").append(id(g, used)).append(" -> ").append(id(g, user));
                if (attrs.length() > 0) sb.append(" [").append(attrs).append("]");
                sb.append(";\n");
            }
        }
        // Weights beside their layer; nodes off the column beside the column node just below their user.
        for (ComputationGraph.Node node : g.nodes()) {
            int v = node.id();
            if (node.kind() == ComputationGraph.Kind.PARAM && !placed[v] && g.parents(v).length > 0) {
                sb.append("  { rank=same; ").append(id(g, v)).append("; ").append(id(g, g.parents(v)[0])).append("; }\n");
            }
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static long key(int used, int user) { return ((long) used << 32) | user; }

    /**
     * The weights of {@code user} and the edges they multiply: {@code w v} in its formula puts w on the edge
     * v -> user; a parameter in no such product (a bias) goes on the edge of a user with one other input.
     */
    private static void pairWeights(ComputationGraph g, int user, java.util.Map<Long, List<Integer>> onEdge,
                                    boolean[] placed) {
        ComputationGraph.Node node = g.node(user);
        if (node.local() == null) return;
        java.util.List<Integer> inputs = new java.util.ArrayList<>();
        for (int c : g.children(user)) if (g.node(c).kind() != ComputationGraph.Kind.PARAM) inputs.add(c);
        io.github.gradpath.dsl.Formula.walk(node.local(), f -> {
            if (f instanceof io.github.gradpath.dsl.Formula.Product p && p.factors().size() == 2
                    && p.factors().get(0) instanceof io.github.gradpath.dsl.Formula.Ref w
                    && p.factors().get(1) instanceof io.github.gradpath.dsl.Formula.Ref v) {
                Integer wi = g.id(w.node()), vi = g.id(v.node());
                if (wi != null && vi != null && g.node(wi).kind() == ComputationGraph.Kind.PARAM
                        && g.node(vi).kind() != ComputationGraph.Kind.PARAM) {
                    onEdge.computeIfAbsent(key(vi, user), k -> new java.util.ArrayList<>()).add(wi);
                    placed[wi] = true;
                }
            }
        });
        if (inputs.size() != 1) return;
        for (int c : g.children(user)) {
            if (g.node(c).kind() == ComputationGraph.Kind.PARAM && !placed[c]) {
                onEdge.computeIfAbsent(key(inputs.get(0), user), k -> new java.util.ArrayList<>()).add(c);
                placed[c] = true;
            }
        }
    }

    /** Longest chain of non-parameter nodes below each node. */
    static int[] depths(ComputationGraph g) {
        int[] depth = new int[g.size()];
        int[] order = g.order();
        for (int i = order.length - 1; i >= 0; i--) {
            int v = order[i];
            int d = 0;
            for (int c : g.children(v)) {
                if (g.node(c).kind() != ComputationGraph.Kind.PARAM) d = Math.max(d, depth[c] + 1);
            }
            depth[v] = d;
        }
        return depth;
    }

    /** The column: from the loss, always down to the deepest non-parameter child (the first, on a tie). */
    static boolean[] column(ComputationGraph g, int[] depth) {
        boolean[] on = new boolean[g.size()];
        int v = g.loss();
        while (true) {
            on[v] = true;
            int next = -1;
            for (int c : g.children(v)) {
                if (g.node(c).kind() == ComputationGraph.Kind.PARAM) continue;
                if (next < 0 || depth[c] > depth[next]) next = c;
            }
            if (next < 0) return on;
            v = next;
        }
    }

    private static boolean isMerge(ComputationGraph g, int v) {
        int[] cs = g.children(v);
        if (cs.length < 2) return false;
        for (int k = 0; k < cs.length; k++) if (!g.isIdentity(v, k)) return false;
        return true;
    }

    /** {@code h_{1,2}} as bold italic h with subscript 1,2; the loss and the weights' labels as the equations. */
    static String label(ComputationGraph.Node node) {
        NodeId name = node.name();
        String base = html(name.base());
        String letter = node.kind() == ComputationGraph.Kind.LOSS ? "<I>" + base + "</I>" : "<B><I>" + base + "</I></B>";
        String sub = subscriptText(name);
        // Graphviz sets a subscript at full size: a smaller font makes it read as one.
        return sub.isEmpty() ? letter : letter + "<SUB><FONT POINT-SIZE=\"11\">" + html(sub) + "</FONT></SUB>";
    }

    static String subscriptText(NodeId name) {
        String full = name.toString();
        int u = full.indexOf('_');
        if (u < 0) return "";
        String s = full.substring(u + 1);
        return s.startsWith("{") && s.endsWith("}") ? s.substring(1, s.length() - 1) : s;
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String id(ComputationGraph g, int v) {
        return quote(g.node(v).name().toString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
