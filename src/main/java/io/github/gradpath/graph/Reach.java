package io.github.gradpath.graph;

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
        // Each node enters the queue at most once, so an int array of the graph's size is the whole queue (no
        // boxing: the factored form runs one search per weight, a million node visits at 1,000 layers).
        int[] queue = new int[g.size()];
        int head = 0, tail = 0;
        seen[start] = true;
        queue[tail++] = start;
        while (head < tail) {
            int v = queue[head++];
            for (int w : down ? g.children(v) : g.parents(v)) {
                if (!seen[w]) {
                    seen[w] = true;
                    queue[tail++] = w;
                }
            }
        }
        return seen;
    }
}
