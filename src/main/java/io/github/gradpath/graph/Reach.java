package io.github.gradpath.graph;

import java.util.ArrayDeque;

/** Reachability over use edges, by breadth-first search (no recursion, any depth). */
public final class Reach {
    private Reach() {}

    /** Nodes {@code root} depends on, itself included (down the use edges). */
    public static boolean[] from(ComputationGraph g, int root) {
        return bfs(g, root, true);
    }

    /** Nodes that depend on {@code target}, itself included (up the use edges). */
    public static boolean[] to(ComputationGraph g, int target) {
        return bfs(g, target, false);
    }

    private static boolean[] bfs(ComputationGraph g, int start, boolean down) {
        boolean[] seen = new boolean[g.size()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        seen[start] = true;
        queue.add(start);
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int w : down ? g.children(v) : g.parents(v)) {
                if (!seen[w]) {
                    seen[w] = true;
                    queue.add(w);
                }
            }
        }
        return seen;
    }
}
