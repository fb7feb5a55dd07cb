package io.github.gradpath.graph;

import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Formula;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NodeId;

import java.util.List;

/**
 * The computation graph: nodes (inputs, parameters, defined variables, intermediates, the loss) and use edges
 * {@code user -> used}, each standing for the Jacobian {@code ∂user/∂used}. Built by {@link GraphBuilder}.
 * Immutable; nodes are numbered 0..n-1 and all adjacency is by number, so algorithms run over arrays.
 */
public final class ComputationGraph {
    public enum Kind { INPUT, PARAM, VARIABLE, INTERMEDIATE, LOSS }

    /**
     * One node. {@code local} is what the node computes from its children (nested applications already
     * replaced by references to their intermediate nodes); leaves have none.
     */
    public record Node(int id, NodeId name, Kind kind, Pos pos, Formula local) {
        public boolean isLeaf() { return local == null; }
    }

    private final Network network;
    private final List<Node> nodes;
    private final int[][] children;
    private final boolean[][] identity;
    private final int[][] parents;
    private final int loss;
    private final int[] order;
    private final NameIndex byName;
    private final int[] rank;

    ComputationGraph(Network network, List<Node> nodes, int[][] children, boolean[][] identity, int[][] parents,
                     int loss, int[] order, NameIndex byName) {
        this.network = network;
        this.nodes = List.copyOf(nodes);
        this.children = children;
        this.identity = identity;
        this.parents = parents;
        this.loss = loss;
        this.order = order;
        this.byName = byName;
        byName.nodes(nodes.size());
        this.rank = new int[order.length];
        for (int i = 0; i < order.length; i++) rank[order[i]] = i;
    }

    /** Position of {@code id} in {@link #order()}: every user ranks before what it uses. */
    public int rank(int id) { return rank[id]; }

    public Network network() { return network; }

    public int size() { return nodes.size(); }

    public Node node(int id) { return nodes.get(id); }

    public List<Node> nodes() { return nodes; }

    /** The nodes {@code id} uses directly, in the order they are first written in its definition. */
    public int[] children(int id) { return children[id]; }

    /** The nodes that use {@code id} directly. */
    public int[] parents(int id) { return parents[id]; }

    /** Whether the edge {@code user -> children(user)[k]} is an identity (a bare term of a sum). */
    public boolean isIdentity(int user, int k) { return identity[user][k]; }

    /** Whether {@code user} uses {@code used} through a bare sum term only (Jacobian = identity). */
    public boolean isIdentityEdge(int user, int used) {
        int[] c = children[user];
        for (int k = 0; k < c.length; k++) if (c[k] == used) return identity[user][k];
        throw new IllegalArgumentException(node(user).name() + " does not use " + node(used).name());
    }

    private Formula.Coefficient[][] scale;

    void setScales(Formula.Coefficient[][] scale) { this.scale = scale; }

    /**
     * The coefficient {@code c} when the edge {@code user -> used} is {@code c I} (a scaled term of a sum,
     * {@code lambda h_p} in {@code s_q = lambda h_p + h_q}, or {@code -t}); null for an identity or a general
     * Jacobian.
     */
    public Formula.Coefficient scaleEdge(int user, int used) {
        int[] c = children[user];
        for (int k = 0; k < c.length; k++) if (c[k] == used) return scale == null ? null : scale[user][k];
        throw new IllegalArgumentException(node(user).name() + " does not use " + node(used).name());
    }

    public boolean hasEdge(int user, int used) {
        for (int c : children[user]) if (c == used) return true;
        return false;
    }

    public int loss() { return loss; }

    /** Every node, users before what they use (the loss first): a reverse topological order of the forward pass. */
    public int[] order() { return order; }

    public Integer id(NodeId name) { return byName.boxed(name); }

    /** Parameters in row order: the one nearest the loss first, as textbooks list gradients. */
    public List<Integer> parameters() {
        java.util.ArrayList<Integer> ps = new java.util.ArrayList<>();
        for (Node n : nodes) if (n.kind() == Kind.PARAM) ps.add(n.id());
        // Nearest user to the loss first; among one user's parameters, the order they are written in.
        ps.sort(java.util.Comparator.<Integer>comparingInt(this::firstUserRank)
                .thenComparingInt(p -> slot(p)));
        return ps;
    }

    private int firstUserRank(int p) {
        int best = Integer.MAX_VALUE;
        for (int u : parents[p]) best = Math.min(best, rank[u]);
        return best;
    }

    private int slot(int p) {
        if (parents[p].length == 0) return p;
        int[] c = children[parents[p][0]];
        for (int k = 0; k < c.length; k++) if (c[k] == p) return k;
        return 0;
    }
}
