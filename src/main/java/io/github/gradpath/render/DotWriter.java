package io.github.gradpath.render;

import io.github.gradpath.graph.ComputationGraph;

/**
 * The topology as Graphviz DOT, drawn like the textbook figure: the input at the bottom, layers in one column,
 * each weight beside the layer that uses it, and skip edges (those jumping more than one layer) drawn dashed
 * beside the column without pulling it out of line.
 */
public final class DotWriter {
    private DotWriter() {}

    public static String write(ComputationGraph g) {
        int n = g.size();
        int[] depth = new int[n];
        int[] order = g.order();
        for (int i = order.length - 1; i >= 0; i--) {
            int v = order[i];
            int d = 0;
            for (int c : g.children(v)) {
                if (g.node(c).kind() != ComputationGraph.Kind.PARAM) d = Math.max(d, depth[c] + 1);
            }
            depth[v] = d;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("digraph ").append(quote(g.network().name())).append(" {\n");
        sb.append("  rankdir=BT;\n");
        sb.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        sb.append("  edge [arrowsize=0.7];\n");
        for (ComputationGraph.Node node : g.nodes()) {
            String shape = switch (node.kind()) {
                case PARAM -> ", shape=plaintext, fontcolor=\"#555555\"";
                case INPUT -> ", shape=ellipse";
                case LOSS -> ", shape=doublecircle";
                case INTERMEDIATE -> ", style=\"rounded,dashed\"";
                default -> "";
            };
            sb.append("  ").append(id(g, node.id())).append(" [label=").append(quote(node.name().toString()))
                    .append(shape).append("];\n");
        }
        for (int user = 0; user < n; user++) {
            for (int used : g.children(user)) {
                ComputationGraph.Node u = g.node(used);
                sb.append("  ").append(id(g, used)).append(" -> ").append(id(g, user));
                if (u.kind() == ComputationGraph.Kind.PARAM) {
                    sb.append(" [style=dotted, arrowhead=none]");
                } else if (depth[user] - depth[used] > 1) {
                    sb.append(" [style=dashed, color=\"#1f77b4\", constraint=false, tailport=e, headport=e]");
                } else if (g.isIdentityEdge(user, used)) {
                    sb.append(" [label=\"+\"]");
                }
                sb.append(";\n");
            }
        }
        for (ComputationGraph.Node node : g.nodes()) {
            if (node.kind() != ComputationGraph.Kind.PARAM || g.parents(node.id()).length == 0) continue;
            sb.append("  { rank=same; ").append(id(g, node.id())).append("; ")
                    .append(id(g, g.parents(node.id())[0])).append("; }\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static String id(ComputationGraph g, int v) {
        return quote(g.node(v).name().toString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
