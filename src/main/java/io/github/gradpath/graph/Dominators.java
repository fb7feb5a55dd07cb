package io.github.gradpath.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * The chain of nodes every path from {@code u} down to {@code v} passes through, in path order, ends included.
 * These are the cut points of the chain rule: {@code ∂u/∂v} is exactly the product of the total derivatives
 * between consecutive chain nodes, whatever the graph looks like between them.
 *
 * <p>One sweep over the topological order restricted to the region between {@code u} and {@code v}: a node
 * {@code d} is on every path exactly when, at its turn, every edge leaving the already-visited part ends at
 * {@code d}. Linear in the region, no recursion.
 */
public final class Dominators {
    private Dominators() {}

    public static int[] chain(ComputationGraph g, int u, int v) {
        return chain(g, u, v, Reach.from(g, u));
    }

    /**
     * As {@link #chain(ComputationGraph, int, int)}, with {@code below = Reach.from(g, u)} already known: the
     * factored form asks for the loss's chain to every weight, and searching down from the loss once is enough.
     */
    public static int[] chain(ComputationGraph g, int u, int v, boolean[] below) {
        boolean[] above = Reach.to(g, v);
        List<Integer> chain = new ArrayList<>();
        long crossing = 0; // edges from visited region nodes to unvisited ones
        int[] indegree = new int[g.size()];
        for (int x : g.order()) {
            if (!below[x] || !above[x]) continue;
            if (x != u && crossing == indegree[x]) chain.add(x);
            if (x == u) chain.add(x);
            crossing -= indegree[x];
            if (x == v) break;
            for (int c : g.children(x)) {
                if (below[c] && above[c]) {
                    indegree[c]++;
                    crossing++;
                }
            }
        }
        return chain.stream().mapToInt(Integer::intValue).toArray();
    }
}
